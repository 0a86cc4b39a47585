import type { DuePolicy } from "../core/duePolicy";

/** Integration providers the mock knows, by Sentry's provider key. */
export type IntegrationProvider = "pagerduty" | "opsgenie" | "slack";

/** Detector types Sentry creates for every project (the workflow engine's "monitors"). */
export type DetectorType = "error" | "issue_stream";

/** One row of the PagerDuty integration's service table; `id` is Sentry's row id, an integer. */
export interface ServiceRow {
  id: number;
  service: string;
  integration_key: string;
}

/** One row of the Opsgenie integration's team table; Sentry's row id is a string `<orgIntegrationId>-<team>`. */
export interface TeamRow {
  id: string;
  team: string;
  integration_key: string;
}

/** An integration installed in an organisation (installing is an OAuth flow, so it is only ever seeded). */
export interface Integration {
  id: string;
  name: string;
  provider: IntegrationProvider;
  /** The account on the vendor side (PagerDuty subdomain, Opsgenie account, Slack team). */
  externalId: string;
  serviceTable: ServiceRow[];
  teamTable: TeamRow[];
  /**
   * Opsgenie: the installation's `base_url` (`https://api.opsgenie.com/` or a mock's), where
   * Sentry checks each new team-table key. Unset: the mock has no Opsgenie to ask (see serviceTable.ts).
   */
  baseUrl?: string;
}

export interface Detector {
  id: string;
  type: DetectorType;
  name: string;
  projectId: string;
  dateCreated: string;
}

export interface Project {
  /** Digits, as in the DSN path. */
  id: string;
  slug: string;
  /** DSN public keys; when empty any well-formed key is accepted for this project. */
  publicKeys: string[];
  /** DSN keys of this project that were revoked or disabled: Relay learns so only once it has fetched the project config. */
  revokedKeys: string[];
  detectors: Detector[];
}

/** A legacy issue alert rule (`/projects/{org}/{project}/rules/`), kept as Sentry echoes it. */
/** The rule fields after validation, as the legacy rules API stores them. */
export interface RuleInput {
  name: string;
  actionMatch: string;
  filterMatch: string | null;
  frequency: number;
  environment: string | null;
  owner: string | null;
  conditions: unknown[];
  filters: unknown[];
  actions: unknown[];
}

export interface LegacyRule extends RuleInput {
  id: string;
  projectSlug: string;
  dateCreated: string;
}

export type LogicType = "any" | "any-short" | "all" | "none";

export interface WorkflowCondition {
  id: string;
  type: string;
  comparison: unknown;
  conditionResult: unknown;
}

export interface WorkflowAction {
  id: string;
  type: string;
  integrationId: string | null;
  data: Record<string, unknown>;
  config: Record<string, unknown>;
}

/** A data condition group: the workflow's triggers, or one action filter with its actions. */
export interface ConditionGroup {
  id: string;
  logicType: LogicType;
  conditions: WorkflowCondition[];
  actions: WorkflowAction[];
}

export interface Workflow {
  id: string;
  name: string;
  enabled: boolean;
  environment: string | null;
  config: { frequency: number };
  detectorIds: string[];
  triggers: ConditionGroup;
  actionFilters: ConditionGroup[];
  dateCreated: string;
  dateUpdated: string;
}

export interface Organisation {
  id: string;
  slug: string;
  name: string;
  /** Environments Sentry knows for the organisation: seeded, or seen on an event of one of its projects. */
  environments: Set<string>;
  projects: Map<string, Project>;
  integrations: Map<string, Integration>;
  /**
   * Provider keys Sentry offers this organisation besides the built-in catalogue
   * (providerCatalogue.ts), seeded: what a feature flag or a newer Sentry would add.
   */
  availableProviders: string[];
  rules: Map<string, LegacyRule>;
  workflows: Map<string, Workflow>;
}

/** One item Relay accepted, reduced to what a test wants to see. */
export interface ReceivedEvent {
  projectId: string;
  endpoint: "envelope" | "store";
  /** The envelope item type: `event`, `transaction`, `session`, `client_report`, … */
  itemType: string;
  eventId?: string;
  level?: string;
  exception?: { type?: string; value?: string };
  message?: string;
  tags?: Record<string, string>;
  environment?: string;
  release?: string;
  sdk?: string;
  transaction?: string;
  /** For `session` items. */
  status?: string;
  receivedAt: string;
}

/** Events kept per project, newest last; older ones drop off so a long-running mock stays bounded. */
export const maxEventsPerProject = 10_000;

export interface ProjectEvents {
  /** Every item received since the last reset, including the ones that dropped off. */
  received: number;
  events: ReceivedEvent[];
}

/** What groups an error event into an issue, and the issue's labels (grouping.ts). */
export interface Grouping {
  /** Events with the same key (per project) are one issue. */
  key: string;
  title: string;
  culprit: string;
}

