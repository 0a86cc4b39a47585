import { Deadline, sleep } from "../deadline";
import type { HttpClient, HttpResponse } from "../http/httpClient";
import { type Probe, ProbeFailure } from "../probe";
import { describeIncident, findIncidents } from "./pagerduty/incidents";

/** The checklist's §4 row "PagerDuty probe returns 202 but no incident appears", in words. */
export const noIncidentDiagnosis =
  "The integration key is bound to a different service, or the service is paused (disabled), or PAGERDUTY_API_TOKEN cannot see that service: open the service in PagerDuty → Integrations tab and compare the Events API v2 key with PAGERDUTY_ROUTING_KEY in .env.local; unpause the service if it is paused.";

/**
 * How long a clean-up may wait for PagerDuty to show the incident resolved. The clean-up's
 * own deadline (runProbe) is at least a quarter of the whole budget, i.e. a third of the
 * steps' (`ctx.deadline.ms`); a quarter of the steps' keeps the last poll inside it, so a
 * still-open incident is reported as such and not as a timeout.
 */
export function cleanupWaitMs(stepsMs: number): number {
  return Math.min(4_000, stepsMs / 4);
}

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
 * REST API token is given, waits for PagerDuty to open the incident (it does so
 * asynchronously). A 202 with no incident is the checklist's "202 but no incident" (V7):
 * a paused service or a key bound to another service. The clean-up, registered before the
 * trigger, sends `resolve` for the same key and, with the token, waits until the incident
 * shows `resolved` (V5); it throws when it cannot confirm that.
 *
 * Without PAGERDUTY_API_TOKEN the 202s prove acceptance, not an incident: HOLD.
 * @see https://developer.pagerduty.com/docs/events-api-v2/trigger-events/
 */
export const pagerdutyProbe: Probe<"pagerduty"> = async (ctx) => {
  const { routingKey, api } = ctx.inputs;
  const dedupKey = `operator-wiring-verify-${ctx.runId}`;
  const enqueueUrl = `${ctx.inputs.eventsUrl.replace(/\/+$/, "")}/v2/enqueue`;
  const pollMs = ctx.mode === "mock" ? 250 : 1_000;
  // Give up on the incident early enough that the last lookup still answers inside the deadline.
  const margin = pollMs + Math.min(1_000, ctx.deadline.ms * 0.1);

  ctx.cleanup("resolve test incident", async (http: HttpClient) => {
    const label = "resolve test incident";
    expectAccepted(
      await http.send({ label, method: "POST", url: enqueueUrl, json: { routing_key: routingKey, event_action: "resolve", dedup_key: dedupKey } }),
      label,
      dedupKey,
    );
    if (!api) return;
    // The clean-up is not given its deadline's signal; this one bounds its waits.
    const wait = new Deadline(cleanupWaitMs(ctx.deadline.ms));
    try {
      for (;;) {
        const open = (await findIncidents(http, api, dedupKey, "check test incident resolved")).filter((i) => i.status !== "resolved");
        // None open: resolved, or never opened (the trigger failed or was dropped).
        if (open.length === 0) return;
        if (wait.remaining() < pollMs) {
          throw new ProbeFailure(
            `PagerDuty accepted the resolve (202) but incident ${describeIncident(open[0])} is still open (${open[0].status})`,
            `The test incident is still open: resolve it by hand in PagerDuty (incident key ${dedupKey}), and check the service's event rules and integrations for anything that drops resolve events.`,
          );
        }
        await sleep(pollMs, wait.signal);
      }
    } finally {
      wait.dispose();
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
  });
  expectAccepted(trigger, label, dedupKey);

  if (!api) {
    return {
      status: "HOLD",
      summary: "PagerDuty accepted the trigger and the resolve (202), but the incident could not be checked: set PAGERDUTY_API_TOKEN to confirm it opened and resolved",
    };
  }
  for (;;) {
    const [incident] = await findIncidents(ctx.http, api, dedupKey, "look up test incident");
    if (incident) return { status: "PASS", summary: `test incident ${describeIncident(incident)} opened, then resolved by the clean-up` };
    if (ctx.deadline.remaining() < margin) throw new ProbeFailure("PagerDuty accepted the trigger (202) but no incident appeared", noIncidentDiagnosis);
    await sleep(pollMs, ctx.deadline.signal);
  }
};
