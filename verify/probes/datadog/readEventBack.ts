import type { EventsApi } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/EventsApi";
import { sleep } from "../../deadline";
import { HttpStatusError } from "../../http/httpErrors";
import type { ProbeContext } from "../../probe";
import { ProbeFailure } from "../../probe";

/** In real mode, how long to wait for a posted event to become readable, and how often to look. */
export const realReadBack = { budgetMs: 10_000, intervalMs: 1_000, requestMarginMs: 3_000 } as const;

export type ReadBack = { readable: true } | { readable: false; waitedMs: number };

const appKeyRefused =
  "Datadog refused DD_APP_KEY when reading the test event back (the API key itself was accepted): the application key is revoked, belongs to another org, or lacks the events_read scope. Create one in Organization Settings → Application Keys and update DD_APP_KEY.";

/**
 * `GET /api/v1/events/<id>` (needs the application key) until the event is readable. Datadog
 * indexes events asynchronously, so in real mode a fresh event may answer 404 for a few
 * seconds: poll within a short budget that leaves the deadline room, and report "not yet
 * readable" rather than fail. The mock stores events at once, so there a 404 is a failure.
 */
export async function readEventBack(ctx: ProbeContext<"datadog">, events: EventsApi, eventId: string, runTag: string): Promise<ReadBack> {
  const budgetMs = ctx.mode === "mock" ? 0 : Math.min(realReadBack.budgetMs, ctx.deadline.remaining() - realReadBack.requestMarginMs);
  const started = performance.now();
  for (;;) {
    try {
      // `eventId` is typed as a number, but event ids are int64 beyond 2^53 (the JSON number in the
      // create answer is already rounded); the client only puts String(eventId) into the path, so the
      // exact `id_str` is passed through instead.
      const { event } = await events.getEvent({ eventId: eventId as unknown as number });
      if (!event?.tags?.includes(runTag)) {
        throw new ProbeFailure(
          `read the test event back: event ${eventId} does not carry the tag ${runTag}`,
          "Datadog answered with an event that is not the one just posted: check that DD_API_KEY and DD_APP_KEY belong to the same org.",
        );
      }
      return { readable: true };
    } catch (error) {
      if (error instanceof HttpStatusError && (error.status === 401 || error.status === 403)) {
        throw new ProbeFailure(`read the test event back: HTTP ${error.status}; metric and event were accepted`, appKeyRefused);
      }
      if (!(error instanceof HttpStatusError && error.status === 404)) throw error;
    }
    const waitedMs = performance.now() - started;
    if (waitedMs + realReadBack.intervalMs > budgetMs) {
      if (ctx.mode === "mock") {
        throw new ProbeFailure(
          `read the test event back: event ${eventId} was accepted (202) but answers 404`,
          "The Datadog mock accepted the event but cannot find it: restart the mock endpoints (npm run mocks) and retry.",
        );
      }
      return { readable: false, waitedMs };
    }
    await sleep(realReadBack.intervalMs, ctx.deadline.signal);
  }
}
