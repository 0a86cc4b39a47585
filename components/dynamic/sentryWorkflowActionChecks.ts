import * as providerChecks from "./providerChecks";
import * as actionsModule from "./sentryWorkflowActions";
import type { SentryWorkflowActionInputs } from "./sentryWorkflowActions";

/**
 * `check` and error hints for a SentryWorkflow's actions (see sentryWorkflowActions.ts).
 * Closure rule as in vendors/sentry/sentryApi.ts: helpers are bound to locals, nothing here uses an import at run time.
 */

const isText = providerChecks.isText;
const slackKey = actionsModule.slackKey;

const pagerDutyPriorities = ["default", "critical", "warning", "error", "info"];
const opsgeniePriorities = ["P1", "P2", "P3", "P4", "P5"];

type Failures = ReturnType<typeof providerChecks.failureCollector>;

const isRecord = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === "object" && !Array.isArray(v);
const isDigits = (v: unknown): boolean => typeof v === "string" && /^\d+$/.test(v);

function checkSlack(input: Failures, list: unknown[]): void {
  const seen = new Set<string>();
  list.forEach((item, i) => {
    const at = `slack[${i}]`;
    input.expect(at, isRecord, `${at} must give integrationId and channel (channelId is optional)`, item);
    if (!isRecord(item)) return;
    input.expect(`${at}.integrationId`, isDigits, `${at}.integrationId must be the digits of the Slack integration's id`, item.integrationId);
    input.expect(`${at}.channel`, (v) => typeof v === "string" && /^#[^\s#@]{1,80}$/.test(v), `${at}.channel must be the channel's name with its '#', e.g. #alerts-checkout (up to 80 characters, no spaces)`, item.channel);
    input.expect(
      `${at}.channelId`,
      (v) => v === undefined || (typeof v === "string" && /^[CG][A-Z0-9]{8,}$/.test(v)),
      `${at}.channelId must be the Slack channel's id (C… or G…, e.g. C0123456789), or unset to let Sentry look the channel up by name`,
      item.channelId,
    );
    // Actions are matched by channel on update, so a channel listed twice would share one id.
    const key = slackKey(item.integrationId, item.channel);
    input.expect(`${at}.channel`, () => !seen.has(key), `${at}.channel ${String(item.channel)} is listed twice for Slack integration ${String(item.integrationId)}; list each channel once`, item.channel);
    seen.add(key);
  });
}

/** `check` for the actions: every problem of `pagerduty`, `opsgenie` and `slack`, each naming its field. */
export function checkActions(input: Failures, news: Record<string, unknown>): void {
  const pd = news.pagerduty;
  input.expect("pagerduty", isRecord, "pagerduty must give integrationId, rowId, serviceName and priority");
  // Checked field by field once it is an object (a whole unknown object is checked when known).
  if (isRecord(pd)) {
    input.expect("pagerduty.integrationId", isDigits, "pagerduty.integrationId must be the digits of the PagerDuty integration's id", pd.integrationId);
    input.expect("pagerduty.rowId", isDigits, "pagerduty.rowId must be the service-table row id (digits), e.g. a SentryServiceTableRow's rowId", pd.rowId);
    input.expect("pagerduty.serviceName", isText, "pagerduty.serviceName must be the PagerDuty service name Sentry shows", pd.serviceName);
    input.expect("pagerduty.priority", (v) => pagerDutyPriorities.includes(v as string), `pagerduty.priority must be one of ${pagerDutyPriorities.join(", ")}`, pd.priority);
  }
  const og = news.opsgenie;
  input.expect("opsgenie", (v) => v === undefined || isRecord(v), "opsgenie must give integrationId, teamRowId, teamName and priority, or be unset");
  if (isRecord(og)) {
    input.expect("opsgenie.integrationId", isDigits, "opsgenie.integrationId must be the digits of the Opsgenie integration's id", og.integrationId);
    input.expect(
      "opsgenie.teamRowId",
      (v) => typeof v === "string" && /^\d+-\S/.test(v),
      'opsgenie.teamRowId must be the id of the team\'s row in the Opsgenie integration\'s team table, "<id>-<team>", e.g. 42-Payments',
      og.teamRowId,
    );
    input.expect("opsgenie.teamName", isText, "opsgenie.teamName must be the team's label Sentry shows", og.teamName);
    input.expect("opsgenie.priority", (v) => opsgeniePriorities.includes(v as string), `opsgenie.priority must be one of ${opsgeniePriorities.join(", ")}`, og.priority);
  }
  input.expect("slack", (v) => v === undefined || Array.isArray(v), "slack must be a list of { integrationId, channel, channelId? }, or unset");
  if (Array.isArray(news.slack)) checkSlack(input, news.slack);
}

/**
 * A hint for Sentry's "Select a valid choice. X is not one of the available choices.": which
 * declared id X is, and where it must come from.
 */
export function missingChoiceHint(message: string, inputs: SentryWorkflowActionInputs): string {
  const value = /Select a valid choice\. (.*) is not one of the available choices\./.exec(message)?.[1];
  const pd = inputs.pagerduty;
  const og = inputs.opsgenie;
  if (value !== undefined && value === pd?.rowId) {
    return ` Hint: PagerDuty integration ${pd.integrationId} has no service-table row ${value}; create the SentryServiceTableRow first and pass its rowId.`;
  }
  if (value !== undefined && og && value === og.teamRowId) {
    return ` Hint: Opsgenie integration ${og.integrationId} has no team-table row "${value}"; add the team to that integration's team table in Sentry (Settings → Integrations → Opsgenie) and pass the row's id.`;
  }
  const named = [
    pd?.integrationId === value ? "pagerduty.integrationId" : undefined,
    og?.integrationId === value ? "opsgenie.integrationId" : undefined,
    ...(inputs.slack ?? []).map((s, i) => (s.integrationId === value ? `slack[${i}].integrationId` : undefined)),
  ].filter((n) => n !== undefined);
  if (value !== undefined && named.length > 0) {
    return ` Hint: ${named.join(", ")} (${value}) is not an installed integration of that kind in the organisation; find the id with GET /organizations/{org}/integrations/?providerKey=<pagerduty|opsgenie|slack>.`;
  }
  return " Hint: an integration id or target row the actions name is not in Sentry.";
}
