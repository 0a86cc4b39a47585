import { correlationOf } from "../core/hopLog";
import { json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { type Envelope, EnvelopeError, parseEnvelope } from "./envelope";
import { ingestError } from "./errors";
import { type ItemContext, eventRecord, newEventId, normaliseEventId, otherRecord } from "./eventRecord";
import { acceptForStorage } from "./eventStorage";
import { groupingOf } from "./grouping";
import { processDueEvents } from "./postProcess";
import { authenticateIngest, isReply } from "./ingestAuth";
import { type ReceivedEvent, type SentryState, maxEventsPerProject, organisationOfProject } from "./state";

const projectIdShape = /^\d+$/;

/** What an error event goes on to storage with: how it groups, why it will drop, the chain it starts. */
interface Accepted {
  grouping?: ReturnType<typeof groupingOf>;
  drop?: string;
  correlationId?: string;
}

/** Keeps what Relay received; an error event also goes on towards storage (or, with `drop`, towards being dropped). */
function keep(state: SentryState, record: ReceivedEvent, accepted: Accepted): void {
  if (record.itemType === "event" && accepted.grouping) acceptForStorage(state, record, { ...accepted, grouping: accepted.grouping });
  let bucket = state.events.get(record.projectId);
  if (!bucket) state.events.set(record.projectId, (bucket = { received: 0, events: [] }));
  bucket.received += 1;
  bucket.events.push(record);
  if (bucket.events.length > maxEventsPerProject) bucket.events.shift();
  // An environment exists in Sentry once an event has used it (legacy rules with an unknown one are refused).
  if (record.environment) organisationOfProject(state, record.projectId)?.environments.add(record.environment);
}

function parseObject(payload: Buffer): Record<string, unknown> | SyntaxError {
  try {
    const value: unknown = JSON.parse(payload.toString("utf8"));
    return value !== null && typeof value === "object" && !Array.isArray(value) ? (value as Record<string, unknown>) : new SyntaxError("expected an object");
  } catch (error) {
    return error as SyntaxError;
  }
}

/**
 * `POST /api/{project}/envelope/`: what @sentry/node sends (no Content-Type, chunked, gzip above
 * 32 KiB; the core has already decompressed). Answers `{"id": <event id>}`, or `{}` for an envelope
 * with no event (sessions, client reports).
 * @see https://develop.sentry.dev/sdk/data-model/envelopes/
 */
function postEnvelope(state: SentryState, request: MockRequest): MockReply {
  const { projectId } = request.params;
  if (!projectIdShape.test(projectId)) return ingestError.badProject();
  let envelope: Envelope | EnvelopeError | undefined;
  if (request.body.length > 0) {
    try {
      envelope = parseEnvelope(request.body);
    } catch (error) {
      if (!(error instanceof EnvelopeError)) throw error;
      envelope = error;
    }
  }
  // Relay checks the request's auth before the body; the envelope header's DSN is the last resort.
  const auth = authenticateIngest(state, request, envelope instanceof EnvelopeError ? undefined : envelope?.header.dsn);
  if (isReply(auth)) return auth;
  if (!envelope) return ingestError.emptyBody();
  if (envelope instanceof EnvelopeError) return ingestError.invalidEnvelope(envelope.message);

  const sdkHeader = envelope.header.sdk;
  const context: ItemContext = {
    projectId,
    endpoint: "envelope",
    eventId: normaliseEventId(envelope.header.event_id),
    sdk: sdkHeader !== null && typeof sdkHeader === "object" && typeof (sdkHeader as { name?: unknown }).name === "string" ? (sdkHeader as { name: string }).name : undefined,
  };
  const records: { record: ReceivedEvent; grouping?: ReturnType<typeof groupingOf> }[] = [];
  let responseId = context.eventId;
  for (const item of envelope.items) {
    if (item.type === "event" || item.type === "transaction") {
      const event = parseObject(item.payload);
      if (event instanceof SyntaxError) {
        // Relay reads the event item's id at request time, so a broken event fails the request.
        if (item.type === "event") return ingestError.invalidJson(event.message);
        records.push({ record: otherRecord(item.type, item.payload, context) });
        continue;
      }
      const record = eventRecord(item.type, event, context);
      if (!record.eventId && item.type === "event") record.eventId = newEventId();
      if (item.type === "event") responseId ??= record.eventId;
      records.push({ record, grouping: item.type === "event" ? groupingOf(event, record) : undefined });
    } else {
      records.push({ record: otherRecord(item.type, item.payload, context) });
    }
  }
  const correlationId = correlationOf(request);
  for (const { record, grouping } of records) keep(state, record, { grouping, drop: auth.drop, correlationId });
  // With `processing.polls: 0` the event is stored, and alerted on, before the 200 goes out.
  processDueEvents(state);
  return json(200, responseId ? { id: responseId } : {});
}

/** `POST /api/{project}/store/`: the legacy single-event endpoint older SDKs use. */
function postStore(state: SentryState, request: MockRequest): MockReply {
  const { projectId } = request.params;
  if (!projectIdShape.test(projectId)) return ingestError.badProject();
  const auth = authenticateIngest(state, request);
  if (isReply(auth)) return auth;
  if (request.body.length === 0) return ingestError.emptyBody();
  const event = parseObject(request.body);
  if (event instanceof SyntaxError) return ingestError.invalidJson(event.message);
  const record = eventRecord("event", event, { projectId, endpoint: "store", sdk: auth.client?.split("/")[0] });
  record.eventId ??= newEventId();
  keep(state, record, { grouping: groupingOf(event, record), drop: auth.drop, correlationId: correlationOf(request) });
  processDueEvents(state);
  return json(200, { id: record.eventId });
}

export function ingestRoutes(state: SentryState): Route[] {
  return [
    { method: "POST", path: "/api/:projectId/envelope/", handle: (request) => postEnvelope(state, request) },
    { method: "POST", path: "/api/:projectId/store/", handle: (request) => postStore(state, request) },
  ];
}
