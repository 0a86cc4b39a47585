import type { Waits } from "./waits";

/**
 * How often to ask again for something a vendor does after answering (an incident opened, a
 * request processed, an event stored or indexed): at once, then after a pause of `firstMs`
 * that doubles up to `maxMs`. Quick at first, because the usual wait is short; slower later,
 * so a long wait costs few requests.
 */
export interface PollPace {
  firstMs: number;
  maxMs: number;
}

export interface PollOptions {
  pace: PollPace;
  /** How long to keep asking, in ms: no pause starts that would end past it. */
  budgetMs: number;
  signal: AbortSignal;
  waits: Waits;
}

/** What `look` found, or how long it was looked for in vain. */
export type Polled<T> = { found: T } | { found: undefined; waitedMs: number };

/**
 * Calls `look` until it returns something other than undefined, or until the next pause would
 * end past the budget. The time spent counts the pauses asked for even when the waits return
 * early (as in tests), so the number of looks is the same either way. A signal aborted during a
 * pause ends it; the next look's request then fails with the deadline's or the interrupt's error.
 */
export async function poll<T>(look: () => Promise<T | undefined>, options: PollOptions): Promise<Polled<T>> {
  const started = performance.now();
  let paused = 0;
  for (let pause = options.pace.firstMs; ; pause = Math.min(options.pace.maxMs, pause * 2)) {
    const found = await look();
    if (found !== undefined) return { found };
    const waitedMs = Math.max(performance.now() - started, paused);
    if (waitedMs + pause > options.budgetMs) return { found: undefined, waitedMs };
    await options.waits.sleep(pause, options.signal);
    paused += pause;
  }
}
