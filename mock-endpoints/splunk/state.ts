import { randomUUID } from "node:crypto";
import type { Accepted, DuePolicy } from "../core/duePolicy";

/** A HEC token GUID, as Splunk generates and checks it: 8-4-4-4-12 hexadecimal digits. */
export const guidPattern = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;

/** Splunk shows new tokens in upper case (`splunk http-event-collector create`, Splunk Web). */
export function newGuid(): string {
  return randomUUID().toUpperCase();
}

/** The intake endpoint an event came through. */
export type HecEndpoint = "event" | "raw";

/**
 * One HEC token, as `inputs.conf` stanza `[http://<name>]` and the management API
 * `data/inputs/http` describe it.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Admin/Inputsconf (HTTP Event Collector section)
 */
export interface HecToken {
  /** The stanza name without `http://`; null for a well-formed GUID nobody created (the mock accepts it). */
  name: string | null;
  token: string;
  /** Default index for events that name none. @default "main" */
  index: string;
  /** Indexes events may name; empty means any index (inputs.conf: "If you do not specify … any index"). */
  indexes: string[];
  sourcetype?: string;
  source?: string;
  host?: string;
  description?: string;
  disabled: boolean;
  /**
   * Indexer acknowledgment: every request then needs a data channel, and gets an `ackId`.
   * `with-channel` is the stand-in's (a GUID nobody created): it acknowledges when the sender
   * opens a data channel, as a token set up with acknowledgment for that sender would, and takes
   * plain requests without one. Tokens created or seeded are on or off, as in Splunk (off by default).
   */
  useACK: boolean | "with-channel";
  /** Whether `?token=` may carry the token; off by default in Splunk (code 16 otherwise). */
  allowQueryStringAuth: boolean;
}

/** An event as HEC indexed it: metadata resolved against the token's defaults. */
export interface ReceivedEvent {
  event: unknown;
  index: string;
  sourcetype: string;
  source: string | null;
  host: string | null;
  /** Epoch seconds as sent (`time`), or null when the sender left it to Splunk. */
  time: number | null;
  fields: Record<string, unknown> | null;
  tokenName: string | null;
  endpoint: HecEndpoint;
  channel: string | null;
  receivedAt: string;
}

export interface SplunkState {
  /** Tokens created through the management API or seeded, by name. */
  tokens: Map<string, HecToken>;
  /** The same tokens by GUID, for the intake path. */
  byGuid: Map<string, HecToken>;
  /** Received events per index, in arrival order. */
  indexes: Map<string, ReceivedEvent[]>;
  /** Next acknowledgment id per data channel (indexer acknowledgment). */
  acks: Map<string, number>;
  /** Issued acknowledgment ids by `<channel>:<id>`: when, for `indexing`. */
  issuedAcks: Map<string, Accepted>;
  /** When an acknowledged request counts as indexed; the observing reads are ack queries. */
  indexing: DuePolicy;
  /** Ack queries so far (the clock `indexing.polls` runs on). */
  ackQueries: number;
  /** GUIDs of tokens deleted through the management API: Splunk no longer knows them (code 4). */
  deleted: Set<string>;
  /** When a received event turns up in searches; the observing reads are searches. */
  searchable: DuePolicy;
  /** Searches so far (the clock `searchable.polls` runs on). */
  searches: number;
  /** When each event was received, for `searchable` (kept out of the events the state shows). */
  receipts: WeakMap<ReceivedEvent, Accepted>;
}

export function createSplunkState(): SplunkState {
  return {
    tokens: new Map(),
    byGuid: new Map(),
    indexes: new Map(),
    acks: new Map(),
    issuedAcks: new Map(),
    // Indexing takes a moment: the first ack query after a request says false, the next true.
    indexing: { polls: 1 },
    ackQueries: 0,
    deleted: new Set(),
    // Searches lag intake as Splunk's indexing does: the first search after an event's receipt
    // does not find it, the next one does.
    searchable: { polls: 1 },
    searches: 0,
    receipts: new WeakMap(),
  };
}

/** Adds or replaces a token under its name and GUID. */
export function putToken(state: SplunkState, token: HecToken & { name: string }): void {
  const previous = state.tokens.get(token.name);
  if (previous) state.byGuid.delete(previous.token);
  state.tokens.set(token.name, token);
  state.byGuid.set(token.token, token);
  state.deleted.delete(token.token);
}

export function removeToken(state: SplunkState, name: string): boolean {
  const token = state.tokens.get(name);
  if (!token) return false;
  state.tokens.delete(name);
  state.byGuid.delete(token.token);
  state.deleted.add(token.token);
  return true;
}

/**
 * The token a request's GUID stands for: a known one, or an enabled stand-in writing to
 * `main` for any other well-formed GUID (not for one deleted through the management API),
 * acknowledging requests that come with a data channel.
 */
export function tokenFor(state: SplunkState, guid: string): HecToken | undefined {
  const known = state.byGuid.get(guid);
  if (known) return known;
  if (!guidPattern.test(guid) || state.deleted.has(guid)) return undefined;
  return { name: null, token: guid, index: "main", indexes: [], disabled: false, useACK: "with-channel", allowQueryStringAuth: false };
}

export function storeEvent(state: SplunkState, event: ReceivedEvent): void {
  state.receipts.set(event, { acceptedAt: Date.now(), readsAtAccept: state.searches });
  const list = state.indexes.get(event.index);
  if (list) list.push(event);
  else state.indexes.set(event.index, [event]);
}
