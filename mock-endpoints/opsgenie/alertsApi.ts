import { correlationOf } from "../core/hopLog";
import { recordHop } from "../core/stateLinks";
import type { MockReply, MockRequest, Route } from "../core/types";
import { identifierTypeOf, jsonObject, parseCreateAlert } from "./alertBody";
import { authenticate } from "./auth";
import { opsgenieError } from "./errors";
import { enqueue, findAlert, observe } from "./processing";
import { accepted, opsgenieReply } from "./reply";
import type { AlertRecord, OpsgenieState, RequestAction } from "./state";

/** An alert as `GET /v2/alerts/{identifier}` shows it. @see https://docs.opsgenie.com/docs/alert-api#get-alert */
export function alertView(alert: AlertRecord): Record<string, unknown> {
  return {
    id: alert.id,
    tinyId: alert.tinyId,
    alias: alert.alias,
    message: alert.message,
    status: alert.status,
    acknowledged: false,
    isSeen: false,
    tags: alert.tags,
    snoozed: false,
    count: alert.count,
    lastOccurredAt: alert.lastOccurredAt,
    createdAt: alert.createdAt,
    updatedAt: alert.updatedAt,
    source: alert.source,
    owner: "",
    priority: alert.priority,
    responders: alert.responders.map(({ type, id, name, username }) => (id !== undefined ? { type, id } : { type, name, username })),
    integration: alert.integration,
    report: alert.closedBy === undefined ? {} : { closedBy: alert.closedBy },
    actions: alert.actions,
    entity: alert.entity,
    description: alert.description,
    details: alert.details,
  };
}

function clientIp(request: MockRequest): string {
  const forwarded = request.headers["x-forwarded-for"];
  return (typeof forwarded === "string" ? forwarded.split(",")[0].trim() : "") || "127.0.0.1";
}

function create(state: OpsgenieState, request: MockRequest): MockReply {
  const correlation = correlationOf(request);
  const refused = (reply: MockReply): MockReply => {
    recordHop(state, correlation, "create alert", "failed", `refused (${reply.status}): ${JSON.stringify(reply.body).slice(0, 200)}`);
    return reply;
  };
  const auth = authenticate(state, request, "alert-write");
  if (!auth.ok) return refused(auth.reply);
  const body = jsonObject(request);
  if (!body.ok) return refused(body.reply);
  const payload = parseCreateAlert(state, body.value, clientIp(request));
  if (!payload.ok) return refused(payload.reply);
  recordHop(state, correlation, "create alert", "done", `accepted (202): "${payload.value.message}"`);
  return accepted(enqueue(state, "Create", auth.key.integrationId, payload.value, correlation));
}

/** Close and delete: accepted whatever the identifier names; an unknown alert fails at processing. */
function act(state: OpsgenieState, request: MockRequest, action: RequestAction): MockReply {
  const auth = authenticate(state, request, "alert-write");
  if (!auth.ok) return auth.reply;
  const type = identifierTypeOf(request);
  if (!type.ok) return type.reply;
  const body = jsonObject(request, true);
  if (!body.ok) return body.reply;
  const user = typeof body.value.user === "string" ? body.value.user : undefined;
  const requestId = enqueue(state, action, auth.key.integrationId, { kind: "target", identifier: request.params.identifier, identifierType: type.value, user });
  return accepted(requestId);
}

function requestStatus(state: OpsgenieState, request: MockRequest): MockReply {
  const auth = authenticate(state, request, "read");
  if (!auth.ok) return auth.reply;
  return observe(state, () => {
    const outcome = state.requests.get(request.params.requestId)?.outcome;
    return outcome ? opsgenieReply(200, { data: outcome }) : opsgenieError.requestNotProcessed();
  });
}

function getAlert(state: OpsgenieState, request: MockRequest): MockReply {
  const auth = authenticate(state, request, "read");
  if (!auth.ok) return auth.reply;
  const type = identifierTypeOf(request);
  if (!type.ok) return type.reply;
  return observe(state, () => {
    const alert = findAlert(state, request.params.identifier, type.value);
    return alert ? opsgenieReply(200, { data: alertView(alert) }) : opsgenieError.alertNotFound();
  });
}

/**
 * The Alert API: create, close and delete are asynchronous (202 + request id); the request
 * status and the alert itself are read synchronously.
 * @see https://docs.opsgenie.com/docs/alert-api
 */
export function alertRoutes(state: OpsgenieState): Route[] {
  return [
    { method: "POST", path: "/v2/alerts", handle: (r) => create(state, r) },
    { method: "GET", path: "/v2/alerts/requests/:requestId", handle: (r) => requestStatus(state, r) },
    { method: "GET", path: "/v2/alerts/:identifier", handle: (r) => getAlert(state, r) },
    { method: "POST", path: "/v2/alerts/:identifier/close", handle: (r) => act(state, r, "Close") },
    { method: "DELETE", path: "/v2/alerts/:identifier", handle: (r) => act(state, r, "Delete") },
  ];
}
