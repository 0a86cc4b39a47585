import type { MockServiceDefinition } from "../core/types";
import { pagerDutyFaults } from "./errors";
import { eventsRoutes } from "./eventsApi";
import { restRoutes } from "./restApi";
import { seedPagerDuty } from "./seed";
import { type PagerDutyState, createPagerDutyState } from "./state";

/**
 * PagerDuty: the Events API v2 (`POST /v2/enqueue`, routing key in the body) and the REST API v2
 * reads the stack and its verify step make (`Authorization: Token token=<key>`):
 * `GET /services`, `GET /services/:id`, `GET /services/:id/integrations/:integrationId`,
 * `GET /incidents`. One port serves both hosts (`events.pagerduty.com`, `api.pagerduty.com`).
 *
 * Seed (`POST /__mock/state`), additive, a service replaced when its id is given again:
 * ```json
 * { "services": [{ "id": "PABC123", "name": "checkout", "status": "active",
 *     "integrations": [{ "id": "PINT001", "integration_key": "<32 letters/digits>", "name": "Events API V2" }] }] }
 * ```
 * Only `name` is required; ids and integration keys are generated when left out. A `disabled`
 * service answers events 202 and opens nothing. A well-formed routing key nobody seeded makes a
 * service `Mock Service <first 6 chars of the key>` on first use.
 *
 * Snapshot (`GET /__mock/state`): `{ services: [{ id, name, status, integrations: [{ id, type,
 * name, integration_key }] }], incidents: [{ id, incident_number, incident_key, service_id,
 * status, title, severity, urgency, created_at, acknowledged_at, resolved_at }] }`.
 */
export const pagerdutyMock: MockServiceDefinition<PagerDutyState> = {
  name: "pagerduty",
  title: "PagerDuty",
  defaultPort: 4813,
  createState: createPagerDutyState,
  routes: (state) => [...eventsRoutes(state), ...restRoutes(state)],
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
    incidents: state.incidents.map(({ integration_id: _routing, last_status_change_at: _changed, ...incident }) => incident),
  }),
};
