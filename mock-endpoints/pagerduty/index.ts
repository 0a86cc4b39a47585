import type { MockServiceDefinition } from "../core/types";
import { pagerDutyFaults } from "./errors";
import { eventsRoutes } from "./eventsApi";
import { managementRoutes } from "./managementApi";
import { restRoutes } from "./restApi";
import { seedPagerDuty } from "./seed";
import { type PagerDutyState, createPagerDutyState } from "./state";

/**
 * PagerDuty: the Events API v2 (`POST /v2/enqueue`, routing key in the body) and the REST API v2
 * reads the stack and its verify step make (`Authorization: Token token=<key>`):
 * `GET /services`, `GET /services/:id`, `GET /services/:id/integrations/:integrationId`,
 * `GET /incidents`, and the deletes a destroy makes (`DELETE /services/:id`, `GET|DELETE
 * /escalation_policies/:id`: a policy a service still uses is refused with 400, as PagerDuty does).
 * One port serves both hosts (`events.pagerduty.com`, `api.pagerduty.com`).
 *
 * Seed (`POST /__mock/state`), additive, a service replaced when its id is given again:
 * ```json
 * { "escalation_policies": [{ "id": "PEP0001", "name": "checkout escalation" }],
 *   "services": [{ "id": "PABC123", "name": "checkout", "status": "active", "escalation_policy": "PEP0001",
 *     "integrations": [{ "id": "PINT001", "integration_key": "<32 letters/digits>", "name": "Events API V2" }] }] }
 * ```
 * Only `name` is required; ids and integration keys are generated when left out; a service without
 * `escalation_policy` is on the built-in `PMOCKEP` "Mock Escalation Policy". A `disabled`
 * service answers events 202 and opens nothing. A well-formed routing key nobody seeded makes a
 * service `Mock Service <first 6 chars of the key>` on first use.
 *
 * Snapshot (`GET /__mock/state`): `{ services: [{ id, name, status, integrations: [{ id, type,
 * name, integration_key }] }], escalationPolicies: [{ id, name, serviceIds }], incidents: [{ id,
 * incident_number, incident_key, service_id, status, title, severity, urgency, created_at,
 * acknowledged_at, resolved_at }] }`.
 */
export const pagerdutyMock: MockServiceDefinition<PagerDutyState> = {
  name: "pagerduty",
  title: "PagerDuty",
  defaultPort: 4813,
  createState: createPagerDutyState,
  routes: (state) => [...eventsRoutes(state), ...restRoutes(state), ...managementRoutes(state)],
  faults: pagerDutyFaults,
  seed: seedPagerDuty,
  snapshot: (state) => ({
    services: [...state.services.values()].map(({ id, name, status, integrations }) => ({
      id,
      name,
      status,
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
    incidents: state.incidents.map(({ integration_id: _routing, last_status_change_at: _changed, ...incident }) => incident),
  }),
};
