import { randomUUID } from "node:crypto";
import type { DuePolicy } from "../core/duePolicy";
import { SeedError } from "../core/types";
import { keyShape } from "./auth";
import { type IntegrationRecord, type KeyKind, type OpsgenieState, type ProcessingPolicy, type Region, type RequestAction, findTeam } from "./state";

const regions: Region[] = ["us", "eu"];
const kinds: KeyKind[] = ["api-integration", "account"];
const topLevel = ["region", "keys", "teams", "strictTeams", "processing", "integrations"];

const isObject = (value: unknown): value is Record<string, unknown> => value !== null && typeof value === "object" && !Array.isArray(value);
const isCount = (value: unknown): value is number => typeof value === "number" && Number.isInteger(value) && value >= 0;

const actions: RequestAction[] = ["Create", "Close", "Delete"];

function parseDue(value: unknown, where: string): DuePolicy {
  if (!isObject(value) || (value.polls === undefined && value.delayMs === undefined)) {
    throw new SeedError(`"${where}" needs "polls" (status reads before a request is processed) and/or "delayMs"`);
  }
  if (value.polls !== undefined && !isCount(value.polls)) throw new SeedError(`"${where}.polls" must be a whole number, 0 or more`);
  if (value.delayMs !== undefined && !isCount(value.delayMs)) throw new SeedError(`"${where}.delayMs" must be a whole number of milliseconds`);
  return { polls: value.polls as number | undefined, delayMs: value.delayMs as number | undefined };
}

function parseProcessing(value: unknown): ProcessingPolicy {
  const policy: ProcessingPolicy = parseDue(value, "processing");
  const byAction = (value as Record<string, unknown>).byAction;
  if (byAction === undefined) return policy;
  if (!isObject(byAction) || Object.keys(byAction).some((action) => !actions.includes(action as RequestAction))) {
    throw new SeedError(`"processing.byAction" maps ${actions.join(", ")} to { "polls", "delayMs" }`);
  }
  policy.byAction = Object.fromEntries(Object.entries(byAction).map(([action, due]) => [action, parseDue(due, `processing.byAction.${action}`)]));
  return policy;
}

/**
 * Applies a control-API seed (format in index.ts). Everything is checked before anything is
 * applied, so a bad seed leaves the state as it was.
 */
