import { type ActionInput, validateAction } from "./actionValidation";
import { isObject } from "./apiContext";
import type { LogicType, Organisation } from "./state";

export interface ConditionInput {
  id?: string;
  type: string;
  comparison: unknown;
  conditionResult: unknown;
}

export interface GroupInput {
  id?: string;
  logicType: LogicType;
  conditions: ConditionInput[];
  actions: ActionInput[];
}

export interface WorkflowInput {
  name: string;
  enabled: boolean;
  environment: string | null;
  config: { frequency: number };
  detectorIds: string[];
  triggers: GroupInput;
  actionFilters: GroupInput[];
}

/** A DRF error body; nested serializers nest (`{"triggers": {"logicType": [...]}}`). */
export type ErrorBody = Record<string, unknown>;

const logicTypes: LogicType[] = ["any", "any-short", "all", "none"];
/** Allowed `config.frequency` (minutes between actions for one issue), from `Workflow.config_schema`. */
export const frequencies = [0, 5, 10, 30, 60, 180, 720, 1440];
/** Issue-stream trigger conditions the workflow engine accepts in `triggers`. */
const triggerTypes = ["first_seen_event", "regression_event", "reappeared_event", "issue_resolved_trigger", "new_high_priority_issue", "existing_high_priority_issue"];

const optionalId = (value: unknown): string | undefined => (value === undefined || value === null || value === "" ? undefined : String(value));

/** `BaseDataConditionGroupValidator`: a `logicType` choice and a list of conditions, each `{type, comparison, conditionResult}`. */
function validateGroup(raw: unknown, conditionTypes?: string[]): { ok: true; group: Omit<GroupInput, "actions"> } | { ok: false; errors: ErrorBody } {
  if (!isObject(raw)) return { ok: false, errors: { nonFieldErrors: [`Invalid data. Expected a dictionary, but got ${typeof raw}.`] } };
  const errors: ErrorBody = {};
  if (raw.logicType === undefined) errors.logicType = ["This field is required."];
  else if (!logicTypes.includes(raw.logicType as LogicType)) errors.logicType = [`"${String(raw.logicType)}" is not a valid choice.`];
  const rawConditions = raw.conditions ?? [];
  if (!Array.isArray(rawConditions)) errors.conditions = [`Expected a list of items but got type "${typeof rawConditions}".`];
  const conditions: ConditionInput[] = [];
  for (const condition of Array.isArray(rawConditions) ? rawConditions : []) {
    const problems: Record<string, string[]> = {};
    if (!isObject(condition)) {
      errors.conditions = { nonFieldErrors: ["Invalid data. Expected a dictionary."] };
      break;
    }
    for (const field of ["type", "comparison", "conditionResult"]) if (condition[field] === undefined) problems[field] = ["This field is required."];
    if (conditionTypes && condition.type !== undefined && !conditionTypes.includes(String(condition.type))) problems.type = [`"${String(condition.type)}" is not a valid choice.`];
    if (Object.keys(problems).length > 0) {
      errors.conditions = problems;
      break;
    }
    conditions.push({ id: optionalId(condition.id), type: String(condition.type), comparison: condition.comparison, conditionResult: condition.conditionResult });
  }
  if (Object.keys(errors).length > 0) return { ok: false, errors };
  return { ok: true, group: { id: optionalId(raw.id), logicType: raw.logicType as LogicType, conditions } };
}

/** `validate_action_filters`: stops at the first bad filter or action, as `is_valid(raise_exception=True)` does. */
function validateActionFilters(org: Organisation, raw: unknown[]): { ok: true; filters: GroupInput[] } | { ok: false; errors: unknown } {
  const filters: GroupInput[] = [];
  for (const filter of raw) {
    if (!isObject(filter) || !("actions" in filter)) return { ok: false, errors: ["Missing actions key in action filter"] };
    if (!Array.isArray(filter.actions)) return { ok: false, errors: [`Expected a list of items but got type "${typeof filter.actions}".`] };
    const group = validateGroup(filter);
    if (!group.ok) return { ok: false, errors: group.errors };
    const actions: ActionInput[] = [];
    for (const action of filter.actions) {
      const result = validateAction(org, action);
      if (!result.ok) return { ok: false, errors: result.errors };
      actions.push(result.action);
    }
    filters.push({ ...group.group, actions });
  }
  return { ok: true, filters };
}

