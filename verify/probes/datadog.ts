import { NotTheVendor } from "../http/httpErrors";
import type { Probe } from "../probe";
import { ProbeFailure } from "../probe";
import { loadDatadogClient } from "./datadog/datadogClient";
import { readEventBack } from "./datadog/readEventBack";

/** The metric the operator checklist names (§1: "a test metric (operator_wiring.verify=1)"). */
export const verifyMetric = "operator_wiring.verify";

/** `MetricIntakeType` 3: gauge (v2 numbers the types). */
const gauge = 3;

/** The tags on both the metric point and the event: how they are told apart (there is no clean-up). */
export function verifyTags(runId: string): string[] {
  return ["verify:true", `run_id:${runId}`, "source:operator-wiring"];
}

/**
 * Datadog (V3): validates the API key, submits `operator_wiring.verify` = 1 as a gauge
 * (v2 series) and posts a test event, each tagged with the run id, through the official
 * `@datadog/datadog-api-client` with the probe's HttpClient as its HTTP library. With an
 * application key the event is read back (in real mode it may not be readable yet; that is
 * reported, not failed). Nothing is deleted: metric points cannot be, and the event is tagged
 * `verify:true` (checklist §3: "test event tagged verify=true").
 *
 * A 403 on the first call is Datadog's answer to a key of another site, diagnosed as a wrong
 * DD_SITE (checklist §4).
 */
export const datadogProbe: Probe<"datadog"> = async (ctx) => {
  const { inputs, runId, mode } = ctx;
  const client = await loadDatadogClient(ctx.http, inputs);
  const tags = verifyTags(runId);

  // Datadog answers 200 {"valid":true} for a key it accepts and 403 for one it does not: a
  // 200 without valid:true is not Datadog's answer, and says nothing about the key.
  const { valid } = await client.authentication.validate();
  if (valid !== true) throw new NotTheVendor("validate the API key", 'HTTP 200 without {"valid":true}');

  const timestamp = Math.floor(Date.now() / 1000);
  const intake = await client.submitMetrics({ series: [{ metric: verifyMetric, type: gauge, points: [{ timestamp, value: 1 }], tags }] });
  if (intake.errors && intake.errors.length > 0) {
    throw new ProbeFailure(
      `submit metric ${verifyMetric}=1: 202 with errors: ${intake.errors.join("; ")}`,
      "Datadog accepted the request but rejected the series: check the host clock (points must be within the last 10 minutes) and the errors above.",
    );
  }

  const created = await client.events.createEvent({
    body: { title: `operator-wiring verify ${runId}`, text: `Test event from the operator-wiring verify program (${mode} mode); safe to ignore.`, tags, alertType: "info" },
  });
  const event = created.event;
  const eventId = event?.idStr ?? (event?.id === undefined ? undefined : String(event.id));
  if (!eventId) {
    throw new ProbeFailure("post the test event: 202 without an event id", "Datadog accepted the event but did not say which it is: look for the run id in Events Explorer.");
  }

  const accepted = `metric ${verifyMetric}=1 (202) and event ${eventId} (202) accepted by ${inputs.site}`;
  if (!inputs.appKey) return { status: "PASS", summary: `${accepted}; not read back (DD_APP_KEY is not set)` };
  const readBack = await readEventBack(ctx, client.events, eventId, `run_id:${runId}`);
  if (readBack.readable) return { status: "PASS", summary: accepted };
  return {
    status: "PASS",
    summary: `${accepted}; the event was not readable yet after ${Math.round(readBack.waitedMs / 1000)} s (Datadog indexes events asynchronously): look for run_id:${runId} in Events Explorer`,
  };
};
