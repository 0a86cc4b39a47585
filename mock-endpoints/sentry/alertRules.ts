import type { HopOutcome } from "../core/hopLog";
import type { IssueTransition } from "./issues";
import type { ConditionGroup, Issue, LegacyRule, Organisation, Project, SentryState, Workflow, WorkflowCondition } from "./state";

/** An action to send, in one shape whether a workflow or a legacy rule named it. */
export type AlertAction =
  | { kind: "pagerduty"; integrationId: string; rowId: string; severity: string }
  | { kind: "opsgenie"; integrationId: string; teamRowId: string; priority: string }
  | { kind: "slack"; integrationId: string; channelId: string; channelName: string };

/** A workflow or rule that fires, with the actions it sends. */
export interface FiredAlert {
  source: "workflow" | "rule";
  id: string;
  name: string;
  actions: AlertAction[];
}

type Note = (step: string, outcome: HopOutcome, detail: string) => void;

/** The issue-state triggers the stack writes; anything else is not met (the mock evaluates no other). */
function conditionMet(type: string, transition: IssueTransition): boolean | undefined {
  if (type === "first_seen_event" || type === "new_high_priority_issue") return transition === "new";
  if (type === "regression_event") return transition === "regression";
  if (type === "reappeared_event" || type === "issue_resolved_trigger" || type === "existing_high_priority_issue") return false;
  return undefined;
}

/** A data-condition group's logic over its conditions' results (Sentry's `DataConditionGroup.Type`). */
function logic(logicType: string, results: boolean[]): boolean {
  if (logicType === "all") return results.every(Boolean);
  if (logicType === "none") return !results.some(Boolean);
  return results.some(Boolean);
}

function triggersMet(group: ConditionGroup, transition: IssueTransition): { met: boolean; by: string[]; unknown: string[] } {
  const unknown: string[] = [];
  const results = group.conditions.map((c: WorkflowCondition) => {
    const value = conditionMet(c.type, transition);
    if (value === undefined) unknown.push(c.type);
    return value === (c.comparison ?? true);
  });
  return { met: results.length > 0 && logic(group.logicType, results), by: group.conditions.filter((_, i) => results[i]).map((c) => c.type), unknown };
}

/** Minutes since this alert last acted on the issue, when inside its `frequency`. */
function throttled(state: SentryState, key: string, frequencyMinutes: number, now: number): number | undefined {
  const last = state.lastFired.get(key);
  if (last === undefined || frequencyMinutes <= 0) return undefined;
  const minutes = (now - last) / 60_000;
  return minutes < frequencyMinutes ? minutes : undefined;
}

function workflowActions(filter: ConditionGroup): AlertAction[] {
  return filter.actions.flatMap((a): AlertAction[] => {
    const target = String(a.config.targetIdentifier ?? "");
    if (a.type === "pagerduty") return [{ kind: "pagerduty", integrationId: String(a.integrationId), rowId: target, severity: String(a.data.priority ?? "default") }];
    if (a.type === "opsgenie") return [{ kind: "opsgenie", integrationId: String(a.integrationId), teamRowId: target, priority: String(a.data.priority ?? "P3") }];
    if (a.type === "slack") return [{ kind: "slack", integrationId: String(a.integrationId), channelId: target, channelName: String(a.config.targetDisplay ?? "") }];
    return [];
  });
}

const legacyIds = {
  pagerduty: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction",
  opsgenie: "sentry.integrations.opsgenie.notify_action.OpsgenieNotifyTeamAction",
  slack: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
};
const legacyConditions: Record<string, IssueTransition | "never"> = {
  "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition": "new",
  "sentry.rules.conditions.regression_event.RegressionEventCondition": "regression",
  "sentry.rules.conditions.reappeared_event.ReappearedEventCondition": "never",
};

function ruleActions(rule: LegacyRule): AlertAction[] {
  return (rule.actions as Record<string, unknown>[]).flatMap((a): AlertAction[] => {
    if (a.id === legacyIds.pagerduty) return [{ kind: "pagerduty", integrationId: String(a.account), rowId: String(a.service), severity: String(a.severity ?? "default") }];
    if (a.id === legacyIds.opsgenie) return [{ kind: "opsgenie", integrationId: String(a.account), teamRowId: String(a.team), priority: String(a.priority ?? "P3") }];
    if (a.id === legacyIds.slack) return [{ kind: "slack", integrationId: String(a.workspace), channelId: String(a.channel_id ?? ""), channelName: String(a.channel ?? "") }];
    return [];
  });
}