/**
 * A workflow create / update body, checked as `WorkflowValidator` and the workflow endpoints do:
 * every top-level field's errors are collected, DRF style. Texts are DRF's, Sentry's
 * (`workflow_engine/endpoints/validators/`) or jsonschema's; the any-short text is unconfirmed.
 * Detector ids are checked after the body is valid (see `missingDetectors`).
 */
export function validateWorkflow(org: Organisation, body: Record<string, unknown>): { ok: true; input: WorkflowInput } | { ok: false; errors: ErrorBody } {
  const errors: ErrorBody = {};
  if (body.name === undefined || body.name === null) errors.name = ["This field is required."];
  else if (typeof body.name !== "string" || body.name.trim() === "") errors.name = ["This field may not be blank."];
  else if (body.name.length > 256) errors.name = ["Ensure this field has no more than 256 characters."];

  if (body.enabled !== undefined && typeof body.enabled !== "boolean") errors.enabled = ["Must be a valid boolean."];
  const environment = body.environment ?? null;
  if (environment !== null && (typeof environment !== "string" || !org.environments.has(environment))) errors.environment = ["This environment has not been created."];

  const config = body.config;
  if (config === undefined) errors.config = ["This field is required."];
  else if (!isObject(config)) errors.config = [`${JSON.stringify(config)} is not of type 'object'`];
  else if (config.frequency === undefined) errors.config = ["'frequency' is a required property"];
  else if (!frequencies.includes(config.frequency as number)) errors.config = [`${JSON.stringify(config.frequency)} is not one of [${frequencies.join(", ")}]`];

  const detectorIds = body.detectorIds ?? [];
  if (!Array.isArray(detectorIds)) errors.detectorIds = [`Expected a list of items but got type "${typeof detectorIds}".`];
  else if (detectorIds.some((id) => !/^\d+$/.test(String(id)))) errors.detectorIds = ["A valid integer is required."];

  let triggers: GroupInput | undefined;
  if (body.triggers === undefined) errors.triggers = ["This field is required."];
  else {
    const group = validateGroup(body.triggers, triggerTypes);
    if (!group.ok) errors.triggers = group.errors;
    // Trigger conditions are alternatives ("a new issue OR a regression"): Sentry requires any-short for them.
    else if (group.group.conditions.length > 0 && group.group.logicType !== "any-short") {
      errors.triggers = { logicType: [`Triggers with conditions must use the "any-short" logic type, not "${group.group.logicType}".`] };
    } else triggers = { ...group.group, actions: [] };
  }

  let actionFilters: GroupInput[] = [];
  if (body.actionFilters === undefined) errors.actionFilters = ["This field is required."];
  else if (!Array.isArray(body.actionFilters)) errors.actionFilters = [`Expected a list of items but got type "${typeof body.actionFilters}".`];
  else {
    const filters = validateActionFilters(org, body.actionFilters);
    if (filters.ok) actionFilters = filters.filters;
    else errors.actionFilters = filters.errors;
  }

  if (Object.keys(errors).length > 0 || !triggers) return { ok: false, errors };
  return {
    ok: true,
    input: {
      name: body.name as string,
      enabled: body.enabled === undefined ? true : (body.enabled as boolean),
      environment: environment as string | null,
      config: { frequency: (config as { frequency: number }).frequency },
      detectorIds: (detectorIds as unknown[]).map(String),
      triggers,
      actionFilters,
    },
  };
}

/** Detector ids the organisation does not have, in Sentry's message (a Python set of ints). */
export function missingDetectors(org: Organisation, ids: string[]): ErrorBody | undefined {
  const known = new Set([...org.projects.values()].flatMap((p) => p.detectors.map((d) => d.id)));
  const missing = [...new Set(ids.filter((id) => !known.has(id)))].map(Number).sort((a, b) => a - b);
  return missing.length > 0 ? { detectorIds: [`Some detectors do not exist: {${missing.join(", ")}}`] } : undefined;
}
