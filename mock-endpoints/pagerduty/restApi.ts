import { json } from "../core/replies";
import type { Handler, MockRequest, Route } from "../core/types";
import { refuseCredentials } from "./auth";
import { restError } from "./errors";
import { observe } from "./processing";
import { type Links, alertJson, incidentJson, integrationJson, linksFor, serviceJson } from "./restShapes";
import type { AlertStatus, IncidentRecord, IncidentStatus, PagerDutyState } from "./state";

const statuses: IncidentStatus[] = ["triggered", "acknowledged", "resolved"];
const alertStatuses: AlertStatus[] = ["triggered", "resolved"];

/**
 * Classic (offset) pagination: `limit` 25 by default and at most 100, `more` when a page follows,
 * `total` null unless `total=true` was asked for (counting costs PagerDuty a query).
 * @see https://github.com/PagerDuty/developer-docs/blob/main/docs/REST-API/09-Pagination.md
 */
export function page<T>(request: MockRequest, key: string, items: T[]): Record<string, unknown> {
  const asked = Number.parseInt(request.query.get("limit") ?? "", 10);
  const from = Number.parseInt(request.query.get("offset") ?? "", 10);
  const limit = Number.isNaN(asked) || asked < 1 ? 25 : Math.min(asked, 100);
  const offset = Number.isNaN(from) || from < 0 ? 0 : from;
  return {
    [key]: items.slice(offset, offset + limit),
    limit,
    offset,
    more: offset + limit < items.length,
    total: request.query.get("total") === "true" ? items.length : null,
  };
}

const includes = (request: MockRequest, what: string): boolean => request.query.getAll("include[]").includes(what);

function listServices(state: PagerDutyState, request: MockRequest, links: Links) {
  const query = (request.query.get("query") ?? "").toLowerCase();
  const services = [...state.services.values()]
    .filter((s) => s.name.toLowerCase().includes(query))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((s) => serviceJson(s, links, includes(request, "integrations"), state.escalationPolicies.get(s.escalation_policy_id)));
  return json(200, page(request, "services", services));
}

function getService(state: PagerDutyState, request: MockRequest, links: Links) {
  const service = state.services.get(request.params.id);
  return service
    ? json(200, { service: serviceJson(service, links, includes(request, "integrations"), state.escalationPolicies.get(service.escalation_policy_id)) })
    : restError.notFound();
}

function getIntegration(state: PagerDutyState, request: MockRequest, links: Links) {
  const service = state.services.get(request.params.id);
  const integration = service?.integrations.find((i) => i.id === request.params.integrationId);
  return service && integration ? json(200, { integration: integrationJson(integration, service, links) }) : restError.notFound();
}

const alertsOf = (state: PagerDutyState, incident: IncidentRecord) => state.alerts.filter((a) => a.incident_id === incident.id);

/**
 * `incident_key` matches an incident's own key or, for incidents with child alerts (every Events
 * API v2 incident, whose own key is null), an alert's `alert_key` (List Incidents reference).
 */
function listIncidents(state: PagerDutyState, request: MockRequest, links: Links) {
  const wanted = request.query.getAll("statuses[]");
  // The 2001 wording is what PagerDuty answered for a misspelt status (hubot-pager-me#56).
  if (wanted.some((s) => !statuses.includes(s as IncidentStatus))) {
    return restError.invalidInput(["Status must be a list of triggered, acknowledged, or resolved."]);
  }
  const serviceIds = request.query.getAll("service_ids[]");
  const key = request.query.get("incident_key");
  const keyed = (i: IncidentRecord) => key === null || i.incident_key === key || alertsOf(state, i).some((a) => a.alert_key === key);
  return observe(state, () => {
    const incidents = state.incidents
      .filter((i) => (wanted.length === 0 || wanted.includes(i.status)) && (serviceIds.length === 0 || serviceIds.includes(i.service_id)) && keyed(i))
      .map((i) => incidentJson(i, state.services.get(i.service_id), links, alertsOf(state, i)));
    return json(200, page(request, "incidents", incidents));
  });
}

/**
 * List Alerts for an Incident, filtered by `alert_key` and `statuses[]` (triggered, resolved).
 * The 400 text for a bad status is the mock's, in the style of the incidents one (unconfirmed).
 */
function listIncidentAlerts(state: PagerDutyState, request: MockRequest, links: Links) {
  const wanted = request.query.getAll("statuses[]");
  if (wanted.some((s) => !alertStatuses.includes(s as AlertStatus))) return restError.invalidInput(["Status must be a list of triggered or resolved."]);
  const key = request.query.get("alert_key");
  return observe(state, () => {
    const incident = state.incidents.find((i) => i.id === request.params.id);
    if (!incident) return restError.notFound();
    const service = state.services.get(incident.service_id);
    const alerts = alertsOf(state, incident)
      .filter((a) => (wanted.length === 0 || wanted.includes(a.status)) && (key === null || a.alert_key === key))
      .map((a) => alertJson(a, incident, service, links));
    return json(200, page(request, "alerts", alerts));
  });
}

/** Every REST route checks the credential first, as PagerDuty does (a bad key never learns whether an id exists). */
export function authed(state: PagerDutyState, handle: (state: PagerDutyState, request: MockRequest, links: Links) => ReturnType<Handler>): Handler {
  return (request) => refuseCredentials(request) ?? handle(state, request, linksFor(request.headers.host));
}

/** The REST API v2 subset the stack and its verify step read. */
export function restRoutes(state: PagerDutyState): Route[] {
  return [
    { method: "GET", path: "/services", handle: authed(state, listServices) },
    { method: "GET", path: "/services/:id", handle: authed(state, getService) },
    { method: "GET", path: "/services/:id/integrations/:integrationId", handle: authed(state, getIntegration) },
    { method: "GET", path: "/incidents", handle: authed(state, listIncidents) },
    { method: "GET", path: "/incidents/:id/alerts", handle: authed(state, listIncidentAlerts) },
  ];
}
