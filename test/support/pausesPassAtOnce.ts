import { afterEach, beforeEach, vi } from "vitest";

/**
 * For the calling test file: every pause of `minMs` or more asked of setTimeout passes at once,
 * in the order asked. The dynamic providers cannot be handed their waits (the engine runs their
 * serialized code), so their pauses (Sentry's settle read after a table write, the back-off
 * between read-modify-write rounds, a Retry-After) are scaled to nothing here instead of slept.
 * Shorter timers keep their time.
 */
export function pausesPassAtOnce(minMs = 200): void {
  const realSetTimeout = globalThis.setTimeout;
  beforeEach(() => {
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      realSetTimeout(handler, ms !== undefined && ms >= minMs ? 0 : ms, ...args)) as typeof setTimeout);
  });
  afterEach(() => {
    vi.mocked(globalThis.setTimeout).mockRestore();
  });
}
