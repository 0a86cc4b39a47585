import type { MockServiceDefinition } from "../core/types";
import { pagerDutyFaults } from "./errors";
import { eventsRoutes } from "./eventsApi";
import { managementRoutes } from "./managementApi";
import { settle } from "./processing";
import { restRoutes } from "./restApi";
import { seedPagerDuty } from "./seed";
import { type PagerDutyState, createPagerDutyState } from "./state";

/**
 * PagerDuty: the Events API v2 (`POST /v2/enqueue`, routing key in the body) and the REST API v2
 * reads the stack and its verify step make (`Authorization: Token token=<key>`):
 * `GET /services`, `GET /services/:id`, `GET /services/:id/integrations/:integrationId`,
 * `GET /incidents`, `GET /incidents/:id/alerts`, `GET /escalation_policies` (with their rules),
 * and the deletes a destroy makes (`DELETE /services/:id`, `GET|DELETE /escalation_policies/:id`:
 * a policy a service still uses is refused
 * with 400, as PagerDuty does). One port serves both hosts (`events.pagerduty.com`,
 * `api.pagerduty.com`).
 *
 * As in PagerDuty, events take effect asynchronously (processing.ts): by default an event shows
 * from the second read of incidents or alerts after its 202. A trigger makes an alert whose
 * `alert_key` is the dedup key, in an incident of its own with `incident_key: null` (found by
 * `GET /incidents?incident_key=` through its alerts), or, on a service with `alertGrouping:
 * "time"`, in the service's open incident; a resolve resolves the alert, and the incident once
 * none of its alerts is open.
 *
 * Seed (`POST /__mock/state`), additive, a service replaced when its id is given again:
 * ```json
 * { "escalation_policies": [{ "id": "PEP0001", "name": "checkout escalation",
 *     "escalation_rules": [{ "escalation_delay_in_minutes": 30, "targets": [{ "id": "PSCHED1", "type": "schedule_reference" }] }] }],
 *   "services": [{ "id": "PABC123", "name": "checkout", "status": "active", "escalation_policy": "PEP0001", "alertGrouping": "time",
 *     "integrations": [{ "id": "PINT001", "integration_key": "<32 letters/digits>", "name": "Events API V2", "created_at": "2026-01-05T00:00:00Z" }] }],
 *   "processing": { "polls": 1, "delayMs": 250 } }
 * ```
 * `slackConnections` are PagerDuty's Slack app connections (`source_id` a service id, `workspace_id`
 * T…, `channel_id` C…, `events` default `incident.triggered` and `incident.resolved`): each
 * incident event of the service is posted to the channel through the Slack mock (a peer), as a hop
 * of the chain that opened it. `unknownRoutingKeys: "refuse"` answers a key of no integration with
 * PagerDuty's 400 "Invalid routing key" instead of making a service for it (the default, `provision`).
 *
 * Only `name` is required; ids and integration keys are generated when left out, `created_at` is
 * now, and a policy's rules one rule paging the mock user `PMOCKUS`; a service without
 * `escalation_policy` is on the built-in `PMOCKEP` "Mock Escalation Policy". A `disabled`
 * service answers events 202 and opens nothing. A well-formed routing key nobody seeded makes a
 * service `Mock Service <first 6 chars of the key>` on first use. `processing` replaces the
 * policy: an event takes effect after `polls` observing reads or `delayMs`, whichever first
 * (`{ "polls": 0 }`: before the 202).
 *
 * Snapshot (`GET /__mock/state`, events due by time applied first): `{ services: [{ id, name,
 * status, alertGrouping?, integrations: [{ id, type, name, integration_key }] }],
 * escalationPolicies: [{ id, name, serviceIds }], incidents: [{ id, incident_number,
 * incident_key, service_id, status, title, severity, urgency, created_at, acknowledged_at,
 * resolved_at, alert_ids }], alerts: [{ id, alert_key, incident_id, service_id, status, summary,
 * severity, created_at, resolved_at }], pending, processing }`.
 */
export const pagerdutyMock: MockServiceDefinition<PagerDutyState> = {
  name: "pagerduty",
  title: "PagerDuty",
  defaultPort: 4813,
  createState: createPagerDutyState,
  routes: (state) => [...eventsRoutes(state), ...restRoutes(state), ...managementRoutes(state)],
  faults: pagerDutyFaults,
  seed: seedPagerDuty,
  snapshot(state) {
    settle(state);
    return {
      services: [...state.services.values()].map(({ id, name, status, alertGrouping, integrations }) => ({
        id,
        name,
        status,
        ...(alertGrouping ? { alertGrouping } : {}),
        integrations: integrations.map(({ id: integrationId, type, name: integrationName, integration_key }) => ({
          id: integrationId,
          type,
          name: integrationName,
          integration_key,
        })),
      })),
      escalationPolicies: [...state.escalationPolicies.values()].map(({ id, name }) => ({
        id,
        name,
        serviceIds: [...state.services.values()].filter((s) => s.escalation_policy_id === id).map((s) => s.id),
      })),
      incidents: state.incidents.map(({ last_status_change_at: _changed, ...incident }) => incident),
      alerts: state.alerts.map(({ integration_id: _routing, correlationId: _chain, ...alert }) => alert),
      slackConnections: state.slackConnections,
      unknownRoutingKeys: state.unknownRoutingKeys,
      pending: state.pending.length,
      processing: state.processing,
    };
  },
};
