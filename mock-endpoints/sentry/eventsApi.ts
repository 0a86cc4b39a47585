import { json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { orgEndpoint } from "./apiContext";
import { normaliseEventId, tagList } from "./eventRecord";
import { readStoredEvent } from "./eventStorage";
import { apiError } from "./errors";
import { type IngestedEvent, type Organisation, type SentryState, findProject } from "./state";

/** The event as "Retrieve an Event for a Project" shows it: the fields a client reads, tags as `{key, value}`. */
function eventView(entry: IngestedEvent): Record<string, unknown> {
  const { record } = entry;
  return {
    id: entry.eventId,
    eventID: entry.eventId,
    projectID: entry.projectId,
    // The issue it was grouped into (post-processing happens as it is stored).
    groupID: entry.issueId ?? null,
    type: "error",
    title: entry.grouping.title,
    message: record.message ?? "",
    dateCreated: record.receivedAt,
    dateReceived: record.receivedAt,
    tags: tagList(record),
    sdk: record.sdk ? { name: record.sdk } : null,
  };
}

/**
 * `GET /api/0/projects/{org}/{project id or slug}/events/{event id}/`: 404 `{"detail":"Event not
 * found"}` until Sentry has processed the event (eventStorage.ts), and for good when it dropped it.
 * @see https://docs.sentry.io/api/events/retrieve-an-event-for-a-project/
 */
function getEvent(state: SentryState, org: Organisation, request: MockRequest): MockReply {
  const project = findProject(org, request.params.project);
  if (!project) return apiError.notFound();
  const eventId = normaliseEventId(request.params.eventId);
  const stored = eventId === undefined ? undefined : readStoredEvent(state, project.id, eventId);
  return stored ? json(200, eventView(stored)) : json(404, { detail: "Event not found" });
}

export function eventRoutes(state: SentryState): Route[] {
  return [{ method: "GET", path: "/api/0/projects/:org/:project/events/:eventId/", handle: orgEndpoint(state, (org, request) => getEvent(state, org, request)) }];
}
