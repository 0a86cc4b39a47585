import { duePolicyOf } from "../core/duePolicy";
import { slackConnectionOf } from "./slackConnections";
import { SeedError } from "../core/types";
import {
  type AlertGrouping,
  type EscalationPolicyRecord,
  type EscalationRule,
  type IntegrationRecord,
  type PagerDutyState,
  type ServiceRecord,
  type ServiceStatus,
  type UnknownRoutingKeys,
  defaultEscalationPolicy,
  mockUserRule,
  newKey,
  newObjectId,
  putService,
} from "./state";

const statuses: ServiceStatus[] = ["active", "disabled"];
const objectId = /^P[A-Z0-9]{6}$/;
const routingKey = /^[A-Za-z0-9]{32}$/;
const groupings: AlertGrouping[] = ["time"];
const unknownKeyModes: UnknownRoutingKeys[] = ["provision", "refuse"];
const usage =
  'expected { "escalation_policies"?: [{ "id"?, "name", "escalation_rules"?: [{ "escalation_delay_in_minutes"?, "targets": [{ "id", "type" }] }] }], "services"?: [{ "id"?, "name", "status"?, "escalation_policy"?, "alertGrouping"?: "time", "integrations"?: [{ "id"?, "integration_key"?, "name"?, "created_at"? }] }], "slackConnections"?: [{ "source_id", "workspace_id", "channel_id", "channel_name"?, "events"? }], "unknownRoutingKeys"?: "provision" | "refuse", "processing"?: { "polls"?, "delayMs"? } }';
const targetTypes = ["user_reference", "schedule_reference"];

type Entry = Record<string, unknown>;

function object(value: unknown, what: string): Entry {
  if (typeof value !== "object" || value === null || Array.isArray(value)) throw new SeedError(`${what} must be an object; ${usage}`);
  return value as Entry;
}

function optionalId(value: unknown, what: string): string {
  if (value === undefined) return newObjectId();
  if (typeof value !== "string" || !objectId.test(value)) throw new SeedError(`${what} "id" must look like a PagerDuty id: P and six of A-Z0-9 (e.g. PABC123)`);
  return value;
}

function integrationOf(raw: unknown, service: ServiceRecord, where: string, now: string): IntegrationRecord {
  const entry = object(raw, where);
  const key = entry.integration_key ?? newKey();
  if (typeof key !== "string" || !routingKey.test(key)) throw new SeedError(`${where} "integration_key" must be 32 letters or digits, as PagerDuty issues them`);
  if (entry.name !== undefined && typeof entry.name !== "string") throw new SeedError(`${where} "name" must be a string`);
  // When the integration was made: a key older than the rotation period is seeded with its date.
  const created = entry.created_at === undefined ? now : new Date(String(entry.created_at));
  if (typeof created !== "string" && Number.isNaN(created.getTime())) throw new SeedError(`${where} "created_at" must be a date (ISO 8601)`);
  return {
    id: optionalId(entry.id, where),
    type: "events_api_v2_inbound_integration",
    name: (entry.name as string | undefined) ?? "Events API V2",
    integration_key: key,
    service_id: service.id,
    created_at: typeof created === "string" ? created : created.toISOString(),
  };
}

function policyOf(raw: unknown, index: number): EscalationPolicyRecord {
  const where = `escalation_policies[${index}]`;
  const entry = object(raw, where);
  if (typeof entry.name !== "string" || entry.name.trim() === "") throw new SeedError(`${where} needs "name", a non-empty string`);
  const rules = entry.escalation_rules ?? [mockUserRule()];
  const valid = (rule: unknown) =>
    typeof rule === "object" && rule !== null && Array.isArray((rule as EscalationRule).targets) &&
    (rule as EscalationRule).targets.every((t) => typeof t?.id === "string" && targetTypes.includes(t.type));
  if (!Array.isArray(rules) || !rules.every(valid)) throw new SeedError(`${where} "escalation_rules" must be a list of { "escalation_delay_in_minutes"?, "targets": [{ "id", "type": "user_reference" | "schedule_reference" }] }`);
  const escalationRules = (rules as EscalationRule[]).map((r) => ({ escalation_delay_in_minutes: r.escalation_delay_in_minutes ?? 30, targets: r.targets.map(({ id, type }) => ({ id, type })) }));
  return { id: optionalId(entry.id, where), name: entry.name, escalation_rules: escalationRules };
}

