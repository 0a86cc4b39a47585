import type { ActiveFault, FaultSpec } from "./core/faults";
import type { Hop } from "./core/hopLog";
import type { PeerUrls } from "./core/peers";
import type { RecordedRequest, RequestFilter } from "./core/recorder";

/** A control call the mock refused: the status and the mock's `{ error }` message. */
export class MockControlError extends Error {
  override name = "MockControlError";
  constructor(
    readonly status: number,
    /** The mock's reason, e.g. a seed body it cannot apply. */
    readonly reason: string,
    call: string,
  ) {
    super(`mock control ${call}: ${status} ${reason}`);
  }
}

/**
 * The control API of one running mock service, over HTTP: what tests and the verify
 * program use to see side effects and clean-up, seed state and switch faults on.
 */
export class MockControl {
  constructor(readonly baseUrl: string) {}

  async #call(method: string, path: string, body?: unknown): Promise<unknown> {
    const response = await fetch(`${this.baseUrl}/__mock${path}`, {
      method,
      headers: body === undefined ? undefined : { "content-type": "application/json" },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await response.text();
    if (!response.ok) {
      let reason = text;
      try {
        reason = (JSON.parse(text) as { error?: string }).error ?? text;
      } catch {
        // Not JSON: keep the text as the reason.
      }
      throw new MockControlError(response.status, reason, `${method} ${path}`);
    }
    return text === "" ? undefined : JSON.parse(text);
  }

  async health(): Promise<{ status: string; service: string }> {
    return (await this.#call("GET", "/health")) as { status: string; service: string };
  }

  async requests(filter: RequestFilter = {}): Promise<RecordedRequest[]> {
    const query = new URLSearchParams(Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]));
    return ((await this.#call("GET", `/requests?${query}`)) as { requests: RecordedRequest[] }).requests;
  }

  async requestCount(filter: RequestFilter = {}): Promise<number> {
    const query = new URLSearchParams([...Object.entries(filter).map(([k, v]): [string, string] => [k, String(v)]), ["count", "1"]]);
    return ((await this.#call("GET", `/requests?${query}`)) as { total: number }).total;
  }

  async clearRequests(): Promise<void> {
    await this.#call("DELETE", "/requests");
  }

  async addFault(spec: FaultSpec): Promise<ActiveFault> {
    return (await this.#call("POST", "/faults", spec)) as ActiveFault;
  }

  async faults(): Promise<ActiveFault[]> {
    return ((await this.#call("GET", "/faults")) as { faults: ActiveFault[] }).faults;
  }

  async clearFaults(): Promise<void> {
    await this.#call("DELETE", "/faults");
  }

  async state<T = unknown>(): Promise<T> {
    return (await this.#call("GET", "/state")) as T;
  }

  async seed<T = unknown>(body: unknown): Promise<T> {
    return (await this.#call("POST", "/state", body)) as T;
  }

  async reset(): Promise<void> {
    await this.#call("POST", "/reset");
  }

  /** What this mock did for one chain (or every chain), oldest first. */
  async hops(correlationId?: string): Promise<Hop[]> {
    const query = correlationId === undefined ? "" : `?correlation=${encodeURIComponent(correlationId)}`;
    return ((await this.#call("GET", `/hops${query}`)) as { hops: Hop[] }).hops;
  }

  /** The other mocks' addresses, as this one reaches them. */
  async peers(): Promise<PeerUrls> {
    return ((await this.#call("GET", "/peers")) as { peers: PeerUrls }).peers;
  }
}
