import type { MockReply, MockRequest, Route } from "../core/types";
import { enqueuePath, eventsReply } from "./errors";
import { eventErrors, maxEventBytes, type ValidEvent, validateEvent } from "./eventValidation";
import {
  type IncidentRecord,
  type IntegrationRecord,
  type PagerDutyState,
  newKey,
  newObjectId,
  openIncidentKey,
  provisionService,
} from "./state";

function parse(request: MockRequest): Record<string, unknown> | undefined {
  try {
    const body = request.json();
    return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function openIncident(state: PagerDutyState, integration: IntegrationRecord, event: ValidEvent, dedupKey: string, now: string): IncidentRecord {
  const incident: IncidentRecord = {
    id: newObjectId(),
    incident_number: state.nextIncidentNumber++,
    incident_key: dedupKey,
    service_id: integration.service_id,
    integration_id: integration.id,
    status: "triggered",
    title: event.summary as string,
    severity: event.severity ?? "error",
    // A new service's incident urgency rule is constant "high" until someone changes it.
    urgency: "high",
    created_at: now,
    last_status_change_at: now,
    acknowledged_at: null,
    resolved_at: null,
  };
  state.incidents.push(incident);
  state.openIncidents.set(openIncidentKey(integration.integration_key, dedupKey), incident);
  return incident;
}

/**
 * Applies an accepted event. PagerDuty's rules: a trigger opens an incident, or is deduplicated
 * into the open one with the same `dedup_key`; acknowledge and resolve move the open incident and
 * are silently dropped when there is none (still 202); events sent through another routing key
 * do not touch it; after a resolve the same key opens a new incident.
 * @see https://developer.pagerduty.com/docs/events-api-v2/trigger-events/#alert-de-duplication
 */
function apply(state: PagerDutyState, event: ValidEvent): string {
  const integration = state.integrationsByKey.get(event.routingKey) ?? provisionService(state, event.routingKey);
  const dedupKey = event.dedupKey ?? newKey();
  // A disabled (paused) service accepts events and opens nothing: the real "202 but no incident".
  if (state.services.get(integration.service_id)?.status === "disabled") return dedupKey;

  const key = openIncidentKey(event.routingKey, dedupKey);
  const open = state.openIncidents.get(key);
  const now = new Date().toISOString();
  if (event.action === "trigger") {
    if (!open) openIncident(state, integration, event, dedupKey, now);
  } else if (open && event.action === "acknowledge") {
    if (open.status === "triggered") Object.assign(open, { status: "acknowledged", acknowledged_at: now, last_status_change_at: now });
  } else if (open && event.action === "resolve") {
    Object.assign(open, { status: "resolved", resolved_at: now, last_status_change_at: now });
    state.openIncidents.delete(key);
  }
  return dedupKey;
}

function enqueue(state: PagerDutyState, request: MockRequest): MockReply {
  if (request.body.length > maxEventBytes) return eventsReply.invalid([eventErrors.tooLarge]);
  const body = parse(request);
  if (!body) return eventsReply.unrecognized();
  const checked = validateEvent(body);
  if ("errors" in checked) return eventsReply.invalid(checked.errors);
  return eventsReply.accepted(apply(state, checked.event));
}

/** Events API v2: no auth header, the routing key travels in the body. */
export function eventsRoutes(state: PagerDutyState): Route[] {
  return [{ method: "POST", path: enqueuePath, handle: (request) => enqueue(state, request) }];
}
