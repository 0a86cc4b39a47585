import type { Deadline } from "./deadline";
import type { HttpClient } from "./http/httpClient";
import type { InputsByIntegration } from "./inputs/integrationInputs";
import type { Integration } from "./integrations";
import type { ProbeMode } from "./mode";
import type { Waits } from "./waits";

/** What a probe is given: its inputs, an HTTP client bound to its deadline, and the run id. */
export interface ProbeContext<N extends Integration> {
  integration: N;
  mode: ProbeMode;
  /** Marks every test event (tag, alias, dedup key) so it can be told apart and cleaned up. */
  runId: string;
  inputs: InputsByIntegration[N];
  http: HttpClient;
  deadline: Deadline;
  /** For pauses between polls (poll.ts); `http` has the same. */
  waits: Waits;
  /** One line for a request not made through `http` (an SDK call): what was sent, what came back. */
  log(line: string): void;
  /**
   * Registers a clean-up step (resolve the incident, close the alert). It runs even when a
   * later step fails or the run is interrupted, with an HTTP client of its own whose time is
   * reserved from the probe's deadline. The probe passes only if every clean-up passes.
   */
  cleanup(label: string, step: (http: HttpClient, deadline: Deadline) => Promise<void>): void;
}

/**
 * One integration's probe: sends its test event, checks it arrived where it can, and
 * registers the clean-up. Returns what it proved, in one line; throws ProbeFailure (or an
 * HTTP error) when something did not happen.
 */
export type Probe<N extends Integration> = (context: ProbeContext<N>) => Promise<ProbeVerdict>;

/**
 * PASS: sent and confirmed where it landed (a vendor's 202 or 200 "accepted" is not enough).
 * HOLD: sent, but arrival could not be confirmed (no read-back credential, a vendor that offers
 * no confirmation, or none within the deadline); V13 counts HOLD as not passed.
 */
export interface ProbeVerdict {
  status: "PASS" | "HOLD";
  summary: string;
}

/** A probe step that did not have the effect it should, with the diagnosis in words. */
export class ProbeFailure extends Error {
  override name = "ProbeFailure";
  constructor(
    message: string,
    readonly diagnosis?: string,
  ) {
    super(message);
  }
}
