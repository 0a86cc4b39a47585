/**
 * What our dynamic providers made, read back from the mocks' state and put in one comparable
 * shape, beside what a stack's settings say should be there. A rehearsal step compares the two
 * with a deep equality, so an extra row, a missing workflow or a row left holding an old key
 * all show in the difference.
 */
import { opsgenieIntegrationName } from "../config/naming";
import type { ServiceSettings, StackSettings } from "../config/stackSettings";
import { MockControl } from "../mock-endpoints/controlClient";
import type { RunningMocks } from "../mock-endpoints/startMocks";
import { sentryIntegrationIds } from "./mockWorld";

export interface Inventory {
  /** Rows of Sentry's PagerDuty service table and Opsgenie team table. */
  sentryRows: { table: "pagerduty" | "opsgenie"; name: string; key: string }[];
  /** Workflows, each action named by the row (or channel) it targets, not by id. */
  sentryWorkflows: { name: string; environment: string | null; actions: string[] }[];
  opsgenieTeams: string[];
  opsgenieIntegrations: { name: string; team: string; key: string }[];
  splunkTokens: { name: string; index: string; indexes: string[] }[];
}

interface SentryRow {
  id: number | string;
  service?: string;
  team?: string;
  integration_key: string;
}
interface SentryState {
  organizations: {
    integrations: { id: string; configData?: { service_table?: SentryRow[]; team_table?: SentryRow[] } }[];
    workflows: {
      name: string;
      environment: string | null;
      actionFilters: { actions: { type: string; config?: { targetIdentifier?: unknown; targetDisplay?: unknown } }[] }[];
    }[];
  }[];
}
interface OpsgenieState {
  teams: { id: string; name: string }[];
  integrations: { name: string; apiKey: string; ownerTeam?: { id: string; name: string } }[];
}
interface SplunkState {
  tokens: { name: string | null; index: string; indexes: string[] }[];
}

const byText = <T>(items: T[]): T[] => items.sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));

async function stateOf<T>(mocks: RunningMocks, service: keyof RunningMocks["urls"]): Promise<T> {
  return new MockControl(mocks.urls[service] ?? "").state<T>();
}

export async function readInventory(mocks: RunningMocks): Promise<Inventory> {
  const [sentry, opsgenie, splunk] = await Promise.all([
    stateOf<SentryState>(mocks, "sentry"),
    stateOf<OpsgenieState>(mocks, "opsgenie"),
    stateOf<SplunkState>(mocks, "splunk"),
  ]);
  const integrations = sentry.organizations.flatMap((o) => o.integrations);
  const table = (id: string, name: "service_table" | "team_table") => integrations.find((i) => i.id === id)?.configData?.[name] ?? [];
  const pagerdutyRows = table(sentryIntegrationIds.pagerduty, "service_table");
  const opsgenieRows = table(sentryIntegrationIds.opsgenie, "team_table");
  const rowName = (rows: SentryRow[], id: unknown) => {
    const row = rows.find((r) => String(r.id) === String(id));
    return row ? (row.service ?? row.team ?? "") : `(no row ${String(id)})`;
  };
  const actionTarget = (action: SentryState["organizations"][number]["workflows"][number]["actionFilters"][number]["actions"][number]) => {
    const target = action.config?.targetIdentifier;
    if (action.type === "pagerduty") return `pagerduty → ${rowName(pagerdutyRows, target)}`;
    if (action.type === "opsgenie") return `opsgenie → ${rowName(opsgenieRows, target)}`;
    return `${action.type} → ${String(action.config?.targetDisplay ?? target).replace(/^#/, "")}`;
  };
  const teamName = new Map(opsgenie.teams.map((t) => [t.id, t.name]));
  return {
    sentryRows: byText([
      ...pagerdutyRows.map((r) => ({ table: "pagerduty" as const, name: r.service ?? "", key: r.integration_key })),
      ...opsgenieRows.map((r) => ({ table: "opsgenie" as const, name: r.team ?? "", key: r.integration_key })),
    ]),
    sentryWorkflows: byText(
      sentry.organizations.flatMap((o) =>
        o.workflows.map((w) => ({ name: w.name, environment: w.environment, actions: w.actionFilters.flatMap((f) => f.actions.map(actionTarget)).sort() })),
      ),
    ),
    opsgenieTeams: opsgenie.teams.map((t) => t.name).sort(),
    opsgenieIntegrations: byText(opsgenie.integrations.map((i) => ({ name: i.name, team: i.ownerTeam ? (teamName.get(i.ownerTeam.id) ?? i.ownerTeam.name) : "", key: i.apiKey }))),
    splunkTokens: byText(splunk.tokens.map((t) => ({ name: t.name ?? "", index: t.index, indexes: [...t.indexes].sort() }))),
  };
}

