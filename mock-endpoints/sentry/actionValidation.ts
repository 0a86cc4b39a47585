import { createHash } from "node:crypto";
import { isObject } from "./apiContext";
import type { IntegrationProvider, Organisation } from "./state";

/** An action as sent in a workflow's action filter; `id` only when updating an existing one. */
export interface ActionInput {
  id?: string;
  type: string;
  integrationId: string | null;
  data: Record<string, unknown>;
  config: Record<string, unknown>;
}

/** `Action.Type` values of the workflow engine (`workflow_engine/models/action.py`). */
const actionTypes = [
  "email", "sms", "slack", "pagerduty", "opsgenie", "discord", "msteams", "github", "github_enterprise",
  "jira", "jira_server", "vsts", "azure_devops", "sentry_app", "plugin", "webhook",
];
/** Action types that post through an installed integration the mock models. */
const integrationActions: Partial<Record<string, IntegrationProvider>> = { pagerduty: "pagerduty", opsgenie: "opsgenie", slack: "slack" };
const priorities: Partial<Record<string, string[]>> = {
  pagerduty: ["default", "critical", "warning", "error", "info"],
  opsgenie: ["P1", "P2", "P3", "P4", "P5"],
};

/** Django's ChoiceField message, what Sentry's PagerDuty / Opsgenie forms give for an unknown account or service (unconfirmed for workflows). */
const notAChoice = (value: unknown): string => `Select a valid choice. ${String(value)} is not one of the available choices.`;
/** jsonschema's `enum` message, which Sentry returns for a config/data schema violation. */
const notOneOf = (value: unknown, allowed: string[]): string => `'${String(value)}' is not one of [${allowed.map((a) => `'${a}'`).join(", ")}]`;

type Result = { ok: true; action: ActionInput } | { ok: false; errors: Record<string, string[]> };

/** `strip_channel_name`: Python's `lstrip("@#")`, before Sentry looks a name up or compares it. */
const stripChannel = (name: string): string => name.replace(/^[#@]+/, "");

/**
 * A Slack action's target as `SlackActionValidatorHandler` settles it: it hands `targetDisplay`
 * (the channel name) and `targetIdentifier` (the channel id) to `SlackNotifyServiceForm` and
 * stores what the form cleaned. Form errors come back under `all`, prefixed `Slack: ` (so
 * Sentry's validator tests show; their nesting in a workflow's body is unconfirmed).
 * - No id: Sentry looks the name up in the workspace (`get_channel_id`: conversations, then
 *   users) and stores Slack's id, the name as `#name` (`@name` for a member). The mock has no
 *   workspace, so every name exists, with a fake id stable per integration and name. Real Sentry
 *   refuses a name it cannot find (`The resource "x" does not exist or has not been granted
 *   access in the … Slack workspace.`), which the mock never does.
 * - An id: Sentry asks Slack (`conversations.info`) whether the id is that channel and refuses a
 *   mismatch (`Received channel name x does not match inputted channel name y.`); the mock cannot
 *   tell, and accepts it. The form then stores the name without its `#` (no lookup ran, so its
 *   prefix stays ""): read in `integrations/slack/actions/form.py`, unconfirmed for today's Sentry.
 * - No name: `Channel name is a required field.` with an id; without one, the form's required
 *   `channel` field (that key: unconfirmed).
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/notifications/notification_action/action_validation.py
 */
function slackTarget(integrationId: string, config: Record<string, unknown>): { ok: true; display: string; identifier: string } | { ok: false; errors: Record<string, string[]> } {
  const name = typeof config.targetDisplay === "string" ? config.targetDisplay.trim() : "";
  const id = config.targetIdentifier === undefined || config.targetIdentifier === null ? "" : String(config.targetIdentifier).trim();
  if (name === "") return { ok: false, errors: id ? { all: ["Slack: Channel name is a required field."] } : { channel: ["This field is required."] } };
  if (id) return { ok: true, display: stripChannel(name), identifier: id };
  const member = name.startsWith("@");
  const hash = createHash("sha256").update(`${integrationId}/${stripChannel(name)}`).digest("hex").slice(0, 10).toUpperCase();
  return { ok: true, display: `${member ? "@" : "#"}${stripChannel(name)}`, identifier: `${member ? "U" : "C"}${hash}` };
}

/**
 * One action of an action filter, as `BaseActionValidator` and the integration's own checks
 * see it: a known `type`, `data` and `config` objects, and for PagerDuty / Opsgenie / Slack an
 * `integrationId` of an installed integration of that provider whose service table (or team
 * table) holds `config.targetIdentifier`; for Slack a channel Sentry can resolve (`slackTarget`).
 */
export function validateAction(org: Organisation, raw: unknown): Result {
  if (!isObject(raw)) return { ok: false, errors: { nonFieldErrors: [`Invalid data. Expected a dictionary, but got ${typeof raw}.`] } };
  const errors: Record<string, string[]> = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  if (raw.type === undefined) add("type", "This field is required.");
  else if (!actionTypes.includes(String(raw.type))) add("type", `"${String(raw.type)}" is not a valid choice.`);
  for (const field of ["data", "config"] as const) {
    if (raw[field] === undefined) add(field, "This field is required.");
    else if (!isObject(raw[field])) add(field, `'${String(raw[field])}' is not of type 'object'`);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };

  const type = String(raw.type);
  const data = raw.data as Record<string, unknown>;
  const config = { ...(raw.config as Record<string, unknown>) };
  const integrationId = raw.integrationId === undefined || raw.integrationId === null ? null : String(raw.integrationId);
  const provider = integrationActions[type];
  if (provider) {
    const integration = integrationId === null ? undefined : org.integrations.get(integrationId);
    if (!integration || integration.provider !== provider) return { ok: false, errors: { integrationId: [notAChoice(raw.integrationId)] } };
    if (config.targetType !== "specific") return { ok: false, errors: { config: [notOneOf(config.targetType, ["specific"])] } };
    if (provider === "slack") {
      const slack = slackTarget(integration.id, config);
      if (!slack.ok) return { ok: false, errors: slack.errors };
      Object.assign(config, { targetDisplay: slack.display, targetIdentifier: slack.identifier });
    } else {
      const target = config.targetIdentifier === undefined || config.targetIdentifier === null ? "" : String(config.targetIdentifier);
      const rows = provider === "pagerduty" ? integration.serviceTable.map((r) => String(r.id)) : integration.teamTable.map((r) => r.id);
      if (!rows.includes(target)) return { ok: false, errors: { config: [notAChoice(target || undefined)] } };
      // Sentry stores and echoes the target as a string, whatever the client sent.
      config.targetIdentifier = target;
    }
  }
  const allowed = priorities[type];
  if (allowed && data.priority !== undefined && !allowed.includes(String(data.priority))) return { ok: false, errors: { data: [notOneOf(data.priority, allowed)] } };

  const id = raw.id === undefined || raw.id === null ? undefined : String(raw.id);
  return { ok: true, action: { id, type, integrationId, data, config } };
}
