import { poll } from "../../poll";
import type { ProbeContext } from "../../probe";
import { ProbeFailure } from "../../probe";

/** How long to wait for the indexers, how often to ask, and how much of the deadline to keep for the last request. */
export const ackPace = {
  real: { budgetMs: 15_000, poll: { firstMs: 250, maxMs: 1_000 }, requestMarginMs: 2_000 },
  mock: { budgetMs: 10_000, poll: { firstMs: 10, maxMs: 100 }, requestMarginMs: 500 },
} as const;

export type Indexing = { indexed: true } | { indexed: false; waitedMs: number };

/**
 * Asks HEC's indexer acknowledgment endpoint about one ack id, on the data channel the event was
 * sent on, until the indexers have written it: HEC's 200 code 0 only says the data was received.
 * An id still false when the budget ends is reported as not indexed, for the caller to HOLD on.
 * The query is a read: resending it is harmless.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/AboutHECIDXAck ("Query for indexing status")
 */
export async function waitForIndexing(ctx: ProbeContext<"splunk">, base: string, headers: Record<string, string>, ackId: number): Promise<Indexing> {
  const pace = ackPace[ctx.mode];
  const budgetMs = Math.min(pace.budgetMs, ctx.deadline.remaining() - pace.requestMarginMs);
  const label = "check indexer acknowledgement";
  const read = await poll(
    async (): Promise<true | undefined> => {
      const reply = await ctx.http.send({ label, method: "POST", url: `${base}/services/collector/ack`, headers, json: { acks: [ackId] }, resendSafe: "a status query" });
      let acked: unknown;
      try {
        acked = reply.json<{ acks?: Record<string, unknown> }>().acks?.[String(ackId)];
      } catch {
        acked = undefined;
      }
      if (typeof acked !== "boolean") {
        throw new ProbeFailure(
          `${label}: expected {"acks":{"${ackId}":true|false}}, got ${reply.status} ${reply.text.trim().slice(0, 80) || "(empty body)"}`,
          "Something other than Splunk HEC answered the acknowledgement query (a proxy or load balancer?): check SPLUNK_HEC_URL, and that a load balancer keeps a data channel on one HEC node (sticky sessions).",
        );
      }
      return acked ? true : undefined;
    },
    { pace: pace.poll, budgetMs, signal: ctx.deadline.signal, waits: ctx.waits },
  );
  return read.found ? { indexed: true } : { indexed: false, waitedMs: read.waitedMs };
}
