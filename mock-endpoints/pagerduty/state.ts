import { randomBytes, randomInt } from "node:crypto";

/** Events API v2 `event_action`. @see https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ */
export type EventAction = "trigger" | "acknowledge" | "resolve";
/** Events API v2 `payload.severity`. */
export type Severity = "critical" | "error" | "warning" | "info";
/** A service's state as the mock models it; PagerDuty also has `warning`, `critical`, `maintenance`. */
export type ServiceStatus = "active" | "disabled";
export type IncidentStatus = "triggered" | "acknowledged" | "resolved";
export type Urgency = "high" | "low";
/** The only integration type the mock creates: what `@pulumi/pagerduty` `ServiceIntegration` asks for. */
export type IntegrationType = "events_api_v2_inbound_integration";

export interface IntegrationRecord {
  id: string;
  type: IntegrationType;
  name: string;
  /** The routing key events are sent with: 32 alphanumeric characters. */
  integration_key: string;
  service_id: string;
  created_at: string;
}

export interface ServiceRecord {
  id: string;
  name: string;
  status: ServiceStatus;
  created_at: string;
  /** PagerDuty requires every service to have one; its policy cannot be deleted while it does. */
  escalation_policy_id: string;
  integrations: IntegrationRecord[];
}

export interface EscalationPolicyRecord {
  id: string;
  name: string;
}

/** The policy of every service that names none (events-provisioned and seeded services). */
export const defaultEscalationPolicy: EscalationPolicyRecord = { id: "PMOCKEP", name: "Mock Escalation Policy" };

export interface IncidentRecord {
  id: string;
  incident_number: number;
  /** The event's `dedup_key`. */
  incident_key: string;
  service_id: string;
  /** Follow-up events only apply when sent with the routing key that opened the incident (PagerDuty's dedup rule). */
  integration_id: string;
  status: IncidentStatus;
  /** The trigger's `payload.summary`. */
  title: string;
  severity: Severity;
  urgency: Urgency;
  created_at: string;
  last_status_change_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
}

export interface PagerDutyState {
  services: Map<string, ServiceRecord>;
  escalationPolicies: Map<string, EscalationPolicyRecord>;
  /** Integrations by routing key, for the Events API. */
  integrationsByKey: Map<string, IntegrationRecord>;
  /** Every incident, oldest first. */
  incidents: IncidentRecord[];
  /** Open (triggered or acknowledged) incidents by `routing key + dedup key`. */
  openIncidents: Map<string, IncidentRecord>;
  nextIncidentNumber: number;
}

export function createPagerDutyState(): PagerDutyState {
  return {
    services: new Map(),
    escalationPolicies: new Map([[defaultEscalationPolicy.id, { ...defaultEscalationPolicy }]]),
    integrationsByKey: new Map(),
    incidents: [],
    openIncidents: new Map(),
    nextIncidentNumber: 1,
  };
}

const idAlphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

/** An object id shaped like PagerDuty's: `P` and six upper-case letters or digits (e.g. `PIJ90N7`). */
export function newObjectId(): string {
  let id = "P";
  for (let i = 0; i < 6; i++) id += idAlphabet[randomInt(idAlphabet.length)];
  return id;
}

/** 32 hex characters: the shape of an integration key and of a dedup key PagerDuty generates. */
export function newKey(): string {
  return randomBytes(16).toString("hex");
}

export function openIncidentKey(routingKey: string, dedupKey: string): string {
  return `${routingKey}\n${dedupKey}`;
}

/** Removes a service; its integrations' routing keys stop working with it. */
export function removeService(state: PagerDutyState, service: ServiceRecord): void {
  for (const integration of service.integrations) state.integrationsByKey.delete(integration.integration_key);
  state.services.delete(service.id);
}

/** Adds or replaces a service and indexes its integrations' routing keys. */
export function putService(state: PagerDutyState, service: ServiceRecord): void {
  const previous = state.services.get(service.id);
  for (const integration of previous?.integrations ?? []) state.integrationsByKey.delete(integration.integration_key);
  state.services.set(service.id, service);
  for (const integration of service.integrations) state.integrationsByKey.set(integration.integration_key, integration);
}

/**
 * The service behind a well-formed routing key nobody seeded: made on first use, so the mock
 * works with no seeding at all (any key of the right shape is accepted).
 */
export function provisionService(state: PagerDutyState, routingKey: string): IntegrationRecord {
  const now = new Date().toISOString();
  const service: ServiceRecord = {
    id: newObjectId(),
    name: `Mock Service ${routingKey.slice(0, 6)}`,
    status: "active",
    created_at: now,
    escalation_policy_id: defaultEscalationPolicy.id,
    integrations: [],
  };
  const integration: IntegrationRecord = {
    id: newObjectId(),
    type: "events_api_v2_inbound_integration",
    name: "Events API V2",
    integration_key: routingKey,
    service_id: service.id,
    created_at: now,
  };
  service.integrations.push(integration);
  putService(state, service);
  return integration;
}
