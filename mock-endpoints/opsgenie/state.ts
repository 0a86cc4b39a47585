import type { DuePolicy } from "../core/duePolicy";

/** Opsgenie's two hosts: `api.opsgenie.com` ("us") and `api.eu.opsgenie.com` ("eu"). One mock stands for one. */
export type Region = "us" | "eu";

/**
 * Opsgenie's two kinds of key: an API integration's key (creates and closes alerts) and an
 * account key from API Key Management (configuration and reads only).
 * @see https://docs.opsgenie.com/docs/api-access-management
 */
export type KeyKind = "api-integration" | "account";

export type Priority = "P1" | "P2" | "P3" | "P4" | "P5";
export type AlertStatus = "open" | "closed";
export type ResponderType = "team" | "user" | "escalation" | "schedule";
export type IdentifierType = "id" | "alias" | "tiny";
export type RequestAction = "Create" | "Close" | "Delete";

export interface KeyRecord {
  key: string;
  region: Region;
  kind: KeyKind;
  /** The API integration the key belongs to; Opsgenie reports it as `integrationId` in request statuses. */
  integrationId: string;
  /** Set when the integration was deleted: its key no longer authenticates. */
  revoked?: boolean;
  /** The team owning the key's integration (a team integration): its alerts go to that team, whatever responders they name. */
  ownerTeam?: { id: string; name: string };
}

export interface TeamRecord {
  id: string;
  name: string;
  description: string;
}

export interface IntegrationRecord {
  id: string;
  name: string;
  type: "API";
  enabled: boolean;
  apiKey: string;
  ownerTeam?: { id: string; name: string };
  /** false: "Limit to Read-Only Access", every create, update or delete with the key is refused. */
  allowWriteAccess: boolean;
  /** false (the default): "Restrict Access to Configurations", the key reaches the Alert API only. */
  allowConfigurationAccess: boolean;
  suppressNotifications: boolean;
  ignoreRespondersFromPayload: boolean;
  responders: Responder[];
}

export interface Responder {
  type: ResponderType;
  id?: string;
  name?: string;
  username?: string;
}

/** What a create request sets on an alert. */
export interface AlertFields {
  message: string;
  priority: Priority;
  tags: string[];
  responders: Responder[];
  description: string;
  entity: string;
  source: string;
  details: Record<string, string>;
  actions: string[];
}

export interface AlertRecord extends AlertFields {
  id: string;
  tinyId: string;
  alias: string;
  status: AlertStatus;
  count: number;
  integration: { id: string; name: string; type: "API" };
  createdAt: string;
  updatedAt: string;
  lastOccurredAt: string;
  closedBy?: string;
}

/** The outcome Opsgenie shows at `GET /v2/alerts/requests/{id}` once the request is processed. */
export interface RequestOutcome {
  success: boolean;
  action: RequestAction;
  processedAt: string;
  integrationId: string;
  isSuccess: boolean;
  status: string;
  alertId: string;
  alias: string;
}

/** An accepted (202) alert request, processed later, in order. */
export interface AlertRequest {
  requestId: string;
  action: RequestAction;
  integrationId: string;
  /** `Date.now()` at acceptance, for `processing.delayMs`. */
  acceptedAt: number;
  /** `state.reads` at acceptance: observing reads since then count towards `processing.polls`. */
  readsAtAccept: number;
  /** Create: the validated alert fields. Close/Delete: how the alert was named. */
  payload: CreatePayload | TargetPayload;
  /** The chain the request belongs to (`x-mock-correlation-id`), if any. */
  correlationId?: string;
  outcome?: RequestOutcome;
}

export interface CreatePayload extends AlertFields {
  kind: "create";
  alias?: string;
}

export interface TargetPayload {
  kind: "target";
  identifier: string;
  identifierType: IdentifierType;
  user?: string;
}

/**
 * When an accepted request becomes processed. `polls` counts observing reads (any GET under
 * `/v2/alerts`) after the request was accepted. `byAction` overrides it per action: a slower
 * Create lets a later Close overtake it, as Opsgenie, which promises no order, may do.
 */
export interface ProcessingPolicy extends DuePolicy {
  byAction?: Partial<Record<RequestAction, DuePolicy>>;
}

export interface OpsgenieState {
  region: Region;
  /** Seeded keys, keys of integrations created here, and well-formed unknown keys once used. */
  keys: Map<string, KeyRecord>;
  teams: Map<string, TeamRecord>;
  /** Unknown responder teams are refused once this is set or any team exists. */
  strictTeams: boolean;
  integrations: Map<string, IntegrationRecord>;
  alerts: Map<string, AlertRecord>;
  /** Alias → id of the latest alert with that alias (dedup and `identifierType=alias`). */
  aliases: Map<string, string>;
  /** Tiny id → alert id (`identifierType=tiny`). */
  tinyIds: Map<string, string>;
  /** Accepted requests by id, oldest first; bounded by `requestLogLimit`. */
  requests: Map<string, AlertRequest>;
  /** Requests not processed yet, in acceptance order. */
  pending: AlertRequest[];
  processing: ProcessingPolicy;
  /** Observing reads so far (the clock `processing.polls` runs on). */
  reads: number;
  nextTinyId: number;
}

/** Oldest processed requests are forgotten past this, so a load test cannot grow the mock without bound. */
export const requestLogLimit = 50_000;

export function createOpsgenieState(): OpsgenieState {
  return {
    region: "us",
    keys: new Map(),
    teams: new Map(),
    strictTeams: false,
    integrations: new Map(),
    alerts: new Map(),
    aliases: new Map(),
    tinyIds: new Map(),
    requests: new Map(),
    pending: [],
    // The first status read answers 404, the second the outcome: what a real client must cope with.
    processing: { polls: 1 },
    reads: 0,
    nextTinyId: 1,
  };
}

/** True when a responder team must exist: strict mode was seeded, or teams are known. */
export function teamsAreStrict(state: OpsgenieState): boolean {
  return state.strictTeams || state.teams.size > 0;
}

export function findTeam(state: OpsgenieState, ref: { id?: string; name?: string }): TeamRecord | undefined {
  if (ref.id !== undefined) return state.teams.get(ref.id);
  for (const team of state.teams.values()) if (team.name === ref.name) return team;
  return undefined;
}
