import type { MockServiceDefinition } from "../core/types";
import { detectorRoutes } from "./detectorsApi";
import { projectRoutes } from "./projectsApi";
import { sentryFaults } from "./errors";
import { eventRoutes } from "./eventsApi";
import { ingestRoutes } from "./ingestApi";
import { issueRoutes } from "./issuesApi";
import { integrationRoutes } from "./integrationsApi";
import { providerRoutes } from "./providersApi";
import { ruleRoutes } from "./rulesApi";
import { seedSentry } from "./seed";
import { type SentryState, createSentryState } from "./state";
import { sentrySnapshot } from "./snapshot";
import { workflowRoutes } from "./workflowsApi";

/**
 * Sentry: event ingestion as Relay answers it (`POST /api/{project}/envelope/` and `/store/`, DSN
 * key in the query string or X-Sentry-Auth) and the web API under `/api/0/` with a Bearer token:
 * organisation integrations and their PagerDuty / Opsgenie tables, the catalogue of integration
 * providers (`/config/integrations/`), the deprecated project rules, workflows, detectors and projects.
 *
 * Default state: organisation `mock-org` (id 1) with project 1 `mock-project` (any DSN key
 * accepted) and no integrations, so a stack that requires the PagerDuty integration fails.
 *
 * As with Sentry, Relay's 200 means queued, not stored: an error event becomes readable at
 * `GET /api/0/projects/{org}/{project}/events/{id}/` from the second read after its 200 (the
 * `processing` seed changes that), and an event sent with a revoked key on a cold project-config
 * cache (the key's first use since a reset) is answered 200 and then dropped, never stored; the
 * key's later requests get 403 ProjectId.
 *
 * Seed (`POST /__mock/state`), merged into the state (organisations by slug, projects and
 * integrations by id); all or nothing:
 * ```json
 * { "organizations": [{
 *     "slug": "mock-org", "id": "1",
 *     "environments": ["production"],
 *     "projects": [{ "id": "1", "slug": "mock-project", "publicKeys": ["<32 hex>"], "revokedKeys": ["<32 hex>"] }],
 *     "integrations": [
 *       { "provider": "pagerduty", "id": "5", "name": "mock-pd", "externalId": "mock",
 *         "serviceTable": [{ "id": 10, "service": "checkout", "integration_key": "<key>" }] },
 *       { "provider": "opsgenie", "id": "6", "name": "mock-og", "baseUrl": "http://127.0.0.1:4814/",
 *         "teamTable": [{ "id": "6-ops", "team": "ops", "integration_key": "<key>" }] },
 *       { "provider": "slack", "id": "7", "name": "mock-workspace" } ],
 *     "availableProviders": ["datadog"] }],
 *   "processing": { "polls": 1, "delayMs": 500 } }
 * ```
 * An Opsgenie installation's `baseUrl` is where Sentry checks each new team-table key (it lists
 * alerts with it; Opsgenie's 401 makes the row "Invalid integration key"): give it the Opsgenie
 * mock's URL. Without one the mock has no Opsgenie to ask and refuses only an empty key.
 * With `publicKeys` a project takes only those keys (others: 403 ProjectId); without, any
 * well-formed key. Events for project ids nobody seeded are accepted too.
 *
 * The provider catalogue (`GET /api/0/organizations/{org}/config/integrations/?providerKey=`)
 * offers pagerduty, opsgenie and slack; `availableProviders` adds provider keys to one
 * organisation's catalogue (placeholder texts; added to what is there, never removed but by a
 * reset). Without it there is no `datadog` provider, as on sentry.io: that query answers 404
 * "Providers do not exist".
 *
 * Issue alerts, when the mocks run together: a stored error event joins an issue (grouped by its
 * fingerprint, else its exception or message); a new issue, or a resolved one regressing, sets off
 * the project's workflows (through its detectors) and legacy rules, with their environment filter,
 * triggers and frequency, and their actions go out as Sentry sends them (postProcess.ts,
 * actionDispatch.ts): PagerDuty through the service-table row's routing key, Opsgenie through the
 * team-table row's key to the installation's `baseUrl`, Slack to the channel. Each step is a hop of
 * the chain the event started (its `x-mock-correlation-id`, else its event id). Issues are read and
 * resolved under `/api/0/organizations/{org}/issues/{id}/`; a project's DSN under `…/projects/{org}/{project}/keys/`.
 *
 * State (`GET /__mock/state`): the organisations (projects with their detectors, integrations
 * with their tables, seeded `availableProviders`, rules, workflows), `issues`, `events` per project id (what
 * Relay received), `processing`, and `ingested`: each error event's `outcome` (`pending`,
 * `stored`, or `dropped: <why>`).
 */
export const sentryMock: MockServiceDefinition<SentryState> = {
  name: "sentry",
  title: "Sentry",
  defaultPort: 4812,
  createState: createSentryState,
  routes: (state) => [
    ...ingestRoutes(state),
    ...eventRoutes(state),
    ...integrationRoutes(state),
    ...providerRoutes(state),
    ...ruleRoutes(state),
    ...workflowRoutes(state),
    ...detectorRoutes(state),
    ...issueRoutes(state),
    ...projectRoutes(state),
  ],
  faults: sentryFaults,
  seed(state, body) {
    // Seed a copy and swap it in, so a body that fails half-way changes nothing.
    const draft = structuredClone(state);
    seedSentry(draft, body);
    Object.assign(state, draft);
  },
  snapshot: sentrySnapshot,
};
