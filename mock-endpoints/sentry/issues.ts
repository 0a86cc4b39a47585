import { type IngestedEvent, type Issue, type Project, type SentryState, newId } from "./state";

/** What an event did to its issue: opened it, made a resolved one regress, or joined an open one. */
export type IssueTransition = "new" | "regression" | "existing";

/**
 * Sentry's short id, `<PROJECT-SLUG>-<n>` with n in base 36 (Sentry uses its own base-32 alphabet;
 * the mock's is close enough to read the same way): what `qualified_short_id` gives PagerDuty.
 */
function nextShortId(state: SentryState, project: Project): string {
  const n = (state.shortIds.get(project.id) ?? 0) + 1;
  state.shortIds.set(project.id, n);
  return `${project.slug.toUpperCase()}-${n.toString(36).toUpperCase()}`;
}

/** Puts the event into its issue (by grouping key, per project), as Sentry's grouping does. */
export function groupEvent(state: SentryState, project: Project, entry: IngestedEvent): { issue: Issue; transition: IssueTransition } {
  const key = `${project.id}:${entry.grouping.key}`;
  const now = new Date().toISOString();
  const existing = state.issues.get(state.issueKeys.get(key) ?? "");
  if (existing) {
    existing.count += 1;
    existing.lastSeen = now;
    if (existing.status === "resolved") {
      existing.status = "unresolved";
      return { issue: existing, transition: "regression" };
    }
    return { issue: existing, transition: "existing" };
  }
  const issue: Issue = {
    id: newId(state),
    shortId: nextShortId(state, project),
    projectId: project.id,
    title: entry.grouping.title,
    culprit: entry.grouping.culprit,
    level: entry.record.level ?? "error",
    status: "unresolved",
    firstSeen: now,
    lastSeen: now,
    count: 1,
  };
  state.issues.set(issue.id, issue);
  state.issueKeys.set(key, issue.id);
  return { issue, transition: "new" };
}
