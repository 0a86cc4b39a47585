import { randomUUID } from "node:crypto";
import type { ReceivedEvent } from "./state";

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json => value !== null && typeof value === "object" && !Array.isArray(value);
const str = (value: unknown): string | undefined => (typeof value === "string" ? value : undefined);

/** Relay answers event ids in the simple (undashed, lowercase) UUID form. */
export function normaliseEventId(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  const simple = value.replace(/-/g, "").toLowerCase();
  return /^[0-9a-f]{32}$/.test(simple) ? simple : undefined;
}

export function newEventId(): string {
  return randomUUID().replace(/-/g, "");
}

/** The exception that was raised: Sentry lists chained exceptions oldest first, so the last one. */
function exceptionOf(event: Json): ReceivedEvent["exception"] {
  const container = event.exception;
  const values = Array.isArray(container) ? container : isObject(container) && Array.isArray(container.values) ? container.values : [];
  const last: unknown = values[values.length - 1];
  return isObject(last) ? { type: str(last.type), value: str(last.value) } : undefined;
}

/** `message` may be a string or `{formatted, message}`; `logentry` is its newer name. */
function messageOf(event: Json): string | undefined {
  for (const candidate of [event.message, event.logentry]) {
    if (typeof candidate === "string") return candidate;
    if (isObject(candidate)) return str(candidate.formatted) ?? str(candidate.message);
  }
  return undefined;
}

/** Tags come as an object or as `[key, value]` pairs. */
function tagsOf(event: Json): Record<string, string> | undefined {
  const tags = event.tags;
  if (Array.isArray(tags)) {
    return Object.fromEntries(tags.filter((t): t is [unknown, unknown] => Array.isArray(t) && t.length === 2).map(([k, v]) => [String(k), String(v)]));
  }
  if (isObject(tags)) return Object.fromEntries(Object.entries(tags).map(([k, v]) => [k, String(v)]));
  return undefined;
}

/** The tags Sentry shows on a stored event: its environment and level, then the ones it was sent with. */
export function storedTags(record: ReceivedEvent): Record<string, string> {
  return { ...(record.environment ? { environment: record.environment } : {}), level: record.level ?? "error", ...record.tags };
}

/** The stored tags as Sentry's API lists them: `[{key, value}]`. */
export function tagList(record: ReceivedEvent): { key: string; value: string }[] {
  return Object.entries(storedTags(record)).map(([key, value]) => ({ key, value }));
}

/** Drops unset fields so the state reads cleanly. */
function compact(event: ReceivedEvent): ReceivedEvent {
  return Object.fromEntries(Object.entries(event).filter(([, v]) => v !== undefined)) as unknown as ReceivedEvent;
}

export interface ItemContext {
  projectId: string;
  endpoint: ReceivedEvent["endpoint"];
  /** The envelope header's event id and SDK, used when the payload has none. */
  eventId?: string;
  sdk?: string;
}

/** An `event` or `transaction` payload, reduced to what the state shows. */
export function eventRecord(itemType: string, event: Json, context: ItemContext): ReceivedEvent {
  const sdk = isObject(event.sdk) ? str(event.sdk.name) : undefined;
  return compact({
    projectId: context.projectId,
    endpoint: context.endpoint,
    itemType,
    eventId: normaliseEventId(event.event_id) ?? context.eventId,
    // Relay defaults an event's level to error; transactions have none.
    level: str(event.level) ?? (itemType === "event" ? "error" : undefined),
    exception: exceptionOf(event),
    message: messageOf(event),
    tags: tagsOf(event),
    environment: str(event.environment),
    release: str(event.release),
    sdk: sdk ?? context.sdk,
    transaction: itemType === "transaction" ? str(event.transaction) : undefined,
    receivedAt: new Date().toISOString(),
  });
}

/** Any other item (`session`, `sessions`, `client_report`, `attachment`, …): its type, and for sessions the status and attributes. */
export function otherRecord(itemType: string, payload: Buffer, context: ItemContext): ReceivedEvent {
  let session: Json = {};
  if (itemType === "session" || itemType === "sessions") {
    try {
      const parsed: unknown = JSON.parse(payload.toString("utf8"));
      if (isObject(parsed)) session = parsed;
    } catch {
      // Relay drops a broken session item without failing the request; so does the mock.
    }
  }
  const attrs = isObject(session.attrs) ? session.attrs : {};
  return compact({
    projectId: context.projectId,
    endpoint: context.endpoint,
    itemType,
    status: str(session.status),
    release: str(attrs.release),
    environment: str(attrs.environment),
    sdk: context.sdk,
    receivedAt: new Date().toISOString(),
  });
}
