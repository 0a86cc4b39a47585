import { sleep } from "./deadline";

/**
 * Every pause verify makes that is not a deadline: the back-off between retries (p-retry's,
 * from `backoff`), a vendor's Retry-After and the pauses between status polls (`sleep`). Real
 * by default; tests pass waits that return at once and record what was asked
 * (test/support/recordedWaits.ts), so no test sleeps through a back-off. Deadlines stay real:
 * they are what the probes promise the operator.
 */
export interface Waits {
  /** Resolves after `ms`, or at once when `signal` aborts; never later. */
  sleep(ms: number, signal: AbortSignal): Promise<void>;
  /** p-retry's exponential back-off: the first pause and the longest, in ms (randomised up to twice that). */
  backoff: { minMs: number; maxMs: number };
}

export const realWaits: Waits = { sleep, backoff: { minMs: 250, maxMs: 4_000 } };
