import { sentryList, sentryPaths } from "../../vendors/sentry/sentryLists";
import type { Inventory, SentryAlertRecord } from "../inventory";
import { ruleActionRecords, workflowActionRecords } from "../sentryAlertActions";

export interface SentryTarget {
  apiUrl: string;
  token: string;
  organization: string;
}

type Row = { id?: unknown; service?: unknown; team?: unknown; integration_key?: unknown };
type Installed = { id?: unknown; name?: unknown; provider?: { key?: unknown }; configData?: { service_table?: Row[]; team_table?: Row[] } | null };
type Workflow = {
  id?: unknown;
  name?: unknown;
  enabled?: unknown;
  environment?: unknown;
  detectorIds?: unknown[];
  actionFilters?: { actions?: { type: string; integrationId?: unknown; config?: Record<string, unknown> }[] }[];
};
type Rule = { id?: unknown; name?: unknown; status?: unknown; environment?: unknown; actions?: Record<string, unknown>[] };

/**
 * A Sentry organization's part of the inventory: the PagerDuty service table and the Opsgenie
 * team table (from the installed integrations), the Slack workspaces, the workflows (each tied
 * to projects through its detectors) and every project's legacy rules. A project whose rules API
 * answers 410 (a brown-out) or 404 has none to show.
 */
export async function readSentry(target: SentryTarget): Promise<Inventory["sentry"]> {
  const list = (path: string) => sentryList({ apiUrl: target.apiUrl, path, token: target.token });
  const org = target.organization;
  const [pagerduty, opsgenie, slack, projects, detectors, workflows] = (await Promise.all([
    list(sentryPaths.integrations(org, "pagerduty")),
    list(sentryPaths.integrations(org, "opsgenie")),
    list(sentryPaths.integrations(org, "slack", false)),
    list(sentryPaths.projects(org)),
    list(sentryPaths.detectors(org)),
    list(sentryPaths.workflows(org)),
  ])) as [Installed[], Installed[], Installed[], { id: unknown; slug: string }[], { id: unknown; projectId: unknown }[], Workflow[]];

  const rows = (installed: Installed[], provider: string, table: "service_table" | "team_table", label: "service" | "team") =>
    installed
      .filter((i) => i.provider?.key === provider)
      .flatMap((i) => i.configData?.[table] ?? [])
      .map((r) => ({ id: String(r.id), label: String(r[label] ?? ""), key: String(r.integration_key ?? "") }));
  const slugOf = new Map(projects.map((p) => [String(p.id), p.slug]));
  const projectOfDetector = new Map(detectors.map((d) => [String(d.id), slugOf.get(String(d.projectId)) ?? `project ${String(d.projectId)}`]));

  const alerts: SentryAlertRecord[] = workflows.map((w) => ({
    id: String(w.id),
    name: String(w.name),
    api: "workflows",
    enabled: w.enabled !== false,
    environment: typeof w.environment === "string" ? w.environment : null,
    projects: [...new Set((w.detectorIds ?? []).map((d) => projectOfDetector.get(String(d)) ?? `detector ${String(d)}`))],
    actions: workflowActionRecords((w.actionFilters ?? []).flatMap((f) => f.actions ?? [])),
  }));
  for (const project of projects) {
    let rules: Rule[];
    try {
      rules = (await list(sentryPaths.rules(org, project.slug))) as Rule[];
    } catch (error) {
      if ([404, 410].includes((error as { status?: number }).status ?? 0)) continue;
      throw error;
    }
    for (const rule of rules) {
      alerts.push({
        id: String(rule.id),
        name: String(rule.name),
        api: "rules",
        enabled: rule.status !== "disabled",
        environment: typeof rule.environment === "string" ? rule.environment : null,
        projects: [project.slug],
        actions: ruleActionRecords(rule.actions ?? []),
      });
    }
  }
  return {
    organization: org,
    slackWorkspaces: Object.fromEntries(slack.filter((i) => i.provider?.key === "slack").map((i) => [String(i.id), String(i.name)])),
    pagerdutyRows: rows(pagerduty, "pagerduty", "service_table", "service"),
    opsgenieRows: rows(opsgenie, "opsgenie", "team_table", "team"),
    alerts,
  };
}
