import { isDue } from "../core/duePolicy";
import { recordHop } from "../core/stateLinks";
import { evaluateQuery, parseMetricQuery, pointsInScope } from "./monitorQuery";
import { notifyHandles } from "./monitorNotifications";
import type { DatadogState, MonitorRecord, ReceivedPoint } from "./state";

/** The metric a query names, even one the mock does not evaluate (to tell that query's chains why). */
const metricOf = (query: string): string | undefined => /:([A-Za-z0-9_.]+)\{/.exec(query)?.[1];

/** Records a hop once per monitor and chain. */
function noteOnce(state: DatadogState, monitor: MonitorRecord, points: ReceivedPoint[], step: string, detail: string): void {
  for (const correlation of new Set(points.flatMap((p) => (p.correlationId ? [p.correlationId] : [])))) {
    const key = `${monitor.id}:${correlation}:${step}`;
    if (state.evaluationNotes.has(key)) continue;
    state.evaluationNotes.add(key);
    recordHop(state, correlation, step, "skipped", detail);
  }
}

/**
 * One evaluation of every monitor against the points that count by now: Datadog's monitor
 * evaluation, reduced to the metric queries the stack writes (monitorQuery.ts). A monitor whose
 * query is met goes to `Alert` and notifies each handle in its message (monitorNotifications.ts);
 * one no longer met goes back to `OK`. A draft is not evaluated at all, as in Datadog ("draft: the
 * monitor appears as Draft and does not send notifications; published: the monitor is active and
 * evaluates conditions", `MonitorDraftStatus`). Runs on reads of monitors and on the snapshot.
 */
export function evaluateMonitors(state: DatadogState): void {
  const now = Date.now();
  const nowSeconds = Math.floor(now / 1000);
  for (const monitor of state.monitors.values()) {
    const type = String(monitor.type);
    const query = String(monitor.query);
    const metric = metricOf(query);
    const due = (state.metrics.get(metric ?? "") ?? []).filter((p) => p.acceptedAt === undefined || isDue(state.evaluation, state.monitorReads, { acceptedAt: p.acceptedAt, readsAtAccept: p.readsAtAccept ?? 0 }, now));
    const parsed = parseMetricQuery(type, query);
    const step = `monitor "${String(monitor.name)}" (${monitor.id})`;
    if (monitor.draft_status === "draft") {
      noteOnce(state, monitor, due, step, "is a draft: Datadog does not evaluate a draft monitor, and it sends no notification");
      continue;
    }
    if (typeof parsed === "string") {
      noteOnce(state, monitor, due, step, `not evaluated: ${parsed}`);
      continue;
    }
    const inScope = pointsInScope(parsed, due, nowSeconds);
    const result = evaluateQuery(parsed, inScope);
    if (result === "no data") continue;
    const next = result.alert ? "Alert" : "OK";
    if (monitor.overall_state === next) continue;
    const previous = String(monitor.overall_state);
    monitor.overall_state = next;
    monitor.overall_state_modified = new Date(now).toISOString().replace("Z", "000+00:00");
    const correlation = inScope.findLast((p) => p.correlationId)?.correlationId ?? `datadog-monitor-${monitor.id}`;
    recordHop(state, correlation, step, "done", `${previous} → ${next}: ${parsed.timeAggregator} over ${parsed.windowSeconds / 60} min is ${result.value} (${parsed.comparator} ${parsed.threshold}${result.alert ? "" : " no longer met"})`);
    notifyHandles(state, monitor, next === "Alert" ? "Triggered" : "Recovered", correlation);
  }
}
