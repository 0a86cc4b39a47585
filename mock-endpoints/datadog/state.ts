import type { DuePolicy } from "../core/duePolicy";

/**
 * Datadog sites, in Datadog's own spelling; the API host is `https://api.<site>`.
 * @see https://docs.datadoghq.com/getting_started/site/
 */
export const datadogSites = ["datadoghq.com", "us3.datadoghq.com", "us5.datadoghq.com", "datadoghq.eu", "ap1.datadoghq.com", "ap2.datadoghq.com", "ddog-gov.com"] as const;
export type DatadogSite = (typeof datadogSites)[number];

/** Opsgenie service-object regions, as the v2 API spells them (`OpsgenieServiceRegionType`). */
export const opsgenieRegions = ["us", "eu", "custom"] as const;
export type OpsgenieRegion = (typeof opsgenieRegions)[number];

/** Monitor draft states (`MonitorDraftStatus`); `published` is Datadog's default. */
export type DraftStatus = "draft" | "published";

/** One point as received on `/api/v1/series` or `/api/v2/series`, normalised to one shape. */
export interface ReceivedPoint {
  timestamp: number;
  value: number;
  /** As Datadog stores them (normalised, see tags.ts). */
  tags: string[];
  /** v1 names the type (`gauge`, `rate`, `count`); v2 numbers it (0 unspecified, 1 count, 2 rate, 3 gauge). */
  type?: string | number;
  host?: string;
  api: "v1" | "v2";
  /** When it arrived and the monitor reads then, for `evaluation`; the chain it belongs to (`x-mock-correlation-id`). */
  acceptedAt?: number;
  readsAtAccept?: number;
  correlationId?: string;
}

export interface EventRecord {
  id: number;
  title: string;
  text: string;
  dateHappened: number;
  priority: string | null;
  alertType?: string;
  /** As Datadog stores them (normalised, see tags.ts). */
  tags: string[];
  /** As the request sent them: what the 202 echoes. */
  sentTags: string[];
  /** `Date.now()` at acceptance, for `eventIndexing.delayMs`. */
  acceptedAt: number;
  /** `state.eventReads` at acceptance: reads since then count towards `eventIndexing.polls`. */
  readsAtAccept: number;
  host?: string;
  aggregationKey?: string;
  sourceTypeName?: string;
}

/** A monitor exactly as the API answers it (snake_case), so GET returns what POST returned. */
export type MonitorRecord = Record<string, unknown> & { id: number; draft_status: DraftStatus };

export interface PagerDutyServiceObject {
  serviceName: string;
  /** Write-only in Datadog: never answered by the API, only shown masked in the mock's snapshot. */
  serviceKey: string;
}

/** A channel of Datadog's Slack tile: monitors notify it as `@slack-<account>-<channel name without #>`. */
export interface OpsgenieServiceObject {
  id: string;
  name: string;
  region: OpsgenieRegion;
  customUrl: string | null;
  /** Write-only in Datadog, like the PagerDuty service key. */
  opsgenieApiKey: string;
}

/** A Datadog Slack channel (`SlackIntegrationChannel`); monitors notify it as `@slack-<account>-<name without #>`. */
export interface SlackChannelRecord {
  name: string;
  display: Record<string, boolean>;
}

/** Points kept per metric name; older points are dropped so a load test cannot exhaust memory. */
export const maxPointsPerMetric = 1_000;

export interface DatadogState {
  /** The site this stand-in plays; it shapes event URLs (`https://app.datadoghq.com/event/event?id=…`). */
  site: DatadogSite;
  /** The PagerDuty tile: service objects can only be created once it is installed. */
  pagerdutyIntegrationActive: boolean;
  /** Refuse `@pagerduty-…`/`@opsgenie-…` handles that match no service object (see monitorRules.ts). */
  strictHandles: boolean;
  /** Received points by metric name, newest last. */
  metrics: Map<string, ReceivedPoint[]>;
  events: Map<number, EventRecord>;
  /** Datadog indexes events asynchronously: a fresh event answers 404 until indexed; the observing reads are reads of events. */
  eventIndexing: DuePolicy;
  /** Reads of single events so far (the clock `eventIndexing.polls` runs on). */
  eventReads: number;
  monitors: Map<number, MonitorRecord>;
  /** PagerDuty service objects by service name. */
  pagerdutyServices: Map<string, PagerDutyServiceObject>;
  /** Opsgenie service objects by id. */
  opsgenieServices: Map<string, OpsgenieServiceObject>;
  /** Slack accounts the Datadog Slack app is installed in, with their channels. */
  slackAccounts: Map<string, SlackChannelRecord[]>;
  /**
   * When a submitted point counts for the monitors: after `polls` reads of monitors, or `delayMs`
   * (Datadog evaluates monitors every minute or so, not on intake).
   */
  evaluation: DuePolicy;
  /** Reads of monitors so far (the clock `evaluation.polls` runs on). */
  monitorReads: number;
  /** Chains already told a monitor could not evaluate (`<monitor id>:<correlation>`), so the hop is recorded once. */
  evaluationNotes: Set<string>;
  nextMonitorId: number;
  nextEventId: number;
}

export function createDatadogState(): DatadogState {
  return {
    site: "datadoghq.com",
    pagerdutyIntegrationActive: true,
    strictHandles: true,
    metrics: new Map(),
    events: new Map(),
    // The first read of a fresh event answers 404, the next one finds it.
    eventIndexing: { polls: 1 },
    eventReads: 0,
    monitors: new Map(),
    pagerdutyServices: new Map(),
    opsgenieServices: new Map(),
    slackAccounts: new Map(),
    // A point shows in the monitors' state from the second read of monitors after it arrived.
    evaluation: { polls: 1 },
    monitorReads: 0,
    evaluationNotes: new Set(),
    // Real monitor ids are 8-9 digit integers (e.g. 101334182 in Datadog's recorded test cassettes).
    nextMonitorId: 100_000_001,
    // Real event ids are int64 beyond 2^53; the mock stays below it so JSON numbers stay exact.
    nextEventId: 5_000_000_000_001,
  };
}

/** The web app host for a site: the EU and US1/gov sites have an `app.` prefix, the others do not. */
export function appUrl(site: DatadogSite): string {
  return site === "datadoghq.com" || site === "datadoghq.eu" || site === "ddog-gov.com" ? `https://app.${site}` : `https://${site}`;
}

/** Keeps received points, bounded per metric. */
export function recordPoint(state: DatadogState, metric: string, point: ReceivedPoint): void {
  let points = state.metrics.get(metric);
  if (!points) state.metrics.set(metric, (points = []));
  points.push(point);
  if (points.length > maxPointsPerMetric) points.splice(0, points.length - maxPointsPerMetric);
}
