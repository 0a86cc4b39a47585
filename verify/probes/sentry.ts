import { DeadlineExceeded } from "../http/httpErrors";
import type { HttpResponse } from "../http/httpClient";
import { type Probe, ProbeFailure } from "../probe";

const eventLabel = "send synthetic error event";
/** Time `close` may take past the deadline: ctx.http ends the request at the deadline, this lets its error land. */
const flushGraceMs = 500;

/** Relay answers event ids in the simple UUID form; compare them that way whatever the form. */
const simpleId = (id: string) => id.replace(/-/g, "").toLowerCase();

function answeredId(response: HttpResponse): string | undefined {
  try {
    const id = response.json<{ id?: unknown }>().id;
    return typeof id === "string" ? id : undefined;
  } catch {
    return undefined;
  }
}

/**
 * V3 Sentry: a synthetic error event, sent by the Sentry SDK (`@sentry/core`: DSN parsing,
 * envelope, query-string auth) through `ctx.http` as its transport, so the one envelope request
 * is one logged line, retried on 5xx/429 (honouring Retry-After inside the transport, so the SDK
 * only ever sees the final answer and its own rate limiter never drops the event) and bounded by
 * the deadline.
 *
 * PASS: Sentry answered 200 `{"id": <the event id the SDK gave the event>}`. The event is tagged
 * `verify: "true"` and `run_id`, in the configured environment; there is nothing to clean up.
 * No read-back: the mock serves no event lookup (`/api/0/projects/{org}/{project}/events/{id}/`),
 * so `inputs.api` is not used here.
 *
 * FAIL: the SDK swallows transport errors, so the probe keeps the transport's outcome and
 * throws it after the flush: HttpStatusError (401/403 are worded as a DSN/region mismatch by
 * diagnose), NetworkError, DeadlineExceeded; or ProbeFailure when Sentry's 200 names another
 * event, or the SDK sent no event at all.
 */
export const sentryProbe: Probe<"sentry"> = async (ctx) => {
  const { captureSyntheticError } = await import("./sentry/syntheticError");
  const outcomes: ({ response: HttpResponse } | { error: unknown })[] = [];

  const eventId = await captureSyntheticError({
    dsn: ctx.inputs.dsn,
    environment: ctx.inputs.environment,
    runId: ctx.runId,
    flushTimeoutMs: ctx.deadline.remaining() + flushGraceMs,
    async post(request) {
      const carriesEvent = request.itemTypes.includes("event");
      // Anything else the SDK sends (none expected) gets its own logged line and does not decide the verdict.
      const label = carriesEvent ? eventLabel : `send ${request.itemTypes.join("+") || "empty"} envelope`;
      try {
        const response = await ctx.http.send({ label, method: "POST", url: request.url, headers: request.headers, body: request.body });
        if (carriesEvent) outcomes.push({ response });
        return response;
      } catch (error) {
        if (carriesEvent) outcomes.push({ error });
        throw error;
      }
    },
  });

  const outcome = outcomes[0];
  if (!outcome) {
    if (ctx.deadline.expired) throw new DeadlineExceeded(eventLabel, ctx.deadline.ms);
    throw new ProbeFailure(
      `the Sentry SDK sent no envelope for event ${eventId}`,
      "The Sentry SDK dropped the synthetic error before sending it; run verify with the same inputs again, and report it if it persists.",
    );
  }
  if ("error" in outcome) throw outcome.error;

  const id = answeredId(outcome.response);
  if (!id || simpleId(id) !== simpleId(eventId)) {
    throw new ProbeFailure(
      `Sentry answered ${outcome.response.status} for event ${eventId} with ${id ? `event id ${id}` : "no event id"}`,
      "Something other than Sentry's ingest answered (a proxy, a tunnel or the wrong host in SENTRY_DSN): check the DSN's host.",
    );
  }
  return { status: "PASS", summary: `synthetic error ${eventId} accepted by Sentry` };
};
