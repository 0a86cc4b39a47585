import type { HopOutcome } from "./hopLog";
import type { MockLinks } from "./types";

const linksKey = Symbol("operator-wiring mock links");

/**
 * Gives a vendor state its running mock's links (peers, hop log), out of sight: a symbol-keyed,
 * non-enumerable property, so snapshots, seeds' structured clones and `Object.assign` never copy
 * it. The server attaches them to whichever state is current before each request.
 */
export function attachLinks(state: object, links: MockLinks): void {
  if ((state as Record<symbol, unknown>)[linksKey] === links) return;
  Object.defineProperty(state, linksKey, { value: links, enumerable: false, writable: true, configurable: true });
}

/** The links of the mock this state belongs to; none for a state used outside a running mock (unit tests). */
export function linksOf(state: object): MockLinks | undefined {
  return (state as Record<symbol, MockLinks | undefined>)[linksKey];
}

/** Records a step of a chain in the hop log of this state's mock; nothing without a correlation id or outside a running mock. */
export function recordHop(state: object, correlationId: string | undefined, step: string, outcome: HopOutcome, detail: string): void {
  if (correlationId) linksOf(state)?.hops.record(correlationId, step, outcome, detail);
}
