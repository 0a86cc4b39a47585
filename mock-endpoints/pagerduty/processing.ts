import { dueCount } from "../core/duePolicy";
import { recordHop } from "../core/stateLinks";
import { postToSlack } from "./slackConnections";
import {
  type AlertRecord,
  type IntegrationRecord,
  type PagerDutyState,
  type PendingEvent,
  newObjectId,
  openAlertKey,
  provisionService,
} from "./state";

/**
 * PagerDuty's asynchronous event pipeline. `/v2/enqueue` answers 202 at once and the event takes
 * effect later ("Events are processed asynchronously": a trigger's incident, and a resolve's
 * effect on it, show in the REST API some time after the 202). The mock makes "later"
 * deterministic: an event is applied once `processing.polls` observing reads (REST reads of
 * incidents and alerts) have followed it, or `processing.delayMs` has passed, in acceptance order.
 * @see https://developer.pagerduty.com/docs/events-api-v2/overview/ ("Response codes": 202 Accepted)
 */
export function acceptEvent(state: PagerDutyState, event: Omit<PendingEvent, "acceptedAt" | "readsAtAccept">): void {
  state.pending.push({ ...event, acceptedAt: Date.now(), readsAtAccept: state.reads });
  // With `polls: 0` the event is applied before the 202 goes out.
  settle(state);
}

/** Runs `read` as an observing read: events due before it are applied first, then it counts towards the rest. */
export function observe<T>(state: PagerDutyState, read: () => T): T {
  settle(state);
  const result = read();
  state.reads += 1;
  return result;
}

/** Applies every due event; older events are due first, so stopping at the first one not due keeps the order. */
export function settle(state: PagerDutyState): void {
  const due = state.pending.splice(0, dueCount(state.processing, state.reads, state.pending));
  for (const event of due) apply(state, event);
}

/**
 * A new alert, in the service's open incident when the service groups alerts by time, else in an
 * incident of its own (which, opened through Events API v2, has no incident key of its own).
 * @see https://support.pagerduty.com/main/docs/alert-grouping ("Time-Based Alert Grouping")
 */
function openAlert(state: PagerDutyState, integration: IntegrationRecord, event: PendingEvent, now: string): AlertRecord {
  const service = state.services.get(integration.service_id);
  const hop = (detail: string) => recordHop(state, event.correlationId, "alert opened", "done", detail);
  const alert: AlertRecord = {
    id: newObjectId(),
    alert_key: event.dedupKey,
    incident_id: "",
    service_id: integration.service_id,
    integration_id: integration.id,
    status: "triggered",
    summary: event.summary as string,
    severity: event.severity ?? "error",
    created_at: now,
    resolved_at: null,
    ...(event.correlationId ? { correlationId: event.correlationId } : {}),
  };
  const grouped = service?.alertGrouping === "time" ? state.incidents.findLast((i) => i.service_id === integration.service_id && i.status !== "resolved") : undefined;
  if (grouped) {
    grouped.alert_ids.push(alert.id);
    alert.incident_id = grouped.id;
    hop(`grouped into the open incident #${grouped.incident_number} (${grouped.id}) on service "${service?.name}" (${integration.service_id})`);
  } else {
    const incident = {
      id: newObjectId(),
      incident_number: state.nextIncidentNumber++,
      incident_key: null,
      service_id: integration.service_id,
      status: "triggered" as const,
      title: alert.summary,
      severity: alert.severity,
      // A new service's incident urgency rule is constant "high" until someone changes it.
      urgency: "high" as const,
      created_at: now,
      last_status_change_at: now,
      acknowledged_at: null,
      resolved_at: null,
      alert_ids: [alert.id],
    };
    state.incidents.push(incident);
    alert.incident_id = incident.id;
    hop(`incident #${incident.incident_number} (${incident.id}) opened on service "${service?.name}" (${integration.service_id})`);
    if (service) postToSlack(state, service, incident, "incident.triggered", event.correlationId);
  }
  state.alerts.push(alert);
  state.openAlerts.set(openAlertKey(integration.integration_key, event.dedupKey), alert);
  return alert;
}

/**
 * Applies an accepted event. PagerDuty's rules: a trigger opens an alert, or is deduplicated into
 * the open alert with the same `dedup_key`; acknowledge acts on the open alert's incident and
 * resolve resolves the open alert (and its incident once no alert of it is open); both are
 * silently dropped when there is no open alert; events sent through another routing key do not
 * touch it; after a resolve the same key opens a new alert.
 * @see https://developer.pagerduty.com/docs/events-api-v2/trigger-events/#alert-de-duplication
 */
function apply(state: PagerDutyState, event: PendingEvent): void {
  const integration = state.integrationsByKey.get(event.routingKey) ?? provisionService(state, event.routingKey);
  // A disabled (paused) service accepts events and opens nothing: the real "202 but no incident".
  const service = state.services.get(integration.service_id);
  if (service?.status === "disabled") {
    recordHop(state, event.correlationId, "event applied", "skipped", `service "${service.name}" (${service.id}) is disabled: accepted (202), no incident`);
    return;
  }

  const key = openAlertKey(event.routingKey, event.dedupKey);
  const open = state.openAlerts.get(key);
  const incident = open && state.incidents.find((i) => i.id === open.incident_id);
  const now = new Date().toISOString();
  if (event.action === "trigger") {
    if (!open) openAlert(state, integration, event, now);
    else recordHop(state, event.correlationId, "alert opened", "skipped", `deduplicated into the open alert ${open.id} (dedup key ${event.dedupKey}): no new incident`);
  } else if (incident && event.action === "acknowledge") {
    if (incident.status === "triggered") Object.assign(incident, { status: "acknowledged", acknowledged_at: now, last_status_change_at: now });
  } else if (open && incident && event.action === "resolve") {
    Object.assign(open, { status: "resolved", resolved_at: now });
    state.openAlerts.delete(key);
    const alerts = state.alerts.filter((a) => a.incident_id === incident.id);
    if (alerts.every((a) => a.status === "resolved")) {
      Object.assign(incident, { status: "resolved", resolved_at: now, last_status_change_at: now });
      if (service) postToSlack(state, service, incident, "incident.resolved", open.correlationId);
    }
  }
}
