import type { ConditionGroup, Organisation, SentryState, Workflow, WorkflowAction, WorkflowCondition } from "./state";
import { newId } from "./state";
import type { GroupInput, WorkflowInput } from "./workflowValidation";

/** Thrown when an update names a condition, filter or action id the workflow does not have. */
export class ForeignIdError extends Error {
  constructor(
    readonly field: "triggers" | "actionFilters",
    message: string,
  ) {
    super(message);
  }
}

/** Conditions by id: a listed id is kept (and must exist), an unlisted one gets a new id, the rest are dropped. */
function conditions(state: SentryState, input: GroupInput, existing: WorkflowCondition[], field: "triggers" | "actionFilters"): WorkflowCondition[] {
  return input.conditions.map((c) => {
    if (c.id !== undefined && !existing.some((e) => e.id === c.id)) throw new ForeignIdError(field, `Condition with id ${c.id} not found.`);
    return { id: c.id ?? newId(state), type: c.type, comparison: c.comparison, conditionResult: c.conditionResult };
  });
}

function actions(state: SentryState, input: GroupInput, workflowActionIds: Set<string>): WorkflowAction[] {
  return input.actions.map((a) => {
    if (a.id !== undefined && !workflowActionIds.has(a.id)) throw new ForeignIdError("actionFilters", `Action ID ${a.id} does not belong to this workflow`);
    return { id: a.id ?? newId(state), type: a.type, integrationId: a.integrationId, data: a.data, config: a.config };
  });
}

/**
 * Builds the stored workflow from a validated body. On update (`previous` given) Sentry's PUT
 * semantics apply: the trigger group keeps its id; conditions, action filters and actions listed
 * with their id are updated, those listed without an id are created, and those not listed are
 * deleted; an id from elsewhere is refused. Throws ForeignIdError before changing anything.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/workflow_engine/endpoints/validators/base/workflow.py
 */
export function buildWorkflow(state: SentryState, input: WorkflowInput, previous?: Workflow): Workflow {
  const now = new Date().toISOString();
  const filterIds = new Set(previous?.actionFilters.map((f) => f.id));
  const actionIds = new Set(previous?.actionFilters.flatMap((f) => f.actions.map((a) => a.id)));
  for (const filter of input.actionFilters) {
    if (filter.id !== undefined && !filterIds.has(filter.id)) throw new ForeignIdError("actionFilters", `Action filter ID ${filter.id} does not belong to this workflow`);
  }
  const triggers: ConditionGroup = {
    id: previous?.triggers.id ?? newId(state),
    logicType: input.triggers.logicType,
    conditions: conditions(state, input.triggers, previous?.triggers.conditions ?? [], "triggers"),
    actions: [],
  };
  const actionFilters = input.actionFilters.map((filter): ConditionGroup => {
    const before = previous?.actionFilters.find((f) => f.id === filter.id);
    return {
      id: filter.id ?? newId(state),
      logicType: filter.logicType,
      conditions: conditions(state, filter, before?.conditions ?? [], "actionFilters"),
      actions: actions(state, filter, actionIds),
    };
  });
  return {
    id: previous?.id ?? newId(state),
    name: input.name,
    enabled: input.enabled,
    environment: input.environment,
    config: input.config,
    detectorIds: input.detectorIds,
    triggers,
    actionFilters,
    dateCreated: previous?.dateCreated ?? now,
    dateUpdated: now,
  };
}

function groupView(org: Organisation, group: ConditionGroup): Record<string, unknown> {
  return {
    id: group.id,
    organizationId: org.id,
    logicType: group.logicType,
    conditions: group.conditions.map((c) => ({ ...c })),
    actions: group.actions.map((a) => ({ id: a.id, type: a.type, integrationId: a.integrationId, data: a.data, config: a.config, status: "active" })),
  };
}

/** A workflow as `WorkflowSerializer` shows it: every id a string. */
export function workflowView(org: Organisation, workflow: Workflow): Record<string, unknown> {
  return {
    id: workflow.id,
    name: workflow.name,
    organizationId: org.id,
    config: workflow.config,
    dateCreated: workflow.dateCreated,
    dateUpdated: workflow.dateUpdated,
    triggers: groupView(org, workflow.triggers),
    actionFilters: workflow.actionFilters.map((group) => groupView(org, group)),
    environment: workflow.environment,
    detectorIds: workflow.detectorIds,
    enabled: workflow.enabled,
    createdBy: null,
    lastTriggered: null,
  };
}