/** An issue (a group of events), as the issue alerts see it. */
export interface Issue {
  /** Digits. */
  id: string;
  /** `<PROJECT-SLUG>-<n>`: the `qualified_short_id` Sentry's PagerDuty action uses as the dedup key. */
  shortId: string;
  projectId: string;
  title: string;
  culprit: string;
  level: string;
  status: "unresolved" | "resolved";
  firstSeen: string;
  lastSeen: string;
  count: number;
}

/** An event Relay answered 200 for, on its way to storage (or to being dropped). */
export interface IngestedEvent {
  eventId: string;
  projectId: string;
  record: ReceivedEvent;
  /** `Date.now()` at acceptance, for `processing.delayMs`. */
  acceptedAt: number;
  /** `state.reads` at acceptance: reads of events since then count towards `processing.polls`. */
  readsAtAccept: number;
  /** Why it will never be stored, though Relay answered 200 (a revoked key seen on a cold cache). */
  drop?: string;
  /** The chain it starts: the ingest request's `x-mock-correlation-id`, else the event id. */
  correlationId: string;
  grouping: Grouping;
  /** The issue it was grouped into, once processed. */
  issueId?: string;
}

export interface SentryState {
  organisations: Map<string, Organisation>;
  /** By project id; ingestion accepts any digit project id, seeded or not. */
  events: Map<string, ProjectEvents>;
  /** Accepted error events by `<project id>:<event id>`, with whether they are (or will be) stored. */
  ingested: Map<string, IngestedEvent>;
  /** When an accepted event is stored (readable through the web API); the observing reads are reads of events. */
  processing: DuePolicy;
  /** Reads of single events through the web API so far (the clock `processing.polls` runs on). */
  reads: number;
  /** DSN keys whose project config Relay has fetched (a warm cache): a revoked one is then refused at once. */
  cachedKeys: Set<string>;
  /** One counter for every numeric id the mock hands out (rows, rules, workflows, detectors). */
  nextId: number;
  /** Issues by id, and by `<project id>:<grouping key>`. */
  issues: Map<string, Issue>;
  issueKeys: Map<string, string>;
  /** Stored-to-be error events not yet grouped and alerted on, in acceptance order (postProcess.ts). */
  unprocessed: IngestedEvent[];
  /** When a workflow or rule last acted on an issue (`<workflow|rule>:<id>:<issue id>` → ms), for `frequency`. */
  lastFired: Map<string, number>;
  /** The last short-id number per project. */
  shortIds: Map<string, number>;
}

/** A new numeric id, as Sentry's database would hand out. */
export function newId(state: SentryState): string {
  return String(state.nextId++);
}

/** Keeps the counter above an id that was given (seeded), so later ids never collide with it. */
export function reserveId(state: SentryState, id: string | number): void {
  const value = Number(id);
  if (Number.isSafeInteger(value) && value >= state.nextId) state.nextId = value + 1;
}

/** Creates the project with its `error` and `issue_stream` detectors, as Sentry does on project creation. */
export function addProject(state: SentryState, org: Organisation, id: string, slug: string, publicKeys: string[]): Project {
  const dateCreated = new Date().toISOString();
  const detectors: Detector[] = (["error", "issue_stream"] as const).map((type) => ({
    id: newId(state),
    type,
    // Sentry's names for the system-created detectors (unconfirmed spelling).
    name: type === "error" ? "Error Monitor" : "Issue Stream",
    projectId: id,
    dateCreated,
  }));
  const project: Project = { id, slug, publicKeys, revokedKeys: [], detectors };
  org.projects.set(id, project);
  reserveId(state, id);
  return project;
}

export function addOrganisation(state: SentryState, slug: string, id?: string): Organisation {
  const org: Organisation = {
    id: id ?? newId(state),
    slug,
    name: slug,
    environments: new Set(),
    projects: new Map(),
    integrations: new Map(),
    availableProviders: [],
    rules: new Map(),
    workflows: new Map(),
  };
  if (id) reserveId(state, id);
  state.organisations.set(slug, org);
  return org;
}

/** Default: organisation `mock-org` with project 1 `mock-project` and no integrations installed. */
export function createSentryState(): SentryState {
  // Stored from the second read of an event after its 200: Sentry processes events after Relay answers.
  const state: SentryState = {
    organisations: new Map(),
    events: new Map(),
    ingested: new Map(),
    processing: { polls: 1 },
    reads: 0,
    cachedKeys: new Set(),
    nextId: 1,
    issues: new Map(),
    issueKeys: new Map(),
    unprocessed: [],
    lastFired: new Map(),
    shortIds: new Map(),
  };
  const org = addOrganisation(state, "mock-org", "1");
  addProject(state, org, "1", "mock-project", []);
  return state;
}

/** The organisation that owns a project id, if the project was seeded. */
export function organisationOfProject(state: SentryState, projectId: string): Organisation | undefined {
  for (const org of state.organisations.values()) if (org.projects.has(projectId)) return org;
  return undefined;
}

/** A project by id or slug, as Sentry's `{project_id_or_slug}` path parameters allow. */
export function findProject(org: Organisation, idOrSlug: string): Project | undefined {
  return org.projects.get(idOrSlug) ?? [...org.projects.values()].find((p) => p.slug === idOrSlug);
}