function serviceOf(raw: unknown, index: number, now: string, policies: ReadonlySet<string>): ServiceRecord {
  const where = `services[${index}]`;
  const entry = object(raw, where);
  if (typeof entry.name !== "string" || entry.name.trim() === "") throw new SeedError(`${where} needs "name", a non-empty string`);
  const status = (entry.status ?? "active") as ServiceStatus;
  if (!statuses.includes(status)) throw new SeedError(`${where} "status" must be one of ${statuses.join(", ")}`);
  if (entry.integrations !== undefined && !Array.isArray(entry.integrations)) throw new SeedError(`${where} "integrations" must be an array`);
  const policy = entry.escalation_policy ?? defaultEscalationPolicy.id;
  if (typeof policy !== "string" || !policies.has(policy)) throw new SeedError(`${where} "escalation_policy" must be the id of an escalation policy the mock has or this body seeds`);
  if (entry.alertGrouping !== undefined && !groupings.includes(entry.alertGrouping as AlertGrouping)) {
    throw new SeedError(`${where} "alertGrouping" must be one of ${groupings.join(", ")} (leave it out for no grouping)`);
  }
  const service: ServiceRecord = { id: optionalId(entry.id, where), name: entry.name, status, created_at: now, escalation_policy_id: policy, integrations: [] };
  if (entry.alertGrouping !== undefined) service.alertGrouping = entry.alertGrouping as AlertGrouping;
  service.integrations = ((entry.integrations as unknown[] | undefined) ?? []).map((i, n) => integrationOf(i, service, `${where}.integrations[${n}]`, now));
  return service;
}

/**
 * Adds (or, by id, replaces) escalation policies and services, and replaces the processing policy
 * when one is given. The whole body is checked before anything changes; a routing key may belong
 * to one integration only, as in PagerDuty.
 */
export function seedPagerDuty(state: PagerDutyState, body: unknown): void {
  const entry = object(body, "the body");
  const known = ["services", "processing", "escalation_policies", "slackConnections", "unknownRoutingKeys"];
  const nothing = known.every((key) => entry[key] === undefined);
  const rawPolicies = entry.escalation_policies ?? [];
  const rawConnections = entry.slackConnections ?? [];
  if (nothing || (entry.services !== undefined && !Array.isArray(entry.services)) || !Array.isArray(rawPolicies) || !Array.isArray(rawConnections)) throw new SeedError(usage);
  if (entry.unknownRoutingKeys !== undefined && !unknownKeyModes.includes(entry.unknownRoutingKeys as UnknownRoutingKeys)) {
    throw new SeedError(`"unknownRoutingKeys" must be one of ${unknownKeyModes.join(", ")}`);
  }
  const services = (entry.services ?? []) as unknown[];
  const processing = entry.processing === undefined ? undefined : duePolicyOf(entry.processing, "processing", "observing reads before an event takes effect");
  const now = new Date().toISOString();
  const policies = rawPolicies.map(policyOf);
  const policyIds = new Set([...state.escalationPolicies.keys(), ...policies.map((p) => p.id)]);
  const parsed = services.map((raw, index) => serviceOf(raw, index, now, policyIds));

  const serviceIds = new Set([...state.services.keys(), ...parsed.map((s) => s.id)]);
  const connections = rawConnections.map((raw, index) => slackConnectionOf(raw, index, serviceIds));
  const replaced = new Set(parsed.map((s) => s.id));
  const seen = new Set<string>();
  for (const service of parsed) {
    for (const { integration_key: key } of service.integrations) {
      const owner = state.integrationsByKey.get(key)?.service_id;
      if (seen.has(key) || (owner !== undefined && !replaced.has(owner))) {
        const where = seen.has(key) ? "twice in this body" : `already by service ${owner}`;
        throw new SeedError(`integration_key ${key.slice(0, 6)}… is used ${where}; a routing key belongs to one integration`);
      }
      seen.add(key);
    }
  }
  for (const policy of policies) state.escalationPolicies.set(policy.id, policy);
  for (const service of parsed) putService(state, service);
  // A connection given again by id replaces the old one (how a test points one at a deleted channel).
  for (const connection of connections) state.slackConnections = [...state.slackConnections.filter((c) => c.id !== connection.id), connection];
  if (entry.unknownRoutingKeys !== undefined) state.unknownRoutingKeys = entry.unknownRoutingKeys as UnknownRoutingKeys;
  if (processing) state.processing = processing;
}
