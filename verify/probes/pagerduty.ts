import type { Deadline } from "../deadline";
import type { HttpClient, HttpResponse } from "../http/httpClient";
import { type PollPace, poll } from "../poll";
import { type Probe, ProbeFailure } from "../probe";
import { sendLabels, testAlertKey } from "./markedEvent";
import { type Incident, type TestAlert, alertIn, describeIncident, findTestAlert, incidentsWithAlert } from "./pagerduty/findTestAlert";

/** The checklist's §4 row "PagerDuty probe returns 202 but no incident appears", in words. */
export const noIncidentDiagnosis =
  "The integration key is bound to a different service, or the service is paused (disabled), or PAGERDUTY_API_TOKEN cannot see that service: open the service in PagerDuty → Integrations tab and compare the Events API v2 key with PAGERDUTY_ROUTING_KEY in .env.local; unpause the service if it is paused.";

/** PagerDuty de-duplicates events by dedup key: a second trigger or resolve changes nothing. */
const resendSafe = "the dedup key";

/** How often to look for the incident and the resolve: PagerDuty applies an event within seconds, the mock on the second look. */
export const pagerdutyPace: Record<"real" | "mock", PollPace> = { real: { firstMs: 250, maxMs: 1_000 }, mock: { firstMs: 10, maxMs: 100 } };

/** How long to keep looking in `deadline`: early enough that the last lookup (two requests) still answers inside it. */
const lookingBudget = (deadline: Deadline) => deadline.remaining() - Math.min(1_000, deadline.ms * 0.1);

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
  const dedupKey = testAlertKey(ctx.runId);
  const enqueueUrl = `${ctx.inputs.eventsUrl.replace(/\/+$/, "")}/v2/enqueue`;
  const pace = pagerdutyPace[ctx.mode];
  // The incident the steps found the test alert in: the clean-up reads that incident's alerts.
  let incident: Incident | undefined;
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
    const look = "check test incident resolved";
    const settled = await poll(
      async () => {
        // The incident the steps saw, read directly; looked for afresh when unknown, or when a merge moved the alert.
        seen = (incident && (await alertIn(http, api, incident, dedupKey, look))) ?? (await findTestAlert(http, api, dedupKey, look)) ?? seen;
        if (seen?.alert.status === "resolved") return true;
        // Never seen and not expected: nothing was opened that could be left open (the probe failed on that already).
        return !seen && !expected ? true : undefined;
      },
      { pace, budgetMs: lookingBudget(deadline), signal: deadline.signal, waits: ctx.waits },
    );
    if (settled.found || !seen) return;
    throw new ProbeFailure(
      `PagerDuty accepted the resolve (202) but the test alert in incident ${describeIncident(seen.incident)} is still open (${seen.alert.status})`,
      `The test incident is still open: resolve it by hand in PagerDuty (alert key ${dedupKey}), and check the service's event rules and integrations for anything that drops resolve events.`,
    );
  });

  const label = sendLabels.pagerduty;
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
  const found = await poll(async () => (await incidentsWithAlert(ctx.http, api, dedupKey, "look up test incident"))[0], {
    pace,
    budgetMs: lookingBudget(ctx.deadline),
    signal: ctx.deadline.signal,
    waits: ctx.waits,
  });
  if (!found.found) {
    expected = false;
    throw new ProbeFailure("PagerDuty accepted the trigger (202) but no incident appeared", noIncidentDiagnosis);
  }
  incident = found.found;
  return { status: "PASS", summary: `test alert opened in incident ${describeIncident(incident)}, then resolved by the clean-up` };
};
