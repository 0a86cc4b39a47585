import { isDue } from "../core/duePolicy";
import type { MockReply, MockRequest, Route } from "../core/types";
import { type EventRefusal, hecReply, refusalReply } from "./errors";
import { authenticateHec, dataChannel } from "./hecAuth";
import { epochSeconds, eventRefusalCode, forEachEventObject, indexAllowed } from "./hecPayload";
import { type HecEndpoint, type HecToken, type ReceivedEvent, type SplunkState, storeEvent } from "./state";

/**
 * HTTP Event Collector intake, on Splunk's paths (port 8088 in Splunk).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTinput ("services/collector/…")
 */
const eventPaths = ["/services/collector", "/services/collector/event", "/services/collector/event/1.0"];
const rawPaths = ["/services/collector/raw", "/services/collector/raw/1.0"];
const healthPaths = ["/services/collector/health", "/services/collector/health/1.0"];

// Splunk's default sourcetype for HEC data that names none (unconfirmed for /raw).
const defaultSourcetype = "httpevent";

function resolved(token: HecToken, endpoint: HecEndpoint, channel: string | null, meta: Record<string, unknown>): Omit<ReceivedEvent, "event"> {
  const str = (v: unknown) => (typeof v === "string" && v !== "" ? v : undefined);
  return {
    index: str(meta.index) ?? token.index,
    sourcetype: str(meta.sourcetype) ?? token.sourcetype ?? defaultSourcetype,
    // Splunk's default source for HEC data is `http:<token name>`.
    source: str(meta.source) ?? token.source ?? (token.name ? `http:${token.name}` : null),
    host: str(meta.host) ?? token.host ?? null,
    time: epochSeconds(meta.time) ?? null,
    // Validated before (JSON events); a raw request's query string carries no indexed fields.
    fields: typeof meta.fields === "object" && meta.fields !== null ? (meta.fields as Record<string, unknown>) : null,
    tokenName: token.name,
    endpoint,
    channel,
    receivedAt: new Date().toISOString(),
  };
}

/** Success, with an `ackId` when the token uses indexer acknowledgment. */
function success(state: SplunkState, token: HecToken, channel: string | null): MockReply {
  if (!token.useACK || channel === null) return hecReply(0);
  const ackId = state.acks.get(channel) ?? 0;
  state.acks.set(channel, ackId + 1);
  state.issuedAcks.set(`${channel}:${ackId}`, { acceptedAt: Date.now(), readsAtAccept: state.ackQueries });
  return hecReply(0, { ackId });
}

/** Whether the request behind an ack id has been indexed by now (`indexing`). */
function isIndexed(state: SplunkState, channel: string, ackId: number): boolean {
  const issued = state.issuedAcks.get(`${channel}:${ackId}`);
  return issued !== undefined && isDue(state.indexing, state.ackQueries, issued);
}

type Checked = { token: HecToken; channel: string | null; reply?: undefined } | { reply: MockReply };

function checkRequest(state: SplunkState, request: MockRequest): Checked {
  const auth = authenticateHec(state, request);
  if (auth.reply) return auth;
  const channel = dataChannel(auth.token, request);
  if (channel.reply) return channel;
  return { token: auth.token, channel: channel.channel };
}

/**
 * JSON events. Events before a refused one are kept, as HEC streams a batch and reports
 * where it stopped (`invalid-event-number`); whether splunkd indexes them is unconfirmed.
 */
function postEvents(state: SplunkState, request: MockRequest): MockReply {
  const checked = checkRequest(state, request);
  if (checked.reply) return checked.reply;
  const { token, channel } = checked;
  const body = request.text();
  if (body.trim() === "") return hecReply(5);
  const accepted: ReceivedEvent[] = [];
  const refusal: EventRefusal | undefined = forEachEventObject(body, (object, position) => {
    const code = eventRefusalCode(object, token);
    if (code !== undefined) return { code, position };
    accepted.push({ event: object.event, ...resolved(token, "event", channel, object as Record<string, unknown>) });
    return undefined;
  });
  for (const event of accepted) storeEvent(state, event);
  if (refusal) return refusalReply(refusal);
  return success(state, token, channel);
}

/** Raw text: each non-blank line is one event; metadata comes from the query string. */
function postRaw(state: SplunkState, request: MockRequest): MockReply {
  const checked = checkRequest(state, request);
  if (checked.reply) return checked.reply;
  const { token, channel } = checked;
  const lines = request.text().split(/\r?\n/).filter((line) => line.trim() !== "");
  if (lines.length === 0) return hecReply(5);
  const meta = Object.fromEntries(request.query);
  const base = resolved(token, "raw", channel, meta);
  if (!indexAllowed(token, base.index)) return hecReply(7);
  for (const line of lines) storeEvent(state, { event: line, ...base });
  return success(state, token, channel);
}

/**
 * Indexer acknowledgment status: `{"acks":[0,1]}` → `{"acks":{"0":true,"1":false}}`. An id
 * turns true once the indexers have written its request: HEC's 200 code 0 only says the data was
 * received. By default the first query after a request answers false, the next true.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/AboutHECIDXAck ("Query for indexing status")
 */
function postAck(state: SplunkState, request: MockRequest): MockReply {
  const checked = checkRequest(state, request);
  if (checked.reply) return checked.reply;
  if (!checked.token.useACK) return hecReply(14);
  if (checked.channel === null) return hecReply(10);
  let ids: unknown;
  try {
    ids = (request.json() as { acks?: unknown }).acks;
  } catch {
    return hecReply(6);
  }
  if (!Array.isArray(ids) || !ids.every((id) => Number.isInteger(id))) return hecReply(6);
  const channel = checked.channel;
  const acks = Object.fromEntries(ids.map((id: number) => [String(id), isIndexed(state, channel, id)]));
  state.ackQueries += 1;
  return { status: 200, headers: { "content-type": "application/json" }, body: { acks } };
}

export function hecRoutes(state: SplunkState): Route[] {
  return [
    ...eventPaths.map((path): Route => ({ method: "POST", path, handle: (request) => postEvents(state, request) })),
    ...rawPaths.map((path): Route => ({ method: "POST", path, handle: (request) => postRaw(state, request) })),
    { method: "POST", path: "/services/collector/ack", handle: (request) => postAck(state, request) },
    // Health needs no token; the `unhealthy` fault answers 503 code 18 here.
    ...healthPaths.map((path): Route => ({ method: "GET", path, handle: () => hecReply(17) })),
  ];
}
