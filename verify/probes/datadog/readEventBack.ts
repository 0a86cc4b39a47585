import { HttpStatusError } from "../../http/httpErrors";
import { poll } from "../../poll";
import type { ProbeContext } from "../../probe";
import { ProbeFailure } from "../../probe";
import type { DatadogClient } from "./datadogClient";

/**
 * How long to wait for a posted event to become readable, how often to look, and how much of the
 * deadline to keep for the last request: Datadog takes seconds, the mock two reads.
 */
export const readBackPace = {
  real: { budgetMs: 10_000, poll: { firstMs: 250, maxMs: 1_000 }, requestMarginMs: 3_000 },
  mock: { budgetMs: 10_000, poll: { firstMs: 10, maxMs: 100 }, requestMarginMs: 500 },
} as const;

export type ReadBack = { readable: true } | { readable: false; waitedMs: number };

const appKeyRefused =
  "Datadog refused DD_APP_KEY when reading the test event back (the API key itself was accepted): the application key is revoked, belongs to another org, or lacks the events_read scope. Create one in Organization Settings → Application Keys and update DD_APP_KEY.";

/**
 * `GET /api/v1/events/<id>` (needs the application key) until the event is readable, and then
 * insists it carries the run's tag. Datadog indexes events asynchronously, so a fresh event
 * answers 404 for a while: poll within a budget that leaves the deadline room. A 404 that lasts
 * is not a pass: it is also what an application key of another org gets, so it is reported as
 * unconfirmed. Datadog stores tags lowercased, so the tag is compared as Datadog keeps it.
 * @see https://docs.datadoghq.com/getting_started/tagging/#define-tags ("Tags are converted to lowercase")
 */
export async function readEventBack(ctx: ProbeContext<"datadog">, client: DatadogClient, eventId: string, runTag: string): Promise<ReadBack> {
  const pace = readBackPace[ctx.mode];
  const budgetMs = Math.min(pace.budgetMs, ctx.deadline.remaining() - pace.requestMarginMs);
  const stored = runTag.toLowerCase();
  const read = await poll(
    async (): Promise<true | undefined> => {
      try {
        // The exact `id_str`: event ids are int64 beyond 2^53 (the JSON number in the create answer is already rounded).
        const { event } = await client.getEvent(eventId);
        if (!event?.tags?.some((tag) => tag.toLowerCase() === stored)) {
          throw new ProbeFailure(
            `read the test event back: event ${eventId} does not carry the tag ${stored}`,
            "Datadog answered with an event that is not the one just posted: check that DD_API_KEY and DD_APP_KEY belong to the same org.",
          );
        }
        return true;
      } catch (error) {
        if (error instanceof HttpStatusError && (error.status === 401 || error.status === 403)) {
          throw new ProbeFailure(`read the test event back: HTTP ${error.status}; metric and event were accepted`, appKeyRefused);
        }
        if (!(error instanceof HttpStatusError && error.status === 404)) throw error;
        return undefined;
      }
    },
    { pace: pace.poll, budgetMs, signal: ctx.deadline.signal, waits: ctx.waits },
  );
  return read.found ? { readable: true } : { readable: false, waitedMs: read.waitedMs };
}
