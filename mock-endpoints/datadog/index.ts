import type { MockServiceDefinition } from "../core/types";
import { datadogFaults } from "./errors";
import { eventsRoutes, eventsSnapshot } from "./eventsApi";
import { metricsRoutes } from "./metricsApi";
import { evaluateMonitors } from "./monitorEvaluation";
import { monitorsRoutes } from "./monitorsApi";
import { opsgenieRoutes, opsgenieView } from "./opsgenieApi";
import { pagerdutyRoutes } from "./pagerdutyApi";
import { seedDatadog } from "./seed";
import { channelView, slackRoutes } from "./slackApi";
import { type DatadogState, createDatadogState } from "./state";

/** Write-only secrets appear in the snapshot only as their last four characters. */
const masked = (secret: string): string => `****${secret.slice(-4)}`;

/**
 * Datadog's API (`https://api.<site>`), answering with the real paths, statuses and bodies:
 * - intake, `DD-API-KEY` only: `GET /api/v1/validate`, `POST /api/v2/series`, `POST /api/v1/series`, `POST /api/v1/events`;
 * - management, `DD-API-KEY` and `DD-APPLICATION-KEY`: `GET /api/v1/events/:id`, `GET /api/v1/events` (start, end, tags); `POST /api/v1/monitor/validate`;
 *   `POST|GET /api/v1/monitor`, `GET|PUT|DELETE /api/v1/monitor/:id`; the PagerDuty tile `GET
 *   /api/v1/integration/pagerduty` (404 while not installed); PagerDuty service objects
 *   `POST /api/v1/integration/pagerduty/configuration/services`, `GET|PUT|DELETE …/services/:name`;
 *   Opsgenie service objects `POST|GET /api/v2/integration/opsgenie/services`, `GET|PATCH|DELETE …/services/:id`;
 *   Slack channels `GET|POST /api/v1/integration/slack/configuration/accounts/:account/channels`,
 *   `GET|DELETE …/channels/:channel` (404 for an account the Datadog Slack app is not installed in).
 *
 * As in Datadog, tags are stored normalised (lowercase, other characters as underscores: tags.ts)
 * and events are indexed asynchronously: by default a fresh event answers 404 to its first read
 * and is found by the next one (`eventIndexing`). An application key of another org cannot read
 * an event either: Datadog answers that 404 too (use a `status` fault to stand for it).
 *
 * Keys: any 32-hex API key and 40-hex application key. A missing or malformed API key is 403 with
 * Datadog's edge body (`{"status":"error","code":403,"errors":["Forbidden"],…}`); with a good API key,
 * a missing or malformed application key is 403 `{"errors":["Forbidden"]}`.
 *
 * Seed (`POST /__mock/state`), every key optional; flags replace, listed objects are added:
 * ```json
 * {
 *   "site": "datadoghq.com",                  // one of datadoghq.com, us3/us5.datadoghq.com, datadoghq.eu, ap1/ap2.datadoghq.com, ddog-gov.com
 *   "pagerdutyIntegrationActive": true,       // false: the PagerDuty tile is not installed (service objects refused)
 *   "strictHandles": true,                    // false: accept @pagerduty-…/@opsgenie-… handles that match no service object
 *   "pagerdutyServices": ["Default Service", { "service_name": "Ops", "service_key": "…" }],
 *   "opsgenieServices": ["ops-team", { "name": "ops-eu", "region": "eu" }],
 *   "monitors": [{ "type": "query alert", "query": "avg(last_5m):avg:system.load.1{*} > 2", "name": "…", "created": "2026-01-05T00:00:00Z" }],
 *                                             // "created" (seed only): when Datadog made it (default now), for a draft left since then
 *   "slackAccounts": [{ "name": "acme", "channels": ["#alerts"] }], // the Datadog Slack app installed in these workspaces
 *   "slackChannels": [{ "account": "example-org", "channel_name": "#alerts" }],   // the same, one channel at a time (@slack-example-org-alerts)
 *   "evaluation": { "polls": 1, "delayMs": 500 }, // a submitted point counts for monitors after `polls` reads of monitors or `delayMs`
 *   "eventIndexing": { "polls": 1, "delayMs": 500 } // a new event is readable after `polls` event reads or `delayMs`, whichever first
 * }
 * ```
 * Monitors evaluate, when the mocks run together (monitorEvaluation.ts): on each read of monitors,
 * every published metric monitor of the shape the stack writes is evaluated against the points that
 * count by then; met, it goes to `Alert` and notifies the `@pagerduty-…`, `@opsgenie-…` and
 * `@slack-…` handles of its message through the matching service object or Slack channel
 * (monitorNotifications.ts), each notification a hop of the chain of the point that set it off
 * (its series request's `x-mock-correlation-id`). Drafts are not evaluated and never notify; other
 * query shapes are refused as hops, in words. `PUT /api/v1/monitor/:id` edits a monitor.
 *
 * Snapshot (`GET /__mock/state`): the flags, `eventIndexing`, `metrics` (points by metric name, with tags),
 * `events` (each with `indexed`), `monitors` (as the API answers them), `pagerdutyServices` and `opsgenieServices` (keys masked), `slackAccounts`.
 */
export const datadogMock: MockServiceDefinition<DatadogState> = {
  name: "datadog",
  title: "Datadog",
  defaultPort: 4815,
  createState: createDatadogState,
  routes: (state) => [...metricsRoutes(state), ...eventsRoutes(state), ...monitorsRoutes(state), ...pagerdutyRoutes(state), ...opsgenieRoutes(state), ...slackRoutes(state)],
  faults: datadogFaults,
  seed: seedDatadog,
  snapshot: (state) => {
    evaluateMonitors(state);
    return snapshotOf(state);
  },
};

function snapshotOf(state: DatadogState): Record<string, unknown> {
  return {
    site: state.site,
    pagerdutyIntegrationActive: state.pagerdutyIntegrationActive,
    strictHandles: state.strictHandles,
    eventIndexing: state.eventIndexing,
    evaluation: state.evaluation,
    metrics: Object.fromEntries([...state.metrics].map(([name, points]) => [name, points.map(({ acceptedAt: _at, readsAtAccept: _reads, correlationId: _chain, ...point }) => point)])),
    events: eventsSnapshot(state),
    monitors: [...state.monitors.values()],
    pagerdutyServices: [...state.pagerdutyServices.values()].map((s) => ({ service_name: s.serviceName, service_key: masked(s.serviceKey) })),
    opsgenieServices: [...state.opsgenieServices.values()].map((s) => ({ ...opsgenieView(s), opsgenie_api_key: masked(s.opsgenieApiKey) })),
    slackAccounts: Object.fromEntries([...state.slackAccounts].map(([account, channels]) => [account, channels.map(channelView)])),
  };
}
