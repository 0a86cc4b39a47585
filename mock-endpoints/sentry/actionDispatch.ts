import { keyTail } from "../core/hopLog";
import type { PeerReply } from "../core/peers";
import { linksOf } from "../core/stateLinks";
import type { AlertAction, FiredAlert } from "./alertRules";
import { storedTags, tagList } from "./eventRecord";
import type { IngestedEvent, Issue, Organisation, Project, SentryState } from "./state";

/** Sentry's `LEVEL_SEVERITY_MAP`, for the `default` PagerDuty severity (the issue's level decides). */
const levelSeverity: Record<string, string> = { debug: "info", info: "info", warning: "warning", error: "error", fatal: "critical" };

const issueUrl = (org: Organisation, issue: Issue, referrer: string) => `https://${org.slug}.sentry.io/issues/${issue.id}/?referrer=${referrer}`;

/** The event as `ExternalEventSerializer` gives it to the integrations (the fields the mock knows). */
function externalEvent(entry: IngestedEvent, issue: Issue): Record<string, unknown> {
  const { record } = entry;
  return {
    groupID: issue.id,
    eventID: entry.eventId,
    project: entry.projectId,
    release: record.release ?? null,
    platform: "other",
    message: record.message ?? "",
    title: issue.title,
    datetime: record.receivedAt,
    tags: tagList(record),
  };
}

/**
 * The PagerDuty trigger Sentry sends (`build_pagerduty_event_payload`): the row's routing key,
 * the issue's qualified short id as the dedup key, summary the message or else the title.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/pagerduty/client.py
 */
function pagerdutyPayload(org: Organisation, project: Project, issue: Issue, entry: IngestedEvent, routingKey: string, severity: string): Record<string, unknown> {
  const details = externalEvent(entry, issue);
  const url = issueUrl(org, issue, "pagerduty_integration");
  return {
    routing_key: routingKey,
    event_action: "trigger",
    payload: {
      summary: (String(details.message).slice(0, 1024) || issue.title).slice(0, 1024),
      severity: severity === "default" ? (levelSeverity[issue.level] ?? "error") : severity,
      source: issue.culprit || "<unknown>",
      custom_details: details,
      component: project.slug,
    },
    client: "sentry",
    client_url: url,
    dedup_key: issue.shortId,
    links: [{ href: url, text: "View Sentry Issue Details" }],
  };
}

/**
 * The Opsgenie alert Sentry sends for an issue alert (`OpsgenieClient._get_issue_alert_payload`).
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/opsgenie/client.py
 */
function opsgeniePayload(org: Organisation, project: Project, issue: Issue, entry: IngestedEvent, alert: FiredAlert, priority: string): Record<string, unknown> {
  return {
    message: entry.record.message || issue.title,
    source: "Sentry",
    priority,
    alias: `sentry: ${issue.id}`,
    entity: issue.culprit,
    tags: Object.entries(storedTags(entry.record)).map(([key, value]) => `${key.replace(/,/g, "")}:${value.replace(/,/g, "")}`),
    details: {
      "Sentry ID": issue.id,
      "Sentry Group": issue.title,
      "Project ID": project.slug,
      "Project Name": project.slug,
      Level: issue.level,
      "Issue URL": issueUrl(org, issue, "opsgenie"),
      "Triggering Rules": alert.name,
      Release: entry.record.release ?? "",
    },
  };
}

/** Sentry's Slack issue alert (`chat.postMessage` through its Slack app; blocks in the spirit of SlackIssuesMessageBuilder). */
function slackPayload(org: Organisation, issue: Issue, entry: IngestedEvent, channel: string): Record<string, unknown> {
  const environment = entry.record.environment;
  return {
    channel,
    text: issue.title,
    unfurl_links: false,
    unfurl_media: false,
    blocks: [
      { type: "section", text: { type: "mrkdwn", text: `<${issueUrl(org, issue, "slack")}|*${issue.title}*>` } },
      ...(issue.culprit ? [{ type: "section", text: { type: "mrkdwn", text: `\`\`\`${issue.culprit}\`\`\`` } }] : []),
      { type: "context", elements: [{ type: "mrkdwn", text: `${issue.shortId}${environment ? ` | environment: ${environment}` : ""}` }] },
    ],
  };
}

