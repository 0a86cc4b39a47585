import { randomUUID } from "node:crypto";
import { isDue } from "../core/duePolicy";
import { recordHop } from "../core/stateLinks";
import {
  type AlertRecord,
  type AlertRequest,
  type CreatePayload,
  type IdentifierType,
  type OpsgenieState,
  type RequestAction,
  type RequestOutcome,
  type TargetPayload,
  requestLogLimit,
} from "./state";

/**
 * Opsgenie's asynchronous alert pipeline. Create, close and delete answer 202 with a request id
 * and take effect later; `GET /v2/alerts/requests/{id}` is 404 until then. The mock makes "later"
 * deterministic: a request is processed once `processing.polls` observing reads (GETs under
 * `/v2/alerts`) have followed it, or `processing.delayMs` has passed, whichever comes first (per
 * action with `processing.byAction`). Due requests are processed in acceptance order, but one
 * that is due sooner overtakes one still waiting: Opsgenie promises no order, so a close sent
 * while a slow create is pending can find no alert, and the create then opens it.
 * @see https://docs.opsgenie.com/docs/alert-api#create-alert (202, "processed asynchronously")
 */
export function enqueue(state: OpsgenieState, action: RequestAction, integrationId: string, payload: CreatePayload | TargetPayload, correlationId?: string): string {
  const request: AlertRequest = { requestId: randomUUID(), action, integrationId, acceptedAt: Date.now(), readsAtAccept: state.reads, payload, ...(correlationId ? { correlationId } : {}) };
  state.requests.set(request.requestId, request);
  if (state.requests.size > requestLogLimit) state.requests.delete(state.requests.keys().next().value as string);
  state.pending.push(request);
  // With `polls: 0` the request is processed before the 202 goes out.
  settle(state);
  return request.requestId;
}

/**
 * Runs `read` as an observing read: requests due before it are processed first, and the read
 * then counts towards the requests still pending.
 */
export function observe<T>(state: OpsgenieState, read: () => T): T {
  settle(state);
  const result = read();
  state.reads += 1;
  return result;
}

/** Processes every due request, in acceptance order; requests not due yet stay pending. */
export function settle(state: OpsgenieState): void {
  const now = Date.now();
  const due = state.pending.filter((request) => isDue(state.processing.byAction?.[request.action] ?? state.processing, state.reads, request, now));
  if (due.length === 0) return;
  state.pending = state.pending.filter((request) => !due.includes(request));
  for (const request of due) process(state, request);
}

/** The alert an identifier names, as `identifierType` says to read it (default `id`). */
export function findAlert(state: OpsgenieState, identifier: string, type: IdentifierType): AlertRecord | undefined {
  const id = type === "alias" ? state.aliases.get(identifier) : type === "tiny" ? state.tinyIds.get(identifier) : identifier;
  return id === undefined ? undefined : state.alerts.get(id);
}

function process(state: OpsgenieState, request: AlertRequest): void {
  const now = new Date().toISOString();
  const outcome = (isSuccess: boolean, status: string, alert?: AlertRecord): RequestOutcome => ({
    success: isSuccess,
    action: request.action,
    processedAt: now,
    integrationId: request.integrationId,
    isSuccess,
    status,
    alertId: alert?.id ?? "",
    alias: alert?.alias ?? "",
  });
  const { payload } = request;

  if (payload.kind === "create") {
    const existing = payload.alias === undefined ? undefined : findAlert(state, payload.alias, "alias");
    if (existing?.status === "open") {
      // De-duplication: an open alert with the same alias only counts up.
      // @see https://support.atlassian.com/opsgenie/docs/what-is-alert-de-duplication/
      existing.count += 1;
      existing.lastOccurredAt = now;
      existing.updatedAt = now;
      request.outcome = outcome(true, "Alert is deduplicated", existing); // status text (unconfirmed)
      recordHop(state, request.correlationId, "alert created", "skipped", `deduplicated into the open alert ${existing.tinyId} (alias ${existing.alias})`);
      return;
    }
    const alert = createAlert(state, request, payload, now);
    request.outcome = outcome(true, "Created alert", alert);
    const teams = alert.responders.filter((r) => r.type === "team").map((r) => `"${r.name ?? r.id}"`);
    recordHop(state, request.correlationId, "alert created", "done", `alert ${alert.tinyId} (${alert.id}) through integration "${alert.integration.name}"${teams.length > 0 ? ` for team ${teams.join(", ")}` : ", no team"}`);
    return;
  }

  const alert = findAlert(state, payload.identifier, payload.identifierType);
  // A close or delete of an unknown alert is still accepted (202); the failure shows in the status (unconfirmed text).
  if (!alert) {
    request.outcome = { ...outcome(false, "Alert does not exist"), alias: payload.identifierType === "alias" ? payload.identifier : "" };
    return;
  }
  if (request.action === "Close") {
    alert.status = "closed";
    alert.updatedAt = now;
    alert.closedBy = payload.user ?? "System";
    request.outcome = outcome(true, "Closed alert", alert); // (unconfirmed text)
    return;
  }
  state.alerts.delete(alert.id);
  if (state.aliases.get(alert.alias) === alert.id) state.aliases.delete(alert.alias);
  state.tinyIds.delete(alert.tinyId);
  request.outcome = outcome(true, "Deleted alert", alert); // (unconfirmed text)
}

/**
 * A team integration's alerts go to its owner team: the team replaces the responders the request
 * named ("any input value in the Team ID or Team Name fields … will not override the team that's
 * specified by a team-specific API key", Okta Workflows' Opsgenie connector notes).
 * @see https://help.okta.com/en/prod/Content/Topics/Workflows/connector-reference/opsgenie/actions/addteammember.htm
 */
function respondersOf(state: OpsgenieState, request: AlertRequest, payload: CreatePayload): CreatePayload["responders"] {
  const owner = state.integrations.get(request.integrationId)?.ownerTeam ?? [...state.keys.values()].find((k) => k.integrationId === request.integrationId)?.ownerTeam;
  return owner ? [{ type: "team", id: owner.id, name: owner.name }] : payload.responders;
}

function createAlert(state: OpsgenieState, request: AlertRequest, payload: CreatePayload, now: string): AlertRecord {
  const id = randomUUID();
  const tinyId = String(state.nextTinyId++);
  const integration = state.integrations.get(request.integrationId);
  const alert: AlertRecord = {
    id,
    tinyId,
    // Without an alias Opsgenie gives the alert one of its own; the mock uses the alert id (unconfirmed).
    alias: payload.alias ?? id,
    message: payload.message,
    status: "open",
    count: 1,
    priority: payload.priority,
    tags: payload.tags,
    responders: respondersOf(state, request, payload),
    description: payload.description,
    entity: payload.entity,
    source: payload.source,
    details: payload.details,
    actions: payload.actions,
    integration: { id: request.integrationId, name: integration?.name ?? "Default API", type: "API" },
    createdAt: now,
    updatedAt: now,
    lastOccurredAt: now,
  };
  state.alerts.set(id, alert);
  state.aliases.set(alert.alias, id);
  state.tinyIds.set(tinyId, id);
  return alert;
}
