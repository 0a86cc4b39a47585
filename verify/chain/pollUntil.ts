import { type Deadline, sleep } from "../deadline";

/** How often the chain looks, and how much of a hop's deadline it keeps for the last look. */
export const pace = { mock: { intervalMs: 50, marginMs: 300 }, real: { intervalMs: 2_000, marginMs: 3_000 } } as const;

/**
 * Asks `look` until it finds something or the hop's deadline would end before another look
 * answers; undefined then. Every look draws on the same deadline, so a hop never outlives it.
 */
export async function pollUntil<T>(deadline: Deadline, mode: "mock" | "real", look: () => Promise<T | undefined>): Promise<T | undefined> {
  const { intervalMs, marginMs } = pace[mode];
  for (;;) {
    const found = await look();
    if (found !== undefined) return found;
    if (deadline.expired || deadline.remaining() < intervalMs + Math.min(marginMs, deadline.ms * 0.2)) return undefined;
    await sleep(intervalMs, deadline.signal);
  }
}
