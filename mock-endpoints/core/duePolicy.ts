import { SeedError } from "./types";

/**
 * When something a vendor does asynchronously shows (an event stored, an incident opened, an ack
 * turned true): after `polls` observing reads have followed it, or after `delayMs`, whichever
 * first; an unset condition never fires. Reads rather than time by default, so tests wait for
 * nothing: a client sees the effect on its second look, as it must be ready to.
 */
export interface DuePolicy {
  polls?: number;
  delayMs?: number;
}

/** When a thing was accepted: the time, and the count of observing reads then. */
export interface Accepted {
  acceptedAt: number;
  readsAtAccept: number;
}

/** Whether `thing` is due under `policy`, `reads` observing reads having been made so far. */
export function isDue(policy: DuePolicy, reads: number, thing: Accepted, now = Date.now()): boolean {
  const { polls, delayMs } = policy;
  return (polls !== undefined && reads - thing.readsAtAccept >= polls) || (delayMs !== undefined && now - thing.acceptedAt >= delayMs);
}

/**
 * How many of a queue's first things are due: things are accepted in order, so the first one not
 * due ends the run and the ones behind it wait with it (the vendor keeps their order).
 */
export function dueCount(policy: DuePolicy, reads: number, queue: readonly Accepted[], now = Date.now()): number {
  let due = 0;
  while (due < queue.length && isDue(policy, reads, queue[due], now)) due += 1;
  return due;
}

const isCount = (value: unknown): boolean => value === undefined || (typeof value === "number" && Number.isInteger(value) && value >= 0);

/** A seed's policy (`{ "polls"?, "delayMs"? }`), or a SeedError naming the seed key and what `polls` counts. */
export function duePolicyOf(value: unknown, key: string, counted: string): DuePolicy {
  const entry = (value ?? {}) as Record<string, unknown>;
  if (typeof value !== "object" || value === null || (entry.polls === undefined && entry.delayMs === undefined) || !isCount(entry.polls) || !isCount(entry.delayMs)) {
    throw new SeedError(`"${key}" needs "polls" (${counted}) and/or "delayMs", whole numbers, 0 or more`);
  }
  return { polls: entry.polls as number | undefined, delayMs: entry.delayMs as number | undefined };
}
