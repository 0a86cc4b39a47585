import type { MockRequest, ServiceName } from "./types";

/**
 * The header one mock puts on every request it sends another mock for a vendor-to-vendor hop
 * (Sentry's PagerDuty action, Datadog's notification, PagerDuty's Slack post), and that a client
 * may put on the request that starts a chain (an event, a metric). No vendor uses it: it only lets
 * the mocks tie each hop of one chain together, so a test or verify can ask "what happened to X".
 */
export const correlationHeader = "x-mock-correlation-id";

/** What a step did: had its effect, was deliberately not taken (a filter, a draft), or broke. */
export type HopOutcome = "done" | "skipped" | "failed";

/** One step a mock took, or refused to take, for one chain. */
export interface Hop {
  seq: number;
  at: string;
  /** The mock that recorded it. */
  service: ServiceName;
  correlationId: string;
  /** What the step was, in the vendor's terms: "issue created", "workflow matched", "notify @pagerduty-Checkout-API-prod". */
  step: string;
  outcome: HopOutcome;
  /** What happened, in words, with no secret (keys appear as their last four characters at most). */
  detail: string;
}

/** The correlation id a request carries, if any. */
export function correlationOf(request: Pick<MockRequest, "headers">): string | undefined {
  const value = request.headers[correlationHeader];
  const id = Array.isArray(value) ? value[0] : value;
  return id && id.trim() !== "" ? id.trim() : undefined;
}

/** A key as a hop may show it: its last four characters. */
export const keyTail = (key: string): string => `…${key.slice(-4)}`;

/**
 * Every hop a mock recorded, oldest first, until cleared (a reset clears it). The newest `limit`
 * are kept, so a mock left running under load stays bounded.
 */
export class HopLog {
  #seq = 0;
  #hops: Hop[] = [];

  constructor(
    readonly service: ServiceName,
    private readonly limit = 20_000,
  ) {}

  record(correlationId: string, step: string, outcome: HopOutcome, detail: string): Hop {
    const hop: Hop = { seq: ++this.#seq, at: new Date().toISOString(), service: this.service, correlationId, step, outcome, detail };
    this.#hops.push(hop);
    if (this.#hops.length > this.limit * 1.1) this.#hops = this.#hops.slice(-this.limit);
    return hop;
  }

  /** The hops of one chain, or all of them. */
  list(correlationId?: string): Hop[] {
    return correlationId === undefined ? [...this.#hops] : this.#hops.filter((h) => h.correlationId === correlationId);
  }

  clear(): void {
    this.#hops = [];
  }
}
