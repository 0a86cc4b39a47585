import { randomUUID } from "node:crypto";
import type { MockReply, MockRequest, Route } from "../core/types";
import { jsonObject } from "./alertBody";
import { authenticate } from "./auth";
import { fieldErrors, opsgenieError } from "./errors";
import { removeIntegration } from "./integrationsApi";
import { opsgenieReply } from "./reply";
import { type OpsgenieState, type TeamRecord, findTeam } from "./state";

// "name: Name of the team, 100 chars" (Create Team field table). @see https://docs.opsgenie.com/docs/team-api
const maxTeamName = 100;

/** The real hosts, so `links` look as Opsgenie's do for the region the mock stands for. */
function hosts(state: OpsgenieState): { app: string; api: string } {
  return state.region === "eu"
    ? { app: "https://app.eu.opsgenie.com", api: "https://api.eu.opsgenie.com" }
    : { app: "https://app.opsgenie.com", api: "https://api.opsgenie.com" };
}

function teamView(state: OpsgenieState, team: TeamRecord): Record<string, unknown> {
  const { app, api } = hosts(state);
  return {
    id: team.id,
    name: team.name,
    description: team.description,
    links: { web: `${app}/teams/dashboard/${team.id}/main`, api: `${api}/v2/teams/${team.id}` },
  };
}

/** The team `:identifier` names under `?identifierType=id|name` (default `id`), or the reply refusing it. */
function lookup(state: OpsgenieState, request: MockRequest): { team: TeamRecord } | { reply: MockReply } {
  const type = request.query.get("identifierType") ?? "id";
  if (type !== "id" && type !== "name") return { reply: opsgenieError.notProcessable({ identifierType: "should be one of [ id, name ]" }) };
  const { identifier } = request.params;
  const team = findTeam(state, type === "id" ? { id: identifier } : { name: identifier });
  return team ? { team } : { reply: opsgenieError.teamNotFound(type, identifier) };
}

function create(state: OpsgenieState, request: MockRequest): MockReply {
  const body = jsonObject(request);
  if (!body.ok) return body.reply;
  const name = typeof body.value.name === "string" ? body.value.name.trim() : "";
  if (name === "") return opsgenieError.notProcessable({ name: fieldErrors.nameEmpty });
  if ([...name].length > maxTeamName) return opsgenieError.notProcessable({ name: fieldErrors.nameTooLong });
  if (findTeam(state, { name })) return opsgenieError.teamNameTaken();
  const team: TeamRecord = { id: randomUUID(), name, description: typeof body.value.description === "string" ? body.value.description : "" };
  state.teams.set(team.id, team);
  return opsgenieReply(201, { result: "Created", data: { id: team.id, name: team.name } });
}

/**
 * Update Team (`PATCH /v2/teams/{identifier}`): the fields given are changed, the rest kept; a
 * name another team has is the same 409 as on create.
 * @see https://docs.opsgenie.com/docs/team-api#update-team
 */
function update(state: OpsgenieState, request: MockRequest, team: TeamRecord): MockReply {
  const body = jsonObject(request);
  if (!body.ok) return body.reply;
  const { name: rawName, description } = body.value;
  const name = typeof rawName === "string" ? rawName.trim() : undefined;
  if (rawName !== undefined && !name) return opsgenieError.notProcessable({ name: fieldErrors.nameEmpty });
  if (name !== undefined && [...name].length > maxTeamName) return opsgenieError.notProcessable({ name: fieldErrors.nameTooLong });
  const holder = name === undefined ? undefined : findTeam(state, { name });
  if (holder && holder !== team) return opsgenieError.teamNameTaken();
  if (name !== undefined) team.name = name;
  if (typeof description === "string") team.description = description;
  return opsgenieReply(200, { result: "Updated", data: { id: team.id, name: team.name } });
}

function remove(state: OpsgenieState, team: TeamRecord): MockReply {
  state.teams.delete(team.id);
  // A team's integrations go with it, and their keys stop working (unconfirmed, Opsgenie's UI warns so).
  for (const integration of [...state.integrations.values()]) {
    if (integration.ownerTeam?.id === team.id) removeIntegration(state, integration);
  }
  return opsgenieReply(200, { result: "Deleted" });
}

/**
 * The Team API: list, get, create, update, delete. Either kind of key may configure.
 * @see https://docs.opsgenie.com/docs/team-api
 */
export function teamRoutes(state: OpsgenieState): Route[] {
  const guarded =
    (handler: (request: MockRequest) => MockReply) =>
    (request: MockRequest): MockReply => {
      const auth = authenticate(state, request, request.method === "GET" ? "configuration-read" : "configure");
      return auth.ok ? handler(request) : auth.reply;
    };
  return [
    {
      method: "GET",
      path: "/v2/teams",
      handle: guarded(() => opsgenieReply(200, { data: [...state.teams.values()].map((t) => teamView(state, t)) })),
    },
    {
      method: "GET",
      path: "/v2/teams/:identifier",
      handle: guarded((request) => {
        const found = lookup(state, request);
        return "reply" in found ? found.reply : opsgenieReply(200, { data: { ...teamView(state, found.team), members: [] } });
      }),
    },
    { method: "POST", path: "/v2/teams", handle: guarded((request) => create(state, request)) },
    {
      method: "PATCH",
      path: "/v2/teams/:identifier",
      handle: guarded((request) => {
        const found = lookup(state, request);
        return "reply" in found ? found.reply : update(state, request, found.team);
      }),
    },
    {
      method: "DELETE",
      path: "/v2/teams/:identifier",
      handle: guarded((request) => {
        const found = lookup(state, request);
        return "reply" in found ? found.reply : remove(state, found.team);
      }),
    },
  ];
}
