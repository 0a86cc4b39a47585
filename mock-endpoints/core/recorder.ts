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

/** Everything a service received, in order, until cleared. */
export class RequestRecorder {
  #seq = 0;
  #requests: RecordedRequest[] = [];

  record(entry: Omit<RecordedRequest, "seq" | "at">): RecordedRequest {
    const recorded = { seq: ++this.#seq, at: new Date().toISOString(), ...entry };
    this.#requests.push(recorded);
    return recorded;
  }

  list(filter: RequestFilter = {}): RecordedRequest[] {
    return this.#requests.filter(
      (r) =>
        (filter.method === undefined || r.method === filter.method.toUpperCase()) &&
        (filter.path === undefined || r.path === filter.path) &&
        (filter.since === undefined || r.seq > filter.since),
    );
  }

  get count(): number {
    return this.#requests.length;
  }

  clear(): void {
    this.#requests = [];
  }
}