function evaluateWorkflow(state: SentryState, workflow: Workflow, issue: Issue, transition: IssueTransition, environment: string | null, now: number, note: Note): FiredAlert | undefined {
  const step = `workflow "${workflow.name}" (${workflow.id})`;
  if (!workflow.enabled) return void note(step, "skipped", "disabled");
  if (workflow.environment !== null && workflow.environment !== environment) {
    return void note(step, "skipped", `for environment "${workflow.environment}", the event's is ${environment === null ? "none" : `"${environment}"`}`);
  }
  const triggers = triggersMet(workflow.triggers, transition);
  if (!triggers.met) {
    const unknown = triggers.unknown.length > 0 ? `; the mock evaluates no ${triggers.unknown.join(", ")} trigger` : "";
    return void note(step, "skipped", `no trigger met by a ${transition} issue${unknown}`);
  }
  const wait = throttled(state, `workflow:${workflow.id}:${issue.id}`, workflow.config.frequency, now);
  if (wait !== undefined) return void note(step, "skipped", `acted on this issue ${wait.toFixed(1)} min ago; its frequency is ${workflow.config.frequency} min`);
  const filters = workflow.actionFilters.filter((f) => {
    // The stack writes action filters without conditions; others are not evaluated, so they do not pass.
    if (f.conditions.length === 0) return true;
    note(step, "skipped", `action filter ${f.id}: the mock evaluates no filter condition (${f.conditions.map((c) => c.type).join(", ")})`);
    return false;
  });
  state.lastFired.set(`workflow:${workflow.id}:${issue.id}`, now);
  const actions = filters.flatMap(workflowActions);
  note(step, "done", `fired (${triggers.by.join(", ")}): ${actions.length} action(s)`);
  return { source: "workflow", id: workflow.id, name: workflow.name, actions };
}

function evaluateRule(state: SentryState, rule: LegacyRule, issue: Issue, transition: IssueTransition, environment: string | null, now: number, note: Note): FiredAlert | undefined {
  const step = `rule "${rule.name}" (${rule.id})`;
  if (rule.environment !== null && rule.environment !== environment) return void note(step, "skipped", `for environment "${rule.environment}", the event's is ${environment ?? "none"}`);
  const results = (rule.conditions as { id?: unknown }[]).map((c) => {
    const wanted = legacyConditions[String(c.id)];
    return wanted === transition;
  });
  if (results.length === 0 || !logic(rule.actionMatch, results)) return void note(step, "skipped", `no condition met by a ${transition} issue (actionMatch ${rule.actionMatch})`);
  if (rule.filters.length > 0) return void note(step, "skipped", "the mock evaluates no rule filters");
  const wait = throttled(state, `rule:${rule.id}:${issue.id}`, rule.frequency, now);
  if (wait !== undefined) return void note(step, "skipped", `acted on this issue ${wait.toFixed(1)} min ago; its frequency is ${rule.frequency} min`);
  state.lastFired.set(`rule:${rule.id}:${issue.id}`, now);
  const actions = ruleActions(rule);
  note(step, "done", `fired: ${actions.length} action(s)`);
  return { source: "rule", id: rule.id, name: rule.name, actions };
}

/**
 * The issue alerts a new or regressed issue sets off: the organisation's workflows connected to the
 * project (through its error or issue-stream detector), then the project's legacy rules, each with
 * its environment filter, triggers and `frequency` (minutes before it acts on the same issue again).
 * Every alert connected to the project is a hop (fired or why not); none at all is a hop too.
 */
export function alertsToFire(state: SentryState, org: Organisation, project: Project, issue: Issue, transition: IssueTransition, environment: string | null, note: Note): FiredAlert[] {
  const now = Date.now();
  const detectors = new Set(project.detectors.map((d) => d.id));
  const workflows = [...org.workflows.values()].filter((w) => w.detectorIds.some((id) => detectors.has(id)));
  const rules = [...org.rules.values()].filter((r) => r.projectSlug === project.slug);
  if (workflows.length === 0 && rules.length === 0) {
    note("issue alerts", "skipped", `project "${project.slug}" has no workflow (through its detectors) and no rule: nothing acts on its issues`);
    return [];
  }
  return [
    ...workflows.map((w) => evaluateWorkflow(state, w, issue, transition, environment, now, note)),
    ...rules.map((r) => evaluateRule(state, r, issue, transition, environment, now, note)),
  ].filter((a): a is FiredAlert => a !== undefined);
}
