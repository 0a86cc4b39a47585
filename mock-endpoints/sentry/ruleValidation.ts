import { isObject } from "./apiContext";
import type { Organisation, RuleInput } from "./state";

/** DRF field errors, `{"field": ["message"]}`. */
export type FieldErrors = Record<string, string[]>;

const matches = ["all", "any", "none"];
const pagerDutyAction = "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction";
const opsgenieAction = "sentry.integrations.opsgenie.notify_action.OpsgenieNotifyTeamAction";

/** Django's ChoiceField message, which the rule forms give for an account or service Sentry does not offer. */
const notAChoice = (value: unknown): string => `Select a valid choice. ${String(value)} is not one of the available choices.`;

/** A PagerDuty / Opsgenie action must name an installed integration (`account`) and one of its table rows. */
function actionProblem(org: Organisation, action: unknown): string | undefined {
  if (!isObject(action) || typeof action.id !== "string") return "Each action needs an \"id\".";
  const provider = action.id === pagerDutyAction ? "pagerduty" : action.id === opsgenieAction ? "opsgenie" : undefined;
  if (!provider) return undefined;
  const integration = org.integrations.get(String(action.account));
  if (!integration || integration.provider !== provider) return notAChoice(action.account);
  if (provider === "pagerduty") {
    return integration.serviceTable.some((row) => String(row.id) === String(action.service)) ? undefined : notAChoice(action.service);
  }
  return integration.teamTable.some((row) => row.id === String(action.team)) ? undefined : notAChoice(action.team);
}

/**
 * Validates a legacy rule body as `ProjectRulesPostSerializer` / the endpoint do, collecting
 * every field error (DRF style). Messages are DRF's and Sentry's (`api/endpoints/project_rules.py`);
 * the action-form texts are unconfirmed.
 */
export function validateRule(org: Organisation, body: Record<string, unknown>): { ok: true; rule: RuleInput } | { ok: false; errors: FieldErrors } {
  const errors: FieldErrors = {};
  const add = (field: string, message: string) => (errors[field] ??= []).push(message);

  if (body.name === undefined || body.name === null) add("name", "This field is required.");
  else if (typeof body.name !== "string" || body.name.trim() === "") add("name", "This field may not be blank.");
  else if (body.name.length > 256) add("name", "Ensure this field has no more than 256 characters.");

  if (body.actionMatch === undefined) add("actionMatch", "This field is required.");
  else if (!matches.includes(String(body.actionMatch))) add("actionMatch", `"${String(body.actionMatch)}" is not a valid choice.`);
  if (body.filterMatch !== undefined && body.filterMatch !== null && !matches.includes(String(body.filterMatch))) {
    add("filterMatch", `"${String(body.filterMatch)}" is not a valid choice.`);
  }

  if (body.frequency === undefined) add("frequency", "This field is required.");
  else if (!Number.isInteger(Number(body.frequency)) || body.frequency === "" || typeof body.frequency === "boolean") add("frequency", "A valid integer is required.");
  else if (Number(body.frequency) < 5) add("frequency", "Ensure this value is greater than or equal to 5.");
  else if (Number(body.frequency) > 43200) add("frequency", "Ensure this value is less than or equal to 43200.");

  const environment = body.environment ?? null;
  if (environment !== null && (typeof environment !== "string" || !org.environments.has(environment))) {
    // An environment exists once an event used it; until then Sentry refuses rules that name it.
    add("environment", "This environment has not been created.");
  }

  for (const field of ["conditions", "filters", "actions"] as const) {
    if (body[field] !== undefined && !Array.isArray(body[field])) add(field, `Expected a list of items but got type "${typeof body[field]}".`);
  }
  const actions = Array.isArray(body.actions) ? body.actions : [];
  for (const action of actions) {
    const problem = actionProblem(org, action);
    if (problem) add("actions", problem);
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  if (actions.length === 0) return { ok: false, errors: { actions: ["You must add an action for this alert to fire."] } };

  return {
    ok: true,
    rule: {
      name: body.name as string,
      actionMatch: String(body.actionMatch),
      filterMatch: body.filterMatch === undefined || body.filterMatch === null ? null : String(body.filterMatch),
      frequency: Number(body.frequency),
      environment: environment as string | null,
      owner: typeof body.owner === "string" ? body.owner : null,
      conditions: Array.isArray(body.conditions) ? body.conditions : [],
      filters: Array.isArray(body.filters) ? body.filters : [],
      actions,
    },
  };
}
