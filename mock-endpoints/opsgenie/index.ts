import type { MockServiceDefinition } from "../core/types";
import { alertListRoutes } from "./alertListApi";
import { alertRoutes } from "./alertsApi";
import { opsgenieFaults } from "./errors";
import { integrationRoutes } from "./integrationsApi";
import { settle } from "./processing";
import { seedOpsgenie } from "./seed";
import { type OpsgenieState, createOpsgenieState, teamsAreStrict } from "./state";
import { teamRoutes } from "./teamsApi";

/**
 * Opsgenie REST API v2, one host (`api.opsgenie.com` or `api.eu.opsgenie.com`, by seed), with
 * `Authorization: GenieKey <uuid>`:
 * - Alerts: `POST /v2/alerts`, `POST /v2/alerts/{identifier}/close`, `DELETE /v2/alerts/{identifier}`
 *   (202 + request id, processed later), `GET /v2/alerts/requests/{requestId}` (404
 *   `RequestNotProcessed` until processed), `GET /v2/alerts/{identifier}?identifierType=id|alias|tiny`,
 *   `GET /v2/alerts` (list; a team integration's key sees its team's alerts).
 * - Teams: `GET|POST /v2/teams`, `GET|PATCH|DELETE /v2/teams/{identifier}?identifierType=id|name`.
 * - Integrations: `GET|POST /v2/integrations`, `GET|PUT|DELETE /v2/integrations/{id}`,
 *   `POST /v2/integrations/{id}/enable|disable`. An integration's key is narrowed by its access
 *   flags (`allowWriteAccess`, default true; `allowConfigurationAccess`, default false): 403 40301
 *   beyond them. Names are unique in the account (409), as are team names.
 *
 * Seed (`POST /__mock/state`), every field optional:
 * ```json
 * {
 *   "region": "us",
 *   "keys": [{ "key": "<uuid>", "region": "eu", "kind": "account", "team": "payments" }],
 *   "teams": [{ "name": "payments", "id": "<optional>", "description": "" }],
 *   "integrations": [{ "name": "payments API", "apiKey": "<uuid>", "team": "payments" }],
 *   "strictTeams": true,
 *   "processing": { "polls": 1, "delayMs": 250, "byAction": { "Create": { "polls": 3 } } }
 * }
 * ```
 * - `region` (default `"us"`): the host the mock stands for; a key seeded for the other region gets 401.
 * - `keys`: `kind` `"api-integration"` (default) or `"account"` (403 40301 on alert create/close/delete);
 *   `region` defaults to the mock's; `team` makes it the key of a team integration owned by that
 *   (seeded) team, whose alerts go to that team whatever responders they name, as with Opsgenie.
 *   Well-formed unseeded keys are API integration keys of this region, owned by no team.
 * - `integrations`: API integrations owned by a (seeded) team, as a stack creates them; their keys
 *   create alerts for that team, and alerts name the integration.
 * - `teams`, `strictTeams`: with no teams and `strictTeams` unset, any responder team is accepted;
 *   once a team exists (seeded or created) or `strictTeams` is true, an unknown one is a 422.
 * - `processing`: a request is processed after `polls` observing reads (GETs under `/v2/alerts`,
 *   default 1: the first status read is 404, the second answers) or after `delayMs`, whichever
 *   first; a seeded policy replaces the default (`{ "polls": 0 }`: processed at once). `byAction`
 *   gives an action its own policy; a request due sooner is processed first, so a close can
 *   overtake a slower create, as Opsgenie, which promises no order, allows.
 */
export const opsgenieMock: MockServiceDefinition<OpsgenieState> = {
  name: "opsgenie",
  title: "Opsgenie",
  defaultPort: 4814,
  createState: createOpsgenieState,
  routes: (state) => [...alertRoutes(state), ...alertListRoutes(state), ...teamRoutes(state), ...integrationRoutes(state)],
  faults: opsgenieFaults,
  seed: seedOpsgenie,
  snapshot(state) {
    // Requests due by time are processed before the state is shown.
    settle(state);
    return {
      region: state.region,
      strictTeams: teamsAreStrict(state),
      processing: state.processing,
      keys: [...state.keys.values()],
      teams: [...state.teams.values()],
      integrations: [...state.integrations.values()],
      alerts: [...state.alerts.values()],
      requests: [...state.requests.values()].map(({ requestId, action, outcome }) =>
        outcome ? { requestId, action, state: "processed", outcome } : { requestId, action, state: "pending" },
      ),
    };
  },
};
