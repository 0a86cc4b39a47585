import { randomBytes, randomInt } from "node:crypto";
import type { DuePolicy } from "../core/duePolicy";

/** Events API v2 `event_action`. @see https://developer.pagerduty.com/docs/events-api-v2/trigger-events/ */
export type EventAction = "trigger" | "acknowledge" | "resolve";
/** Events API v2 `payload.severity`. */
export type Severity = "critical" | "error" | "warning" | "info";
/** A service's state as the mock models it; PagerDuty also has `warning`, `critical`, `maintenance`. */
export type ServiceStatus = "active" | "disabled";
export type IncidentStatus = "triggered" | "acknowledged" | "resolved";
/** An alert is open (`triggered`) or `resolved`; acknowledging acts on its incident. */
export type AlertStatus = "triggered" | "resolved";
/**
 * A service's alert grouping (`alert_grouping_parameters.type`). The mock models `time` (a new alert
 * joins the service's open incident) and no grouping, PagerDuty's default for a new service.
 */
export type AlertGrouping = "time";
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
  /** Unset: every new alert opens its own incident. */
  alertGrouping?: AlertGrouping;
}

/** What an Events API v2 trigger makes: an alert, in an incident of its own or grouped into an open one. */
export interface AlertRecord {
  id: string;
  /** The event's `dedup_key`. */
  alert_key: string;
  incident_id: string;
  service_id: string;
  /** Follow-up events only apply when sent with the routing key that opened the alert (PagerDuty's dedup rule). */
  integration_id: string;
  status: AlertStatus;
  /** The trigger's `payload.summary`. */
  summary: string;
  severity: Severity;
  created_at: string;
  resolved_at: string | null;
  /** The chain the opening event belonged to (its `x-mock-correlation-id`), for the hops that follow. */
  correlationId?: string;
}

/**
 * A PagerDuty Slack connection (PagerDuty's Slack app, "Slack V2"): the service's incident events
 * posted to one channel of a connected workspace.
 * @see https://developer.pagerduty.com/api-reference/ (Slack Integration: Create a Slack connection)
 */
export interface SlackConnectionRecord {
  id: string;
  /** The service whose incidents it posts. */
  source_id: string;
  workspace_id: string;
  channel_id: string;
  channel_name: string;
  /** `incident.triggered`, `incident.resolved`, …: the incident events it posts. */
  events: string[];
  notification_type: "responder" | "stakeholder";
}

/** What the Events API does with a well-formed routing key that is no integration's. */
export type UnknownRoutingKeys = "provision" | "refuse";

/** One rule of an escalation policy: whom an incident is assigned to, and after how long it moves on. */
export interface EscalationRule {
  escalation_delay_in_minutes: number;
  targets: { id: string; type: "user_reference" | "schedule_reference" }[];
}

export interface EscalationPolicyRecord {
  id: string;
  name: string;
  /** PagerDuty requires at least one rule with a target on create; a deleted user or schedule leaves a rule without one. */
  escalation_rules: EscalationRule[];
}

/** A rule paging the mock's one user: what a seeded policy has unless its rules are given. */
export const mockUserRule = (): EscalationRule => ({ escalation_delay_in_minutes: 30, targets: [{ id: "PMOCKUS", type: "user_reference" }] });

/** The policy of every service that names none (events-provisioned and seeded services). */
export const defaultEscalationPolicy: EscalationPolicyRecord = { id: "PMOCKEP", name: "Mock Escalation Policy", escalation_rules: [mockUserRule()] };

export interface IncidentRecord {
  id: string;
  incident_number: number;
  /**
   * Null for every incident the Events API v2 opens: "Incidents with child alerts do not have an
   * incident key; querying by incident key will return incidents whose alerts have alert_key
   * matching the given incident key" (List Incidents reference, `incident_key`).
   */
  incident_key: string | null;
  service_id: string;
  status: IncidentStatus;
  /** The first alert's summary. */
  title: string;
  severity: Severity;
  urgency: Urgency;
  created_at: string;
  last_status_change_at: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  /** Its alerts, oldest first; the incident resolves when the last of them does. */
  alert_ids: string[];
}

/** An accepted (202) event, applied later. */
export interface PendingEvent {
  routingKey: string;
  action: EventAction;
  dedupKey: string;
  summary?: string;
  severity?: Severity;
  /** `Date.now()` at acceptance, for `processing.delayMs`. */
  acceptedAt: number;
  /** `state.reads` at acceptance: observing reads since then count towards `processing.polls`. */
  readsAtAccept: number;
  /** The chain the event belongs to (`x-mock-correlation-id`), if any. */
  correlationId?: string;
}

export interface PagerDutyState {
  services: Map<string, ServiceRecord>;
  escalationPolicies: Map<string, EscalationPolicyRecord>;
  /** Integrations by routing key, for the Events API. */
  integrationsByKey: Map<string, IntegrationRecord>;
  /** Every incident, oldest first. */
  incidents: IncidentRecord[];
  /** Every alert, oldest first. */
  alerts: AlertRecord[];
  /** Open (triggered) alerts by `routing key + dedup key`. */
  openAlerts: Map<string, AlertRecord>;
  /** Accepted events not applied yet, in acceptance order. */
  pending: PendingEvent[];
  /** When an accepted event takes effect; the observing reads are REST reads of incidents and alerts. */
  processing: DuePolicy;
  /** Observing reads so far (the clock `processing.polls` runs on). */
  reads: number;
  nextIncidentNumber: number;
  /** Slack connections (seeded: PagerDuty's Slack app is connected in its UI). */
  slackConnections: SlackConnectionRecord[];
  /**
   * `provision` (default, a leniency for unseeded use): a key nobody seeded makes a service on
   * first use. `refuse`: PagerDuty's answer, 400 "Invalid routing key", for an account whose
   * services are all known (a seeded world).
   */
  unknownRoutingKeys: UnknownRoutingKeys;
}

export function createPagerDutyState(): PagerDutyState {
  return {
    services: new Map(),
    escalationPolicies: new Map([[defaultEscalationPolicy.id, { ...defaultEscalationPolicy, escalation_rules: [mockUserRule()] }]]),
    integrationsByKey: new Map(),
    incidents: [],
    alerts: [],
    openAlerts: new Map(),
    pending: [],
    // Events are processed asynchronously: the first read after an event does not see it yet, the second does.
    processing: { polls: 1 },
    reads: 0,
    nextIncidentNumber: 1,
    slackConnections: [],
    unknownRoutingKeys: "provision",
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

export function openAlertKey(routingKey: string, dedupKey: string): string {
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
