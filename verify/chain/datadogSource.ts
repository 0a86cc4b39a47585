import { HttpStatusError } from "../http/httpErrors";
import type { ChainSource } from "./chainRoutes";
import { type ChainMonitor, meetingPoint, readMonitor, stackMonitors, submitPoint } from "./datadogHops";
import { pollUntil } from "./pollUntil";
import type { SourceRun } from "./sourceRun";

type DatadogSource = Extract<ChainSource, { kind: "datadog" }>;

/**
 * Raises the stack's published validation monitors: one metric point meeting their query (the
 * stack writes one query for all), tagged with the marker; then each monitor must go to Alert.
 * A monitor still in draft is a broken hop at once (drafts are not evaluated and never notify).
 * Returns the monitors that alerted (their names are what their notifications carry).
 */
export async function raiseDatadogMonitors(run: SourceRun, source: DatadogSource): Promise<ChainMonitor[]> {
  const api = run.options.endpoints.datadog;
  const raiseHop = `Datadog ← metric meeting the validation monitors of ${source.environment}`;
  if (!api) {
    run.add({ hop: raiseHop, status: "HOLD", detail: "no DD_API_KEY and DD_APP_KEY: the monitors cannot be raised and read" });
    return [];
  }
  const deadline = run.deadline();
  const http = run.http(deadline);
  try {
    const listed = await stackMonitors(http, api, source.environment);
    const monitors = source.monitors.map((name) => ({ name, monitor: listed.find((m) => m.name === name) }));
    for (const { name, monitor } of monitors) {
      if (!monitor) run.add({ hop: `Datadog monitor "${name}" → Alert`, status: "FAIL", detail: `no monitor of that name tagged env:${source.environment} and managed-by:operator-wiring in Datadog` });
    }
    const found = monitors.flatMap(({ monitor }) => (monitor ? [monitor] : []));
    const point = found.map((m) => meetingPoint(m.query)).find(Boolean);
    if (!point) {
      if (found.length > 0) run.add({ hop: raiseHop, status: "FAIL", detail: `the monitors' query "${found[0].query}" is not of the shape the chain can meet (<agg>(last_…):<agg>:<metric>{<scope>} <op> <threshold>)` });
      return [];
    }
    run.raisedAt = performance.now();
    await submitPoint(http, api, point, run.marker, run.correlationHeaders());
    run.add({ hop: raiseHop, status: "PASS", latencyMs: 0, detail: `${point.metric}=${point.value} submitted (202)` });
    const alerted: ChainMonitor[] = [];
    for (const monitor of found) {
      const hop = `Datadog monitor "${monitor.name}" (${monitor.id}) → Alert`;
      if (monitor.draft_status === "draft") {
        run.add({ hop, status: "FAIL", latencyMs: run.latency(), detail: "the monitor is still a draft: Datadog does not evaluate a draft, and it never notifies (publish it: operator-wiring:controlledIncidentTest true, pulumi up)" });
        continue;
      }
      const state = await pollUntil(deadline, run.mode, async () => {
        const now = await readMonitor(http, api, monitor.id);
        return now.overall_state === "Alert" ? now : undefined;
      });
      if (state) {
        alerted.push(state);
        run.add({ hop, status: "PASS", latencyMs: run.latency(), detail: "overall_state Alert" });
      } else {
        run.add({ hop, status: "FAIL", latencyMs: run.latency(), detail: `not in Alert within ${Math.round(deadline.ms / 1000)} s (muted, a downtime, or an evaluation delay longer than the deadline)` });
      }
    }
    return alerted;
  } catch (error) {
    const detail = error instanceof HttpStatusError ? `${error.label}: HTTP ${error.status} ${error.body.slice(0, 160)}` : error instanceof Error ? error.message : String(error);
    run.add({ hop: raiseHop, status: "FAIL", detail });
    return [];
  }
}
