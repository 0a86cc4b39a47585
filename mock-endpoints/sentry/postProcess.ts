import { dueCount } from "../core/duePolicy";
import { recordHop } from "../core/stateLinks";
import { dispatchAction } from "./actionDispatch";
import { alertsToFire } from "./alertRules";
import { groupEvent } from "./issues";
import { type IngestedEvent, type SentryState, organisationOfProject } from "./state";

/**
 * Sentry's post-processing, after an event is stored: the event joins an issue (a new one, or a
 * resolved one regressing), and the issue alerts of its project (workflows through the project's
 * detectors, and legacy rules) evaluate and fire their actions: PagerDuty, Opsgenie and Slack
 * through the other mocks (actionDispatch.ts). It runs when the event becomes stored
 * (`processing`: on reads of events, as storage itself), once, in acceptance order; each step is a
 * hop of the event's chain.
 * @see https://develop.sentry.dev/backend/application-domains/workflow-engine/ (issue alerts after post_process_group)
 */
export function processDueEvents(state: SentryState): void {
  const due = state.unprocessed.splice(0, dueCount(state.processing, state.reads, state.unprocessed));
  for (const entry of due) processEvent(state, entry);
}

function processEvent(state: SentryState, entry: IngestedEvent): void {
  const hop = (step: string, outcome: "done" | "skipped" | "failed", detail: string) => recordHop(state, entry.correlationId, step, outcome, detail);
  if (entry.drop) {
    hop("event stored", "failed", `event ${entry.eventId} dropped after Relay's 200: ${entry.drop}`);
    return;
  }
  const org = organisationOfProject(state, entry.projectId);
  const project = org?.projects.get(entry.projectId);
  const environment = entry.record.environment ?? null;
  if (!org || !project) {
    hop("event stored", "done", `event ${entry.eventId} stored in project ${entry.projectId}, which no organisation of the mock has: no issue alerts`);
    return;
  }
  hop("event stored", "done", `event ${entry.eventId} stored in project "${project.slug}"${environment ? ` (environment "${environment}")` : ""}`);
  const { issue, transition } = groupEvent(state, project, entry);
  entry.issueId = issue.id;
  if (transition === "existing") {
    hop("issue", "skipped", `joined the open issue ${issue.shortId} (${issue.id}): not new, not regressed, so no issue alert fires`);
    return;
  }
  hop("issue", "done", `${transition === "new" ? "new issue" : "regressed issue"} ${issue.shortId} (${issue.id}): "${issue.title}"`);
  const fired = alertsToFire(state, org, project, issue, transition, environment, (step, outcome, detail) => hop(step, outcome, detail));
  for (const alert of fired) {
    for (const action of alert.actions) dispatchAction(state, org, project, issue, entry, alert, action);
  }
}
