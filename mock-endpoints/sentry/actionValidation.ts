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

/**
 * One action of an action filter, as `BaseActionValidator` and the integration's own checks
 * see it: a known `type`, `data` and `config` objects, and for PagerDuty / Opsgenie / Slack an
 * `integrationId` of an installed integration of that provider whose service table (or team
 * table) holds `config.targetIdentifier`.
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
    const target = config.targetIdentifier === undefined || config.targetIdentifier === null ? "" : String(config.targetIdentifier);
    const rows = provider === "pagerduty" ? integration.serviceTable.map((r) => String(r.id)) : provider === "opsgenie" ? integration.teamTable.map((r) => r.id) : undefined;
    if (rows && !rows.includes(target)) return { ok: false, errors: { config: [notAChoice(target || undefined)] } };
    // Sentry stores and echoes the target as a string, whatever the client sent.
    config.targetIdentifier = target;
  }
  const allowed = priorities[type];
  if (allowed && data.priority !== undefined && !allowed.includes(String(data.priority))) return { ok: false, errors: { data: [notOneOf(data.priority, allowed)] } };

  const id = raw.id === undefined || raw.id === null ? undefined : String(raw.id);
  return { ok: true, action: { id, type, integrationId, data, config } };
}
