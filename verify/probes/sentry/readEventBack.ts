import { HttpStatusError } from "../../http/httpErrors";
import type { SentryInputs } from "../../inputs/integrationInputs";
import { poll } from "../../poll";
import { type ProbeContext, ProbeFailure } from "../../probe";
import { explainSentryApi, sentryHeaders } from "../../wiring/sentryApi";

/**
 * How long to wait for Sentry to store an event, how often to look, and how much of the deadline
 * to keep for the last request. The operator checklist allows a minute for the event to show.
 */
export const readBackPace = {
  real: { budgetMs: 60_000, poll: { firstMs: 250, maxMs: 2_000 }, requestMarginMs: 3_000 },
  mock: { budgetMs: 10_000, poll: { firstMs: 10, maxMs: 100 }, requestMarginMs: 500 },
} as const;

export type ReadBack = { stored: true } | { stored: false; waitedMs: number };

const label = "read the synthetic error back";

/**
 * Sentry's 404 for a project or organization it does not know (`ResourceDoesNotExist`), as opposed
 * to its 404 `{"detail":"Event not found"}` for an event it has not stored (yet).
 */
const unknownProject = (body: string): boolean => /requested resource does not exist/i.test(body);

/**
 * Reads the event through the web API until Sentry has stored it: Relay's 200 only means it was
 * queued (with a cold project-config cache even a revoked key or a deleted project gets one, and
 * inbound filters run after the answer), and storing is eventually consistent. A 404 "Event not
 * found" means "not yet"; one that lasts the budget is reported as not stored, for the caller to
 * HOLD on. The stored event must carry the run's tag.
 * @see https://docs.sentry.io/api/events/retrieve-an-event-for-a-project/
 */
export async function readEventBack(ctx: ProbeContext<"sentry">, api: NonNullable<SentryInputs["api"]>, projectId: string, eventId: string): Promise<ReadBack> {
  const pace = readBackPace[ctx.mode];
  const budgetMs = Math.min(pace.budgetMs, ctx.deadline.remaining() - pace.requestMarginMs);
  const url = `${api.url.replace(/\/+$/, "")}/projects/${encodeURIComponent(api.org)}/${encodeURIComponent(projectId)}/events/${eventId}/`;
  const read = await poll(
    async (): Promise<true | undefined> => {
      let reply;
      try {
        reply = await ctx.http.send({ label, method: "GET", url, headers: sentryHeaders(api), ok: (status) => status === 200 || status === 404 });
      } catch (error) {
        if (error instanceof HttpStatusError) throw new ProbeFailure(`${label}: HTTP ${error.status}; Sentry's ingest had queued it (200)`, explainSentryApi(api, "event:read")(error));
        throw error;
      }
      if (reply.status === 200) {
        const tags = reply.json<{ tags?: { key?: unknown; value?: unknown }[] }>().tags ?? [];
        if (!tags.some((tag) => tag.key === "run_id" && tag.value === ctx.runId)) {
          throw new ProbeFailure(
            `${label}: event ${eventId} does not carry the tag run_id:${ctx.runId}`,
            "Sentry answered with an event that is not the one just sent: check that SENTRY_ORG is the organisation of the DSN's project.",
          );
        }
        return true;
      }
      if (unknownProject(reply.text)) {
        throw new ProbeFailure(
          `${label}: Sentry has no project ${projectId} in organization "${api.org}" that SENTRY_AUTH_TOKEN can see (404)`,
          "Check SENTRY_ORG against the DSN: the DSN's project must belong to that organization, and the token must see it (project:read or event:read).",
        );
      }
      return undefined;
    },
    { pace: pace.poll, budgetMs, signal: ctx.deadline.signal, waits: ctx.waits },
  );
  return read.found ? { stored: true } : { stored: false, waitedMs: read.waitedMs };
}