export interface ExpectedState {
  /** The routing key each service's row must hold. */
  routingKeyOf: (serviceName: string) => string;
  /** Whether the stack's routing (the workflows) should be there. */
  routing: boolean;
  /** After a destroy: only what the stack retains (prod) or nothing it made (dev, staging). */
  destroyed?: boolean;
}

/**
 * What the settings say our dynamic providers should have made. Keys the mocks generate (an
 * Opsgenie integration's) are taken from `found`: the check is then that the Sentry team row
 * holds the very key of that integration.
 */
export function expectedInventory(settings: StackSettings, found: Inventory, expected: ExpectedState): Inventory {
  const kept = !expected.destroyed || settings.retainCredentialsOnDelete;
  const integrationName = (s: ServiceSettings) => opsgenieIntegrationName(s.pagerdutyServiceName, s.opsgenie?.team ?? "");
  const foundKey = (s: ServiceSettings) => found.opsgenieIntegrations.find((i) => i.name === integrationName(s))?.key ?? "(no integration)";
  const sentryServices = settings.sentry ? settings.services.filter((s) => s.sentry) : [];
  const opsgenieServices = settings.opsgenie ? settings.services.filter((s) => s.opsgenie) : [];
  const adopted = new Set(settings.services.flatMap((s) => (s.opsgenie?.adoptTeam ? [s.opsgenie.team] : [])));
  const created = new Set(opsgenieServices.flatMap((s) => (s.opsgenie && !s.opsgenie.adoptTeam ? [s.opsgenie.team] : [])));
  return {
    sentryRows: kept
      ? byText([
          ...sentryServices.map((s) => ({ table: "pagerduty" as const, name: s.pagerdutyServiceName, key: expected.routingKeyOf(s.name) })),
          ...sentryServices.filter((s) => s.opsgenie && settings.opsgenie).map((s) => ({ table: "opsgenie" as const, name: s.pagerdutyServiceName, key: foundKey(s) })),
        ])
      : [],
    sentryWorkflows:
      expected.routing && !expected.destroyed && settings.sentry?.alerting === "workflows"
        ? byText(
            sentryServices.map((s) => ({
              name: `operator-wiring: ${s.pagerdutyServiceName}`,
              environment: s.sentry?.environment ?? null,
              actions: [
                `pagerduty → ${s.pagerdutyServiceName}`,
                ...(s.opsgenie && settings.opsgenie ? [`opsgenie → ${s.pagerdutyServiceName}`] : []),
                ...s.slackRoutes.map((r) => `slack → ${r.channel.replace(/^#/, "")}`),
              ].sort(),
            })),
          )
        : [],
    opsgenieTeams: [...new Set([...adopted, ...(kept ? created : [])])].sort(),
    opsgenieIntegrations: kept
      ? byText(opsgenieServices.map((s) => ({ name: integrationName(s), team: s.opsgenie?.team ?? "", key: foundKey(s) })))
      : [],
    splunkTokens:
      kept && settings.splunk && "create" in settings.splunk.token
        ? [{ name: settings.splunk.token.create.name, index: settings.splunk.index, indexes: [...settings.splunk.allowedIndexes].sort() }]
        : [],
  };
}
