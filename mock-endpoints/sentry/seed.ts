import { duePolicyOf } from "../core/duePolicy";
import { SeedError } from "../core/types";
import { isObject } from "./apiContext";
import {
  type Integration,
  type IntegrationProvider,
  type Organisation,
  type SentryState,
  type ServiceRow,
  type TeamRow,
  addOrganisation,
  addProject,
  newId,
  reserveId,
} from "./state";

const providers: IntegrationProvider[] = ["pagerduty", "opsgenie", "slack"];
const slugShape = /^[a-z0-9][a-z0-9_-]*$/;
/** Sentry's provider keys: `pagerduty`, `github_enterprise`, `aws_lambda`. */
const providerKeyShape = /^[a-z][a-z0-9_]*$/;
const publicKeyShape = /^[0-9a-f]{32}$/i;

function list(value: unknown, what: string): Record<string, unknown>[] {
  if (value === undefined) return [];
  if (!Array.isArray(value) || !value.every(isObject)) throw new SeedError(`"${what}" must be a list of objects`);
  return value;
}

function projects(state: SentryState, org: Organisation, raw: unknown): void {
  for (const entry of list(raw, "projects")) {
    const id = String(entry.id ?? "");
    if (!/^\d+$/.test(id)) throw new SeedError(`each project needs "id", the digits of the DSN path (got ${JSON.stringify(entry.id)})`);
    if (typeof entry.slug !== "string" || !slugShape.test(entry.slug)) throw new SeedError(`project ${id} needs "slug", lowercase letters, digits, - and _`);
    const keys = entry.publicKeys ?? [];
    if (!Array.isArray(keys) || !keys.every((k) => typeof k === "string" && publicKeyShape.test(k))) {
      throw new SeedError(`project ${id}: "publicKeys" must be a list of 32-hex-character DSN keys`);
    }
    const publicKeys = keys.map((k: string) => k.toLowerCase());
    const revoked = entry.revokedKeys ?? [];
    if (!Array.isArray(revoked) || !revoked.every((k) => typeof k === "string" && publicKeyShape.test(k))) {
      throw new SeedError(`project ${id}: "revokedKeys" must be a list of 32-hex-character DSN keys`);
    }
    const revokedKeys = revoked.map((k: string) => k.toLowerCase());
    const project = org.projects.get(id) ?? addProject(state, org, id, entry.slug, publicKeys);
    Object.assign(project, { slug: entry.slug, publicKeys, revokedKeys });
  }
}

function serviceRows(state: SentryState, raw: unknown, where: string): ServiceRow[] {
  return list(raw, `${where}.serviceTable`).map((row) => {
    if (typeof row.service !== "string" || row.service === "" || typeof row.integration_key !== "string" || row.integration_key === "") {
      throw new SeedError(`${where}: each service row needs "service" and "integration_key"`);
    }
    if (row.id !== undefined && !Number.isSafeInteger(row.id)) throw new SeedError(`${where}: a service row "id" is an integer`);
    const id = row.id === undefined ? Number(newId(state)) : (row.id as number);
    reserveId(state, id);
    return { id, service: row.service, integration_key: row.integration_key };
  });
}

function teamRows(integrationId: string, raw: unknown, where: string): TeamRow[] {
  return list(raw, `${where}.teamTable`).map((row) => {
    if (typeof row.team !== "string" || row.team === "" || typeof row.integration_key !== "string" || row.integration_key === "") {
      throw new SeedError(`${where}: each team row needs "team" and "integration_key"`);
    }
    const id = typeof row.id === "string" && row.id !== "" ? row.id : `${integrationId}-${row.team}`;
    return { id, team: row.team, integration_key: row.integration_key };
  });
}

