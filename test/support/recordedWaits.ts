import type { Waits } from "../../verify/waits";

/**
 * Waits that return at once and remember every pause asked for (back-off is zero), so no test
 * sleeps through a back-off, a Retry-After or a poll; a test can still assert what was asked.
 */
export function recordedWaits(): Waits & { asked: number[] } {
  const asked: number[] = [];
  return {
    asked,
    backoff: { minMs: 0, maxMs: 0 },
    sleep: async (ms) => {
      asked.push(ms);
    },
  };
}
