import { Deadline } from "../deadline";
import { HttpClient } from "../http/httpClient";
import type { ChainEndpoints } from "./chainEndpoints";
import type { HopLine } from "./chainResult";
import type { ChainTarget } from "./chainRoutes";
import type { ChainAlert } from "./opsgenieHops";
import type { ChainIncident } from "./pagerdutyHops";

/** What every source of one chain run shares. */
export interface ChainRunOptions {
  endpoints: ChainEndpoints;
  runId: string;
  /** Each hop's own deadline (a hop waits this long at most for its arrival). */
  hopTimeoutMs: number;
  /** Aborted on Ctrl-C: hops stop, clean-up still runs. */
  interrupt: AbortSignal;
  /** Where request lines and hop lines go (redacted by the caller). */
  log: (line: string) => void;
  /** The other stacks' targets in scope, for the negative proof. */
  elsewhere: { stack: string; environment: string; target: ChainTarget }[];
}

/**
 * One source's run: its marker, its hop lines, what it found open (for the clean-up and the
 * negative proof), its requests, and an HTTP client per hop, each bound to that hop's deadline.
 */
export class SourceRun {
  readonly hops: HopLine[] = [];
  requests = 0;
  raisedAt = performance.now();
  /** Unix seconds just before the alert was raised (Slack's `oldest`, PagerDuty's `since`). */
  readonly startedAt = new Date(Date.now() - 60_000);
  /** Everything found carrying the marker, on expected targets or not: the clean-up resolves it all. */
  readonly incidents = new Map<string, ChainIncident>();
  readonly alerts = new Map<string, { alert: ChainAlert; key: string }>();
  readonly #deadlines: Deadline[] = [];
  /** The text a vendor's search can narrow by (the marker), when the source's alerts carry it. */
  search: string | undefined;

  constructor(
    readonly options: ChainRunOptions,
    /** In the alert's text, and the mocks' correlation id. */
    readonly marker: string,
    /** Prefix of this source's lines. */
    readonly label: string,
  ) {}

  get mode(): "mock" | "real" {
    return this.options.endpoints.mode;
  }

  /** A fresh deadline for one hop (or `ms`), ended early by Ctrl-C. */
  deadline(ms = this.options.hopTimeoutMs, interruptible = true): Deadline {
    const deadline = new Deadline(ms, interruptible ? this.options.interrupt : undefined);
    this.#deadlines.push(deadline);
    return deadline;
  }

  http(deadline: Deadline): HttpClient {
    return new HttpClient({
      integration: `chain ${this.label}`,
      deadline,
      log: (line) => {
        this.requests += 1;
        this.options.log(line);
      },
      note: this.options.log,
    });
  }

  /** The correlation header the mocks tie this chain's hops with (mock mode only; no vendor reads it). */
  correlationHeaders(): Record<string, string> {
    return this.mode === "mock" ? { "x-mock-correlation-id": this.marker } : {};
  }

  latency(): number {
    return Math.round(performance.now() - this.raisedAt);
  }

  add(line: HopLine): HopLine {
    this.hops.push(line);
    return line;
  }

  dispose(): void {
    for (const deadline of this.#deadlines) deadline.dispose();
  }
}
