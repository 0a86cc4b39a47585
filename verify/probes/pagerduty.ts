import { type Deadline, sleep } from "../deadline";
import type { HttpClient, HttpResponse } from "../http/httpClient";
import { type Probe, ProbeFailure } from "../probe";
import { type TestAlert, describeIncident, findTestAlert } from "./pagerduty/findTestAlert";

/** The checklist's §4 row "PagerDuty probe returns 202 but no incident appears", in words. */
export const noIncidentDiagnosis =
  "The integration key is bound to a different service, or the service is paused (disabled), or PAGERDUTY_API_TOKEN cannot see that service: open the service in PagerDuty → Integrations tab and compare the Events API v2 key with PAGERDUTY_ROUTING_KEY in .env.local; unpause the service if it is paused.";

/** PagerDuty de-duplicates events by dedup key: a second trigger or resolve changes nothing. */
const resendSafe = "the dedup key";

/** Give up early enough that the last lookup (two requests) still answers inside `deadline`. */
const marginMs = (pollMs: number, deadline: Deadline) => pollMs + Math.min(1_000, deadline.ms * 0.1);

/** Events API v2's acceptance: 202 `{"status":"success","dedup_key":<ours>}`; anything else did not take. */
function expectAccepted(reply: HttpResponse, label: string, dedupKey: string): void {
  let body: { status?: unknown; dedup_key?: unknown } | undefined;
  try {
    body = reply.json();
  } catch {
    body = undefined;
  }
  if (reply.status === 202 && body?.status === "success" && body.dedup_key === dedupKey) return;
  throw new ProbeFailure(
    `${label}: expected 202 {"status":"success"} with dedup_key ${dedupKey}, got ${reply.status} ${reply.text.trim().slice(0, 120) || "(empty body)"}`,
    "Something other than the PagerDuty Events API v2 answered: check PAGERDUTY_EVENTS_URL (https://events.pagerduty.com, EU https://events.eu.pagerduty.com) and any proxy in between.",
  );
}

/**
 * PagerDuty (requirement V3: a test incident, then resolved). Triggers an `info` event with
 * the dedup key `operator-wiring-verify-<run id>` through the Events API v2, then, when a
 * REST API token is given, waits for PagerDuty to make its alert (asynchronously), in an
 * incident of its own or grouped into an open one. A 202 with no incident is the checklist's
 * "202 but no incident" (V7): a paused service or a key bound to another service. The
 * clean-up, registered before the trigger, sends `resolve` for the same key and, with the
 * token, waits on the whole clean-up budget until the alert shows `resolved` (resolves are
 * asynchronous too); it fails when an alert it saw is still open. (A grouped incident stays
 * open while another alert of it is: only the test alert is the probe's to resolve.)
 *
 * Without PAGERDUTY_API_TOKEN the 202s prove acceptance, not an incident: HOLD.
 * @see https://developer.pagerduty.com/docs/events-api-v2/trigger-events/
 */
export const pagerdutyProbe: Probe<"pagerduty"> = async (ctx) => {
  const { routingKey, api } = ctx.inputs;
  const dedupKey = `operator-wiring-verify-${ctx.runId}`;
  const enqueueUrl = `${ctx.inputs.eventsUrl.replace(/\/+$/, "")}/v2/enqueue`;
  const pollMs = ctx.mode === "mock" ? 100 : 1_000;
  // The test alert once seen: the clean-up must then see it resolved, not merely find nothing open.
  let seen: TestAlert | undefined;
  // Whether the clean-up should wait for an alert it has not seen: only when the trigger was
  // accepted and the steps did not already look for it until their deadline.
  let expected = false;

  ctx.cleanup("resolve test incident", async (http: HttpClient, deadline: Deadline) => {
    const label = "resolve test incident";
    expectAccepted(
      await http.send({ label, method: "POST", url: enqueueUrl, json: { routing_key: routingKey, event_action: "resolve", dedup_key: dedupKey }, resendSafe }),
      label,
      dedupKey,
    );
    if (!api) return;
    for (;;) {
      seen = (await findTestAlert(http, api, dedupKey, "check test incident resolved")) ?? seen;
      if (seen?.alert.status === "resolved") return;
      // Never seen and not expected: nothing was opened that could be left open (the probe failed on that already).
      if (!seen && !expected) return;
      if (deadline.remaining() < marginMs(pollMs, deadline)) {
        if (!seen) return;
        throw new ProbeFailure(
          `PagerDuty accepted the resolve (202) but the test alert in incident ${describeIncident(seen.incident)} is still open (${seen.alert.status})`,
          `The test incident is still open: resolve it by hand in PagerDuty (alert key ${dedupKey}), and check the service's event rules and integrations for anything that drops resolve events.`,
        );
      }
      await sleep(pollMs, deadline.signal);
    }
  });

  const label = "trigger test incident";
  const trigger = await ctx.http.send({
    label,
    method: "POST",
    url: enqueueUrl,
    json: {
      routing_key: routingKey,
      event_action: "trigger",
      dedup_key: dedupKey,
      payload: {
        summary: `operator-wiring verify ${ctx.runId}: test incident, resolves itself`,
        source: "operator-wiring-verify",
        severity: "info",
        custom_details: { run_id: ctx.runId, verify: true },
      },
    },
    resendSafe,
  });
  expectAccepted(trigger, label, dedupKey);
  expected = true;

  if (!api) {
    return {
      status: "HOLD",
      summary: "PagerDuty accepted the trigger and the resolve (202), but the incident could not be checked: set PAGERDUTY_API_TOKEN to confirm it opened and resolved",
    };
  }
  for (;;) {
    seen = await findTestAlert(ctx.http, api, dedupKey, "look up test incident");
    if (seen) return { status: "PASS", summary: `test alert ${seen.alert.id} opened in incident ${describeIncident(seen.incident)}, then resolved by the clean-up` };
    if (ctx.deadline.remaining() < marginMs(pollMs, ctx.deadline)) {
      expected = false;
      throw new ProbeFailure("PagerDuty accepted the trigger (202) but no incident appeared", noIncidentDiagnosis);
    }
    await sleep(pollMs, ctx.deadline.signal);
  }
};
