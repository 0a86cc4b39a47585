import { DeadlineExceeded } from "../http/httpErrors";
import type { HttpResponse } from "../http/httpClient";
import { type Probe, ProbeFailure } from "../probe";
import { readEventBack } from "./sentry/readEventBack";

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

/** The project id at the end of the DSN's path (`https://<key>@<host>/<project id>`). */
const projectOf = (dsn: string): string => new URL(dsn).pathname.split("/").filter(Boolean).at(-1) ?? "";

/**
 * V3 Sentry: a synthetic error event, sent by the Sentry SDK (`@sentry/core`: DSN parsing,
 * envelope, query-string auth) through `ctx.http` as its transport, so the one envelope request
 * is one logged line, retried on 5xx/429 (honouring Retry-After inside the transport, so the SDK
 * only ever sees the final answer and its own rate limiter never drops the event) and bounded by
 * the deadline. A resend is harmless: Sentry drops a second event with the same id (Relay's
 * `DiscardReason::Duplicate`).
 *
 * Sentry's 200 `{"id": …}` comes from Relay and means queued, not stored: with a cold
 * project-config cache a revoked key or a deleted project still gets it, and inbound filters run
 * after the answer. So with SENTRY_AUTH_TOKEN and SENTRY_ORG the event is read back through the
 * web API until it is stored (PASS), or until the budget ends (HOLD, with what may have dropped
 * it); without them the result is HOLD. The event is tagged `verify: "true"` and `run_id`, in
 * the configured environment; there is nothing to clean up.
 *
 * FAIL: the SDK swallows transport errors, so the probe keeps the transport's outcome and
 * throws it after the flush: HttpStatusError (401/403 are worded by diagnose as a key Sentry
 * refuses: revoked, another project or mistyped; the DSN carries its own ingest host, so never a
 * region setting), NetworkError, DeadlineExceeded; or ProbeFailure when Sentry's 200 names another
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
        const response = await ctx.http.send({ label, method: "POST", url: request.url, headers: request.headers, body: request.body, resendSafe: "the event id" });
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
  const queued = `synthetic error ${eventId} queued by Sentry's ingest (200)`;
  const { api } = ctx.inputs;
  if (!api) return { status: "HOLD", summary: `${queued}, not read back: set SENTRY_AUTH_TOKEN and SENTRY_ORG to confirm it was stored` };
  const projectId = projectOf(ctx.inputs.dsn);
  const readBack = await readEventBack(ctx, api, projectId, simpleId(eventId));
  if (readBack.stored) return { status: "PASS", summary: `synthetic error ${eventId} stored by Sentry (read back from project ${projectId} with its run_id tag)` };
  return {
    status: "HOLD",
    summary: `${queued} but not stored after ${Math.round(readBack.waitedMs / 1000)} s: Sentry may still be processing it, or dropped it after answering (a revoked or disabled DSN key, a deleted project, an inbound filter or a quota); look for run_id:${ctx.runId} in the project's issues, or run again with a longer --timeout`,
  };
};
