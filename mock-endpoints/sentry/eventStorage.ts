import { isDue } from "../core/duePolicy";
import { processDueEvents } from "./postProcess";
import type { Grouping, IngestedEvent, ReceivedEvent, SentryState } from "./state";

/** Accepted events kept for lookups; the oldest go first, so a long-running mock stays bounded. */
const maxIngested = 50_000;

const keyOf = (projectId: string, eventId: string) => `${projectId}:${eventId}`;

/**
 * Relay answers 200 with the event id once the envelope is queued, not stored: Sentry processes
 * it afterwards, and drops it then when the project config says so (a revoked key learned on a
 * cold cache, inbound filters, quotas). The mock keeps each accepted error event with when it
 * was accepted and, when it will never be stored, why.
 * @see https://github.com/getsentry/relay/blob/master/relay-server/src/lib.rs ("Path of an Event through Relay": envelopes wait in a buffer until the project config is fetched)
 */
export function acceptForStorage(state: SentryState, record: ReceivedEvent, accepted: { grouping: Grouping; drop?: string; correlationId?: string }): void {
  if (!record.eventId) return;
  const { drop, grouping } = accepted;
  const entry: IngestedEvent = {
    eventId: record.eventId,
    projectId: record.projectId,
    record,
    acceptedAt: Date.now(),
    readsAtAccept: state.reads,
    ...(drop ? { drop } : {}),
    correlationId: accepted.correlationId ?? record.eventId,
    grouping,
  };
  state.ingested.set(keyOf(record.projectId, record.eventId), entry);
  state.unprocessed.push(entry);
  if (state.ingested.size > maxIngested) state.ingested.delete(state.ingested.keys().next().value as string);
  if (state.unprocessed.length > maxIngested) state.unprocessed.shift();
}

/** What happened to an accepted event so far: `pending`, `stored`, or `dropped: <why>`. */
export function outcomeOf(state: SentryState, entry: IngestedEvent): string {
  if (!isDue(state.processing, state.reads, entry)) return "pending";
  return entry.drop ? `dropped: ${entry.drop}` : "stored";
}

/** The stored event, if it is stored by now; counts as one read of events (after the due ones were processed). */
export function readStoredEvent(state: SentryState, projectId: string, eventId: string): IngestedEvent | undefined {
  processDueEvents(state);
  const entry = state.ingested.get(keyOf(projectId, eventId));
  const stored = entry !== undefined && outcomeOf(state, entry) === "stored" ? entry : undefined;
  state.reads += 1;
  return stored;
}