/** One line for what the peer answered: its status and, for a refusal, the vendor's own reason. */
function answered(reply: PeerReply): { ok: boolean; detail: string } {
  if ("error" in reply) return { ok: false, detail: reply.error };
  const ok = reply.status >= 200 && reply.status < 300;
  let reason = reply.text.replace(/\s+/g, " ").slice(0, 200);
  try {
    const body = JSON.parse(reply.text) as { errors?: unknown; message?: unknown; detail?: unknown };
    const errors = Array.isArray(body.errors) ? body.errors.join("; ") : undefined;
    reason = String(ok ? (body.message ?? reason) : (errors || body.message || body.detail || reason));
  } catch {
    // Not JSON: the text as it came.
  }
  return { ok, detail: `${reply.status} ${reason}` };
}

/**
 * Sends one action of a fired alert through the other mocks, as Sentry sends it: PagerDuty through
 * the service-table row's routing key, Opsgenie through the team-table row's key to the
 * installation's own `base_url`, Slack to the channel through Sentry's Slack app. A row or an
 * installation that is gone breaks the hop before anything is sent; each send's answer is the hop.
 */
export function dispatchAction(state: SentryState, org: Organisation, project: Project, issue: Issue, entry: IngestedEvent, alert: FiredAlert, action: AlertAction): void {
  const links = linksOf(state);
  if (!links) return;
  const hop = (step: string, outcome: "done" | "failed", detail: string) => links.hops.record(entry.correlationId, step, outcome, detail);
  const integration = org.integrations.get(action.integrationId);
  const from = `${alert.source} "${alert.name}"`;
  if (!integration || integration.provider !== action.kind) {
    hop(`${action.kind} action`, "failed", `${from} names ${action.kind} integration ${action.integrationId}, which the organization does not have installed`);
    return;
  }
  if (action.kind === "pagerduty") {
    const row = integration.serviceTable.find((r) => String(r.id) === action.rowId);
    const step = `PagerDuty action → service-table row ${row ? `"${row.service}" ` : ""}(${action.rowId})`;
    if (!row) return void hop(step, "failed", `${from} pages row ${action.rowId}, which the PagerDuty integration's service table no longer has`);
    const body = pagerdutyPayload(org, project, issue, entry, row.integration_key, action.severity);
    void links.peers.post("pagerduty", "/v2/enqueue", body, {}, entry.correlationId).then((reply) => {
      const { ok, detail } = answered(reply);
      hop(step, ok ? "done" : "failed", `${ok ? "sent" : "refused"} with routing key ${keyTail(row.integration_key)}, dedup key ${issue.shortId}: PagerDuty answered ${detail}`);
    });
    return;
  }
  if (action.kind === "opsgenie") {
    const row = integration.teamTable.find((r) => r.id === action.teamRowId);
    const step = `Opsgenie action → team-table row ${row ? `"${row.team}" ` : ""}(${action.teamRowId})`;
    if (!row) return void hop(step, "failed", `${from} alerts row ${action.teamRowId}, which the Opsgenie integration's team table no longer has`);
    const base = integration.baseUrl ?? (links.peers.url("opsgenie") ? `${links.peers.url("opsgenie")}/` : undefined);
    if (!base) return void hop(step, "failed", "the Opsgenie installation has no base_url to send to");
    const body = opsgeniePayload(org, project, issue, entry, alert, action.priority);
    void links.peers.post(new URL(base), "/v2/alerts", body, { authorization: `GenieKey ${row.integration_key}` }, entry.correlationId).then((reply) => {
      const { ok, detail } = answered(reply);
      hop(step, ok ? "done" : "failed", `${ok ? "sent" : "refused"} with key ${keyTail(row.integration_key)}: Opsgenie answered ${detail}`);
    });
    return;
  }
  const channel = action.channelId || action.channelName;
  // Sentry stores a channel given by id under its bare name, one looked up by name as `#name`.
  const name = action.channelName ? `#${action.channelName.replace(/^#/, "")}` : "";
  const step = `Slack action → ${name || action.channelId}${name && action.channelId ? ` (${action.channelId})` : ""}`;
  const body = slackPayload(org, issue, entry, channel);
  void links.peers.postSlackMessage(integration.externalId, "sentry", body, entry.correlationId).then(({ reply, answer }) => {
    if (answer.ok) return hop(step, "done", `posted in workspace "${integration.name}"`);
    hop(step, "failed", `Slack refused: ${answer.error ?? answered(reply).detail}`);
  });
}
