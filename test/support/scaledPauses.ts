import { afterEach, beforeEach, vi } from "vitest";

/**
 * For the calling test file: every pause of 100 ms or more asked of setTimeout lasts a twentieth
 * as long. The dynamic providers cannot be handed their waits (the engine runs their serialized
 * code), so their pauses (Sentry's one-second settle read after a table write, the jittered
 * back-off between read-modify-write rounds, a Retry-After) are scaled here instead of slept in
 * full. Scaled alike, the mocks' `delay` faults that tests use to stage a race keep their place
 * among them: a writer delayed 300 ms still lands before a settle read due after one second.
 */
export function scaledPauses(): void {
  const realSetTimeout = globalThis.setTimeout;
  beforeEach(() => {
    vi.spyOn(globalThis, "setTimeout").mockImplementation(((handler: (...args: unknown[]) => void, ms?: number, ...args: unknown[]) =>
      realSetTimeout(handler, ms !== undefined && ms >= 100 ? ms / 20 : ms, ...args)) as typeof setTimeout);
  });
  afterEach(() => {
    vi.mocked(globalThis.setTimeout).mockRestore();
  });
}
