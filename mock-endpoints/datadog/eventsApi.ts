import { isDue } from "../core/duePolicy";
import { json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { intake, management } from "./auth";
import { datadogError } from "./errors";
import { isStringArray, nonEmptyString, readObject } from "./jsonBody";
import { type DatadogState, type EventRecord, appUrl } from "./state";
import { normaliseTags } from "./tags";

// `EventAlertType` and `EventPriority`, in the API's spelling.
const alertTypes = ["error", "warning", "info", "success", "user_update", "recommendation", "snapshot"];
const priorities = ["normal", "low"];

/**
 * The event as the API echoes it. Field set recorded from the real API (Datadog client cassette
 * "Post an event returns OK"): id, title, text, date_happened, handle, priority, related_event_id,
 * tags, url; `id_str` is in the current API reference.
 */
function eventView(state: DatadogState, event: EventRecord): Record<string, unknown> {
  return {
    id: event.id,
    id_str: String(event.id),
    title: event.title,
    text: event.text,
    date_happened: event.dateHappened,
    handle: null,
    priority: event.priority,
    related_event_id: null,
    tags: event.tags,
    url: `${appUrl(state.site)}/event/event?id=${event.id}`,
  };
}

function create(state: DatadogState, request: MockRequest): MockReply {
  const body = readObject(request);
  // (unconfirmed texts) The API reference marks title and text as required.
  if (!body) return datadogError.badRequest("Invalid JSON payload");
  if (!nonEmptyString(body.title)) return datadogError.badRequest("Event title is required");
  if (typeof body.text !== "string") return datadogError.badRequest("Event text is required");
  if (body.alert_type !== undefined && !alertTypes.includes(body.alert_type as string)) return datadogError.badRequest(`Invalid alert_type: ${String(body.alert_type)}`);
  if (body.priority != null && !priorities.includes(body.priority as string)) return datadogError.badRequest(`Invalid priority: ${String(body.priority)}`);
  if (body.tags !== undefined && !isStringArray(body.tags)) return datadogError.badRequest("tags must be an array of strings");

  const event: EventRecord = {
    id: state.nextEventId++,
    title: body.title,
    text: body.text,
    dateHappened: Number.isInteger(body.date_happened) ? (body.date_happened as number) : Math.floor(Date.now() / 1000),
    priority: (body.priority as string | undefined) ?? null,
    alertType: body.alert_type as string | undefined,
    tags: normaliseTags((body.tags as string[] | undefined) ?? []),
    sentTags: (body.tags as string[] | undefined) ?? [],
    acceptedAt: Date.now(),
    readsAtAccept: state.eventReads,
    host: typeof body.host === "string" ? body.host : undefined,
    aggregationKey: typeof body.aggregation_key === "string" ? body.aggregation_key : undefined,
    sourceTypeName: typeof body.source_type_name === "string" ? body.source_type_name : undefined,
  };
  state.events.set(event.id, event);
  // The intake echoes what it was sent (unconfirmed whether Datadog's echo is normalised); the stored event is.
  return json(202, { status: "ok", event: { ...eventView(state, event), tags: event.sentTags } });
}

const isIndexed = (state: DatadogState, event: EventRecord): boolean => isDue(state.eventIndexing, state.eventReads, event);

/** 404 until the event is indexed; an event of another org (an application key of another org) is never found either. */
function get(state: DatadogState, request: MockRequest): MockReply {
  const event = state.events.get(Number(request.params.id));
  const indexed = event !== undefined && isIndexed(state, event);
  state.eventReads += 1;
  if (!event || !indexed) return datadogError.eventNotFound();
  return json(200, { event: { ...eventView(state, event), alert_type: event.alertType ?? "info", host: event.host ?? null } });
}

/**
 * "Get a list of events": `start` and `end` (POSIX seconds, both required) bound `date_happened`;
 * `tags` (comma-separated) keeps events carrying every one, compared as stored (normalised). Only
 * indexed events show, newest first; at most 1,000 (the page), as Datadog answers.
 * @see https://docs.datadoghq.com/api/latest/events/#get-a-list-of-events
 */
function list(state: DatadogState, request: MockRequest): MockReply {
  const start = Number(request.query.get("start"));
  const end = Number(request.query.get("end"));
  // (unconfirmed text) Both bounds are required by the API reference.
  if (!Number.isInteger(start) || !Number.isInteger(end) || request.query.get("start") === null || request.query.get("end") === null) return datadogError.badRequest("start and end are required");
  const tags = normaliseTags((request.query.get("tags") ?? "").split(",").filter(Boolean));
  const events = [...state.events.values()]
    .filter((e) => e.dateHappened >= start && e.dateHappened <= end && isIndexed(state, e) && tags.every((t) => e.tags.includes(t)))
    .reverse()
    .slice(0, 1_000)
    .map((e) => ({ ...eventView(state, e), alert_type: e.alertType ?? "info" }));
  state.eventReads += 1;
  return json(200, { events });
}

/**
 * Events: posting is intake (API key only); reading is management (both keys).
 * @see https://docs.datadoghq.com/api/latest/events/#post-an-event
 */
export function eventsRoutes(state: DatadogState): Route[] {
  return [
    { method: "POST", path: "/api/v1/events", handle: intake((request) => create(state, request)) },
    { method: "GET", path: "/api/v1/events", handle: management((request) => list(state, request)) },
    { method: "GET", path: "/api/v1/events/:id", handle: management((request) => get(state, request)) },
  ];
}

/** Events as the snapshot shows them (tags as stored), with whether each is readable yet. */
export function eventsSnapshot(state: DatadogState): Record<string, unknown>[] {
  return [...state.events.values()].map((event) => ({ ...eventView(state, event), alert_type: event.alertType, host: event.host, indexed: isIndexed(state, event) }));
}
