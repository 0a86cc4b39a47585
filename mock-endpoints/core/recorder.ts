import type { IncomingHttpHeaders } from "node:http";

/** A request the mock received, as the control API shows it. */
export interface RecordedRequest {
  seq: number;
  at: string;
  method: string;
  path: string;
  query: Record<string, string>;
  headers: IncomingHttpHeaders;
  /** The decoded body as text. */
  body: string;
  /** The status answered; undefined while pending (a hang, a delay) or when the connection was reset. */
  status?: number;
  /** The fault that answered instead of the vendor logic, if any. */
  fault?: string;
  /** True when no vendor route matched. */
  unmatched?: boolean;
}

export interface RequestFilter {
  method?: string;
  path?: string;
  /** Only requests after this sequence number. */
  since?: number;
}

/**
 * Everything a service received, in order, until cleared. The newest `limit` requests are
 * kept, so a mock left running for days does not grow without bound; `received` still
 * counts every request since the last clear, so a load test can check none was lost.
 */
export class RequestRecorder {
  #seq = 0;
  #received = 0;
  #requests: RecordedRequest[] = [];

  constructor(private readonly limit = 100_000) {}

  record(entry: Omit<RecordedRequest, "seq" | "at">): RecordedRequest {
    const recorded = { seq: ++this.#seq, at: new Date().toISOString(), ...entry };
    this.#received += 1;
    this.#requests.push(recorded);
    // Dropping in batches keeps this O(1) amortised at full load.
    if (this.#requests.length > this.limit * 1.1) this.#requests = this.#requests.slice(-this.limit);
    return recorded;
  }

  /** Requests received since the last clear, including any no longer kept. */
  get received(): number {
    return this.#received;
  }

  list(filter: RequestFilter = {}): RecordedRequest[] {
    return this.#requests.filter(
      (r) =>
        (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || r.path === filter.path) &&
        (filter.since === undefined || r.seq > filter.since),
    );
  }

  clear(): void {
    this.#requests = [];
    this.#received = 0;
  }
}
