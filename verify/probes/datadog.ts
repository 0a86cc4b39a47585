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
 * Datadog (V3): validates the API key, then submits `operator_wiring.verify` = 1 as a gauge
 * (v2 series) and posts a test event, together, each tagged with the run id, built by the official
 * `@datadog/datadog-api-client` (datadogClient.ts) with the probe's HttpClient as its HTTP library. Nothing is
 * deleted: metric points cannot be, and the event is tagged `verify:true` (checklist §3: "test
 * event tagged verify=true").
 *
 * A 202 is Datadog's "accepted", not "arrived": PASS needs the event read back with its run tag
 * (DD_APP_KEY). Without an application key, or when the event stays unreadable (not indexed yet,
 * or a key of another org), the result is HOLD. The metric point is reported as accepted only:
 * Datadog's metric queries lag behind intake by more than a probe's deadline.
 *
 * The series is resend-safe (a repeated gauge point at the same timestamp replaces itself); the
 * event is not (it has no idempotency key), so it is posted at most once.
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
  const { valid } = await client.validate();
  if (valid !== true) throw new NotTheVendor("validate the API key", 'HTTP 200 without {"valid":true}');

  // The metric and the event are independent of each other: sent together, once the key is known good.
  const timestamp = Math.floor(Date.now() / 1000);
  const [intake, created] = await Promise.all([
    client.submitMetrics({ series: [{ metric: verifyMetric, type: gauge, points: [{ timestamp, value: 1 }], tags }] }),
    client.createEvent({ title: `operator-wiring verify ${runId}`, text: `Test event from the operator-wiring verify program (${mode} mode); safe to ignore.`, tags, alert_type: "info" }),
  ]);
  if (intake.errors && intake.errors.length > 0) {
    throw new ProbeFailure(
      `submit metric ${verifyMetric}=1: 202 with errors: ${intake.errors.join("; ")}`,
      "Datadog accepted the request but rejected the series: check the host clock (points must be within the last 10 minutes) and the errors above.",
    );
  }

  const event = created.event;
  const eventId = event?.id_str ?? (event?.id === undefined ? undefined : String(event.id));
  if (!eventId) {
    throw new ProbeFailure("post the test event: 202 without an event id", "Datadog accepted the event but did not say which it is: look for the run id in Events Explorer.");
  }

  const runTag = `run_id:${runId}`.toLowerCase();
  const accepted = `metric ${verifyMetric}=1 and event ${eventId} accepted (202) by ${inputs.site}`;
  if (!inputs.appKey) return { status: "HOLD", summary: `${accepted}, not read back: set DD_APP_KEY to confirm the event arrived` };
  const readBack = await readEventBack(ctx, client, eventId, runTag);
  if (readBack.readable) return { status: "PASS", summary: `${accepted}; the event was read back with tag ${runTag} (the metric is not read back)` };
  return {
    status: "HOLD",
    summary: `${accepted}, but the event was not readable after ${Math.round(readBack.waitedMs / 1000)} s: Datadog may still be indexing it, or DD_APP_KEY belongs to another org than DD_API_KEY (Datadog answers 404 to another org's event); look for ${runTag} in Events Explorer`,
  };
};