/** An Opsgenie installation's `base_url`, ending in `/` as Sentry stores it (`https://api.opsgenie.com/`). */
function opsgenieBaseUrl(provider: IntegrationProvider, raw: unknown, where: string): string | undefined {
  if (raw === undefined) return undefined;
  if (provider !== "opsgenie") throw new SeedError(`${where}: "baseUrl" is for an opsgenie integration (where Sentry checks team-table keys)`);
  if (typeof raw !== "string" || !/^https?:\/\/[^/]+\/?$/.test(raw)) throw new SeedError(`${where}: "baseUrl" must be an Opsgenie API root, e.g. https://api.opsgenie.com/ or http://127.0.0.1:4814/`);
  return raw.endsWith("/") ? raw : `${raw}/`;
}

function integrations(state: SentryState, org: Organisation, raw: unknown): void {
  for (const entry of list(raw, "integrations")) {
    const provider = entry.provider as IntegrationProvider;
    if (!providers.includes(provider)) throw new SeedError(`each integration needs "provider", one of ${providers.join(", ")}`);
    const id = entry.id === undefined ? newId(state) : String(entry.id);
    if (!/^\d+$/.test(id)) throw new SeedError(`integration "id" must be digits (got ${JSON.stringify(entry.id)})`);
    reserveId(state, id);
    const where = `integration ${id}`;
    const name = typeof entry.name === "string" && entry.name !== "" ? entry.name : `mock-${provider}`;
    const integration: Integration = {
      id,
      name,
      provider,
      externalId: typeof entry.externalId === "string" ? entry.externalId : name,
      serviceTable: serviceRows(state, entry.serviceTable ?? entry.service_table, where),
      teamTable: teamRows(id, entry.teamTable ?? entry.team_table, where),
      baseUrl: opsgenieBaseUrl(provider, entry.baseUrl, where),
    };
    org.integrations.set(id, integration);
  }
}

/** Adds provider keys to what the organisation's catalogue offers (kept when already there). */
function availableProviders(org: Organisation, raw: unknown): void {
  if (raw === undefined) return;
  if (!Array.isArray(raw) || !raw.every((key) => typeof key === "string" && providerKeyShape.test(key))) {
    throw new SeedError('"availableProviders" must be a list of provider keys: lowercase letters, digits and _ (e.g. "datadog")');
  }
  for (const key of raw as string[]) if (!org.availableProviders.includes(key)) org.availableProviders.push(key);
}

/**
 * Applies a seed body: organisations are merged by slug (created when new), their projects by
 * id and their integrations by id. See index.ts for the format.
 */
function processing(state: SentryState, raw: unknown): void {
  if (raw !== undefined) state.processing = duePolicyOf(raw, "processing", "reads of events before a new one is stored");
}

export function seedSentry(state: SentryState, body: unknown): void {
  if (isObject(body) && body.organizations === undefined && body.processing !== undefined) return processing(state, body.processing);
  if (!isObject(body) || !Array.isArray(body.organizations)) {
    throw new SeedError('expected { "organizations": [{ "slug", "projects": [{ "id", "slug", "publicKeys" }], "integrations": [{ "provider", "id", "name", "serviceTable" | "teamTable" }], "environments", "availableProviders" }] }');
  }
  for (const entry of list(body.organizations, "organizations")) {
    if (typeof entry.slug !== "string" || !slugShape.test(entry.slug)) throw new SeedError('each organisation needs "slug", lowercase letters, digits, - and _');
    if (entry.id !== undefined && !/^\d+$/.test(String(entry.id))) throw new SeedError(`organisation "id" must be digits`);
    const org = state.organisations.get(entry.slug) ?? addOrganisation(state, entry.slug, entry.id === undefined ? undefined : String(entry.id));
    const environments = entry.environments ?? [];
    if (!Array.isArray(environments) || !environments.every((e) => typeof e === "string")) throw new SeedError('"environments" must be a list of names');
    for (const environment of environments as string[]) org.environments.add(environment);
    projects(state, org, entry.projects);
    integrations(state, org, entry.integrations);
    availableProviders(org, entry.availableProviders);
  }
  processing(state, body.processing);
}
