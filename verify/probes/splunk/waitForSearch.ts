import { HttpStatusError } from "../../http/httpErrors";
import { poll } from "../../poll";
import { type ProbeContext, ProbeFailure } from "../../probe";
import { countRunEvents, type SplunkSearch } from "./countRunEvents";

/**
 * How long to search, how often, and how much of the deadline to keep for the last request. A
 * search starts a search job on the search head: asked less often than the ack endpoint.
 */
export const searchPace = {
  real: { budgetMs: 30_000, poll: { firstMs: 1_000, maxMs: 5_000 }, requestMarginMs: 5_000 },
  mock: { budgetMs: 10_000, poll: { firstMs: 10, maxMs: 100 }, requestMarginMs: 500 },
} as const;

export type Searched = { found: true } | { found: false; waitedMs: number };

/**
 * Searches the index for the run's event until it is found (indexed and searchable): the
 * confirmation a token without indexer acknowledgment (Splunk's default, and the stack's HEC
 * token) cannot give. A refused search token fails the probe with what to fix; an event still not
 * found when the budget ends is reported as such, for the caller to HOLD on.
 */
export async function waitForSearch(ctx: ProbeContext<"splunk">, search: SplunkSearch, index: string): Promise<Searched> {
  const pace = searchPace[ctx.mode];
  const budgetMs = Math.min(pace.budgetMs, ctx.deadline.remaining() - pace.requestMarginMs);
  try {
    const read = await poll(async () => ((await countRunEvents(ctx.http, search, index, ctx.runId)) > 0 ? true : undefined), {
      pace: pace.poll,
      budgetMs,
      signal: ctx.deadline.signal,
      waits: ctx.waits,
    });
    return read.found ? { found: true } : { found: false, waitedMs: read.waitedMs };
  } catch (error) {
    if (error instanceof HttpStatusError && (error.status === 401 || error.status === 403)) {
      throw new ProbeFailure(
        `${error.label}: HTTP ${error.status} the search was refused`,
        `Splunk search: SPLUNK_SEARCH_TOKEN was refused (${error.status}) at ${search.url}: it must be a valid token (Settings → Tokens) of a user whose role may search index ${index}, and SPLUNK_SEARCH_URL the management port (often :8089), not HEC's.`,
      );
    }
    throw error;
  }
}