export function seedOpsgenie(state: OpsgenieState, body: unknown): void {
  if (!isObject(body)) throw new SeedError("expected a JSON object");
  const unknown = Object.keys(body).filter((k) => !topLevel.includes(k));
  if (unknown.length > 0) throw new SeedError(`unknown field(s) ${unknown.join(", ")}; expected ${topLevel.join(", ")}`);

  const region = (body.region ?? state.region) as Region;
  if (!regions.includes(region)) throw new SeedError(`"region" must be one of ${regions.join(", ")}`);
  if (body.strictTeams !== undefined && typeof body.strictTeams !== "boolean") throw new SeedError('"strictTeams" must be true or false');
  const processing = body.processing === undefined ? undefined : parseProcessing(body.processing);

  if (body.keys !== undefined && !Array.isArray(body.keys)) throw new SeedError('"keys" must be a list of { "key", "region", "kind" }');
  const keys = ((body.keys ?? []) as unknown[]).map((entry) => {
    if (!isObject(entry) || typeof entry.key !== "string" || !keyShape.test(entry.key)) throw new SeedError('each key needs "key", a UUID');
    const keyRegion = (entry.region ?? region) as Region;
    if (!regions.includes(keyRegion)) throw new SeedError(`key "region" must be one of ${regions.join(", ")}`);
    const kind = (entry.kind ?? "api-integration") as KeyKind;
    if (!kinds.includes(kind)) throw new SeedError(`key "kind" must be one of ${kinds.join(", ")}`);
    if (entry.team !== undefined && typeof entry.team !== "string") throw new SeedError('key "team" must be the name of the team owning its integration');
    return { key: entry.key, region: keyRegion, kind, integrationId: randomUUID(), team: entry.team as string | undefined };
  });

  if (body.teams !== undefined && !Array.isArray(body.teams)) throw new SeedError('"teams" must be a list of { "name", "id", "description" }');
  const names = new Set([...state.teams.values()].map((t) => t.name));
  const teams = ((body.teams ?? []) as unknown[]).map((entry) => {
    if (!isObject(entry) || typeof entry.name !== "string" || entry.name.trim() === "") throw new SeedError('each team needs "name"');
    if (names.has(entry.name)) throw new SeedError(`team "${entry.name}" is already there`);
    names.add(entry.name);
    if (entry.id !== undefined && typeof entry.id !== "string") throw new SeedError('team "id" must be a string');
    return { id: (entry.id as string | undefined) ?? randomUUID(), name: entry.name, description: typeof entry.description === "string" ? entry.description : "" };
  });

  // A key's owner team must be a team of this seed or of the state.
  const ownerOf = (name: string) => teams.find((t) => t.name === name) ?? findTeam(state, { name });
  for (const { key, team } of keys) {
    if (team !== undefined && !ownerOf(team)) throw new SeedError(`key ${key.slice(0, 8)}…: team "${team}" is not a team; seed it in "teams"`);
  }
  const integrations = parseIntegrations(state, body.integrations, ownerOf);

  state.region = region;
  if (typeof body.strictTeams === "boolean") state.strictTeams = body.strictTeams;
  if (processing) state.processing = processing;
  for (const team of teams) state.teams.set(team.id, team);
  for (const { team, ...key } of keys) {
    const owner = team === undefined ? undefined : ownerOf(team);
    state.keys.set(key.key, owner ? { ...key, ownerTeam: { id: owner.id, name: owner.name } } : key);
  }
  for (const integration of integrations) {
    state.integrations.set(integration.id, integration);
    state.keys.set(integration.apiKey, { key: integration.apiKey, region, kind: "api-integration", integrationId: integration.id, ownerTeam: integration.ownerTeam });
  }
}

/**
 * `integrations`: API integrations as a stack creates them (`{ "name", "apiKey", "team", "id"? }`),
 * each owned by a team of this seed or the state, with Opsgenie's default access (write, no
 * configuration). Names and keys are unique, as in Opsgenie.
 */
function parseIntegrations(state: OpsgenieState, raw: unknown, ownerOf: (name: string) => { id: string; name: string } | undefined): IntegrationRecord[] {
  if (raw === undefined) return [];
  if (!Array.isArray(raw)) throw new SeedError('"integrations" must be a list of { "name", "apiKey", "team" }');
  const names = new Set([...state.integrations.values()].map((i) => i.name));
  return raw.map((entry: unknown) => {
    if (!isObject(entry) || typeof entry.name !== "string" || entry.name.trim() === "") throw new SeedError('each integration needs "name"');
    if (typeof entry.apiKey !== "string" || !keyShape.test(entry.apiKey) || state.keys.has(entry.apiKey)) throw new SeedError(`integration "${entry.name}": "apiKey" must be a UUID no key of the mock has`);
    if (names.has(entry.name)) throw new SeedError(`integration "${entry.name}" is already there (names are unique in an account)`);
    names.add(entry.name);
    const owner = typeof entry.team === "string" ? ownerOf(entry.team) : undefined;
    if (!owner) throw new SeedError(`integration "${entry.name}": "team" must name a team of this seed or the mock`);
    return {
      id: typeof entry.id === "string" ? entry.id : randomUUID(),
      name: entry.name,
      type: "API",
      enabled: true,
      apiKey: entry.apiKey,
      ownerTeam: { id: owner.id, name: owner.name },
      allowWriteAccess: true,
      allowConfigurationAccess: false,
      suppressNotifications: false,
      ignoreRespondersFromPayload: false,
      responders: [],
    };
  });
}
