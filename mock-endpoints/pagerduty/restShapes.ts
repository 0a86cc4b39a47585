import { type AlertRecord, type EscalationPolicyRecord, type IncidentRecord, type IntegrationRecord, type ServiceRecord, defaultEscalationPolicy } from "./state";

/**
 * REST API v2 resource shapes: every object has `id`, `type`, `summary`, `self`, `html_url`;
 * a reference is the same five fields with a `_reference` type.
 * @see https://github.com/PagerDuty/developer-docs/blob/main/docs/REST-API/11-References.md
 * @see https://github.com/PagerDuty/api-schema/blob/main/reference/REST/openapiv3.json (Service, Integration, Incident)
 */
export interface Links {
  /** Where `self` points: the mock's own address, so a client following `self` stays on the mock. */
  api: string;
  /** Stand-in for `https://<subdomain>.pagerduty.com`. */
  web: string;
}

const webBase = "https://mock.pagerduty.com";

export function linksFor(host: string | undefined): Links {
  return { api: host ? `http://${host}` : "https://api.pagerduty.com", web: webBase };
}

/** A reference to an escalation policy; incidents show the mock's default one. */
export const escalationPolicyReference = (links: Links, policy: EscalationPolicyRecord = defaultEscalationPolicy) => ({
  id: policy.id,
  type: "escalation_policy_reference",
  summary: policy.name,
  self: `${links.api}/escalation_policies/${policy.id}`,
  html_url: `${links.web}/escalation_policies/${policy.id}`,
});

/**
 * An escalation policy with its rules, each target a reference (`user_reference`,
 * `schedule_reference`), and the services on it.
 * @see https://developer.pagerduty.com/api-reference/ (List escalation policies: EscalationPolicy, EscalationRule)
 */
export function escalationPolicyJson(policy: EscalationPolicyRecord, links: Links, services: ServiceRecord[]) {
  return {
    ...escalationPolicyReference(links, policy),
    type: "escalation_policy",
    name: policy.name,
    num_loops: 0,
    escalation_rules: policy.escalation_rules.map((rule, n) => ({
      id: `${policy.id}R${n + 1}`,
      escalation_delay_in_minutes: rule.escalation_delay_in_minutes,
      targets: rule.targets.map((t) => ({ id: t.id, type: t.type, summary: t.id, self: `${links.api}/${t.type === "user_reference" ? "users" : "schedules"}/${t.id}`, html_url: null })),
    })),
    services: services.map((s) => serviceReference(s, links)),
    teams: [],
  };
}

export function serviceReference(service: ServiceRecord, links: Links) {
  return {
    id: service.id,
    type: "service_reference",
    summary: service.name,
    self: `${links.api}/services/${service.id}`,
    html_url: `${links.web}/service-directory/${service.id}`,
  };
}

export function integrationJson(integration: IntegrationRecord, service: ServiceRecord, links: Links) {
  const path = `/services/${service.id}/integrations/${integration.id}`;
  return {
    id: integration.id,
    type: integration.type,
    summary: integration.name,
    self: `${links.api}${path}`,
    html_url: `${links.web}${path}`,
    name: integration.name,
    service: serviceReference(service, links),
    created_at: integration.created_at,
    // An integration created by `type` (as the Pulumi provider does) carries no vendor.
    vendor: null,
    integration_key: integration.integration_key,
  };
}

export function integrationReference(integration: IntegrationRecord, service: ServiceRecord, links: Links) {
  const { id, summary, self, html_url } = integrationJson(integration, service, links);
  return { id, type: `${integration.type}_reference`, summary, self, html_url };
}

/** A service; its integrations are references unless `include[]=integrations` asked for them whole. */
export function serviceJson(service: ServiceRecord, links: Links, includeIntegrations: boolean, policy?: EscalationPolicyRecord) {
  return {
    ...serviceReference(service, links),
    type: "service",
    name: service.name,
    description: null,
    auto_resolve_timeout: 14400,
    acknowledgement_timeout: 1800,
    created_at: service.created_at,
    status: service.status,
    last_incident_timestamp: null,
    alert_creation: "create_alerts_and_incidents",
    alert_grouping_parameters: { type: service.alertGrouping ?? null },
    escalation_policy: escalationPolicyReference(links, policy),
    teams: [],
    integrations: service.integrations.map((i) => (includeIntegrations ? integrationJson(i, service, links) : integrationReference(i, service, links))),
    incident_urgency_rule: { type: "constant", urgency: "high" },
    support_hours: null,
    scheduled_actions: [],
    addons: [],
  };
}

/** An incident; `alerts` are its alerts, for `alert_counts`. */
export function incidentJson(incident: IncidentRecord, service: ServiceRecord | undefined, links: Links, alerts: AlertRecord[]) {
  const triggered = alerts.filter((a) => a.status === "triggered").length;
  return {
    id: incident.id,
    type: "incident",
    summary: `[#${incident.incident_number}] ${incident.title}`,
    self: `${links.api}/incidents/${incident.id}`,
    html_url: `${links.web}/incidents/${incident.id}`,
    incident_number: incident.incident_number,
    title: incident.title,
    created_at: incident.created_at,
    updated_at: incident.last_status_change_at,
    status: incident.status,
    incident_key: incident.incident_key,
    service: service ? serviceReference(service, links) : { id: incident.service_id, type: "service_reference" },
    assignments: [],
    assigned_via: "escalation_policy",
    // Acknowledged through the Events API, the acknowledger is the service's integration, shown as the service.
    acknowledgements:
      incident.status === "acknowledged" && service ? [{ at: incident.acknowledged_at, acknowledger: serviceReference(service, links) }] : [],
    last_status_change_at: incident.last_status_change_at,
    resolved_at: incident.resolved_at,
    alert_counts: { all: alerts.length, triggered, resolved: alerts.length - triggered },
    escalation_policy: escalationPolicyReference(links),
    teams: [],
    pending_actions: [],
    urgency: incident.urgency,
    priority: null,
    is_mergeable: true,
  };
}

/**
 * An alert as List Alerts for an Incident shows it (`alert_key` is the event's dedup key).
 * @see https://github.com/PagerDuty/api-schema/blob/main/reference/REST/openapiv3.json (Alert)
 */
export function alertJson(alert: AlertRecord, incident: IncidentRecord, service: ServiceRecord | undefined, links: Links) {
  const path = `/incidents/${incident.id}/alerts/${alert.id}`;
  // The integration the opening event came through: with the service's integration read, its
  // routing key, which a client needs to resolve the alert through the Events API.
  const integration = service?.integrations.find((i) => i.id === alert.integration_id);
  return {
    id: alert.id,
    type: "alert",
    summary: alert.summary,
    self: `${links.api}${path}`,
    html_url: `${links.web}/alerts/${alert.id}`,
    created_at: alert.created_at,
    status: alert.status,
    resolved_at: alert.resolved_at,
    alert_key: alert.alert_key,
    suppressed: false,
    severity: alert.severity,
    service: service ? serviceReference(service, links) : { id: alert.service_id, type: "service_reference" },
    integration: service && integration ? integrationReference(integration, service, links) : null,
    incident: { id: incident.id, type: "incident_reference", summary: `[#${incident.incident_number}] ${incident.title}`, self: `${links.api}/incidents/${incident.id}`, html_url: `${links.web}/incidents/${incident.id}` },
    body: { type: "alert_body", contexts: [], details: null },
  };
}
