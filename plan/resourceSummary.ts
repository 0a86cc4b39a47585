import type { PlannedResource } from "./evaluateStack";

/** A resource type as a person reads it: `pagerduty Service` for `pagerduty:index/service:Service`. */
export function shortType(type: string): string {
  if (type.startsWith("pulumi:providers:")) return `${type.slice("pulumi:providers:".length)} provider`;
  // Dynamic providers register as pulumi-nodejs:dynamic/<module>:<Type>.
  const dynamic = /^pulumi-nodejs:dynamic\/([^:]+):(.+)$/.exec(type);
  if (dynamic) return `${dynamic[1]} ${dynamic[2]} (dynamic)`;
  const [pkg, module, name] = type.split(":");
  const area = module?.split("/")[0];
  return area && area !== "index" ? `${pkg} ${area} ${name}` : `${pkg} ${name}`;
}

const show = (value: unknown): string => (typeof value === "string" ? JSON.stringify(value) : JSON.stringify(value ?? null));

type Summarize = (inputs: Record<string, any>) => string[];

/** The settings worth reading in a plan, per resource type; the rest are defaults. */
const summaries: Record<string, Summarize> = {
  "pulumi:providers:pagerduty": (i) => [`region ${i.serviceRegion ?? "us"}`, i.userToken ? "token, userToken: secret" : "token: secret"],
  "pulumi:providers:sentry": (i) => [`baseUrl ${i.baseUrl}`, "token: secret"],
  "pagerduty:index/slackConnection:SlackConnection": (i) => [
    `channel ${i.channelId} of workspace ${i.workspaceId}`,
    `service ${i.sourceId}`,
    `${i.notificationType}: ${(i.configs?.[0]?.events ?? []).join(", ")}`,
  ],
  "pulumi-nodejs:dynamic/sentry:ServiceTableRow": (i) => [`row ${show(i.service)} in org ${i.organization}`, `PagerDuty integration ${i.integrationId}`, "routing key: secret"],
  "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow": (i) => [`row ${show(i.team)} in org ${i.organization}`, `Opsgenie integration ${i.integrationId}`, "API key: secret"],
  "pulumi-nodejs:dynamic/sentry:Workflow": (i) => [
    `project ${i.project}, ${i.environment ? `environment ${i.environment}` : "every environment"}`,
    `on new and regressed issues, at most every ${i.frequencyMinutes} min`,
    `→ PagerDuty ${show(i.pagerduty?.serviceName)} (${i.pagerduty?.priority}), row ${i.pagerduty?.rowId}`,
    ...(i.opsgenie ? [`→ Opsgenie ${show(i.opsgenie.teamName)} (${i.opsgenie.priority}), row ${i.opsgenie.teamRowId}`] : []),
    ...((i.slack ?? []) as { channel: string }[]).map((s) => `→ Slack ${s.channel}`),
  ],
  "sentry:index/sentryIssueAlert:SentryIssueAlert": (i) => [
    `project ${i.project}, ${i.environment ? `environment ${i.environment}` : "every environment"} (legacy rules API)`,
    `on new and regressed issues, at most every ${i.frequency} min`,
    ...((i.actions ?? []) as Record<string, string>[]).map((a) => `→ ${String(a.id).split(".")[2] ?? a.id}`),
  ],
  "sentry:index/sentryPlugin:SentryPlugin": (i) => [`project ${i.project}: ${i.plugin} plugin`, "→ Datadog's Sentry intake (URL with the API key: secret)"],
  "pulumi:providers:datadog": (i) => [`apiUrl ${i.apiUrl}`, "apiKey, appKey: secret"],
  "pagerduty:index/escalationPolicy:EscalationPolicy": (i) => [
    `name ${show(i.name)}`,
    `loops ${i.numLoops ?? 0}`,
    ...(i.rules as { escalationDelayInMinutes: number; targets: { type: string; id: string }[] }[]).map(
      (rule, n) => `rule ${n + 1}: ${rule.targets.map((t) => `${t.type.replace("_reference", "")} ${t.id}`).join(", ")}, escalate after ${rule.escalationDelayInMinutes} min`,
    ),
  ],
  "pagerduty:index/service:Service": (i) => [
    `name ${show(i.name)}`,
    `escalation policy ${i.escalationPolicy}`,
    `urgency ${i.incidentUrgencyRule?.urgency}`,
  ],
  "pagerduty:index/serviceIntegration:ServiceIntegration": (i) => [`type ${i.type}`, `name ${show(i.name)}`, "integration key: secret output"],
  "datadog:pagerduty/integration:Integration": (i) => [`subdomain ${i.subdomain}`, `schedules ${(i.schedules ?? []).length}`],
  "datadog:pagerduty/serviceObject:ServiceObject": (i) => [`service ${show(i.serviceName)}`, "service key: secret"],
  "datadog:slack/channel:Channel": (i) => [`account ${i.accountName}, channel ${i.channelName}`],
  "pulumi-nodejs:dynamic/opsgenie:Team": (i) => [`name ${show(i.name)}`, i.adopt ? "adopted (not owned)" : "created", `on ${i.apiUrl}`],
  "pulumi-nodejs:dynamic/opsgenie:ApiIntegration": (i) => [`name ${show(i.name)}`, `team ${i.teamId}`, "API key: secret output"],
  "datadog:opsgenie/serviceObject:ServiceObject": (i) => [`service ${show(i.name)}`, `region ${i.region}`, "API key: secret"],
  "pulumi-nodejs:dynamic/splunk:HecToken": (i) => [
    `name ${show(i.name)}`,
    `index ${i.defaultIndex} (allowed: ${(i.allowedIndexes as string[]).join(", ")})`,
    `created on ${i.managementUrl}${i.insecureTls ? " (TLS not verified: dev)" : ""}`,
    "token: secret output",
  ],
  "datadog:index/monitor:Monitor": (i) => [
    `${show(i.name)}`,
    `draft_status ${i.draftStatus}`,
    `message ${show(i.message)}`,
    `priority ${i.priority}, critical ${i.monitorThresholds?.critical}, notify_no_data ${i.notifyNoData}`,
    `tags ${(i.tags as string[]).join(", ")}`,
  ],
};

/** The lines that describe a resource's key settings in the plan. */
export function summarize(resource: PlannedResource): string[] {
  const summary = summaries[resource.type];
  return summary ? summary(resource.inputs) : [];
}
