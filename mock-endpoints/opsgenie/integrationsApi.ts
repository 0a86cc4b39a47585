import { randomUUID } from "node:crypto";
import type { MockReply, MockRequest, Route } from "../core/types";
import { jsonObject } from "./alertBody";
import { authenticate } from "./auth";
import { fieldErrors, opsgenieError } from "./errors";
import { opsgenieReply } from "./reply";
import { type IntegrationRecord, type OpsgenieState, type Responder, findTeam, teamsAreStrict } from "./state";

/**
 * An integration as Get Integration shows it. The key is shown once, in the create reply: the
 * mock leaves it out here so a client that expects to read it back fails as it would against
 * Opsgenie (whether Opsgenie's GET includes it is unconfirmed; the Terraform provider never reads it).
 */
function view(integration: IntegrationRecord): Record<string, unknown> {
  const { apiKey: _hidden, ownerTeam, ...fields } = integration;
  return ownerTeam ? { ...fields, ownerTeam } : fields;
}

/** Deletes an integration; its key stops authenticating (401) from then on. */
export function removeIntegration(state: OpsgenieState, integration: IntegrationRecord): void {
  state.integrations.delete(integration.id);
  const key = state.keys.get(integration.apiKey);
  if (key) key.revoked = true;
}

type Fields = Omit<IntegrationRecord, "id" | "apiKey">;

/** Validates a create or update body (both need `name` and `type`); every field error at once. */
function parseFields(state: OpsgenieState, body: Record<string, unknown>, self?: IntegrationRecord): { fields: Fields } | { reply: MockReply } {
  const errors: Record<string, string> = {};
  const name = typeof body.name === "string" ? body.name.trim() : "";
  if (name === "") errors.name = fieldErrors.nameEmpty;
  if (body.type !== "API") errors.type = fieldErrors.integrationType;
  let ownerTeam = self?.ownerTeam;
  const owner = body.ownerTeam as { id?: unknown; name?: unknown } | undefined;
  if (owner !== undefined && !self) {
    const ref = { id: typeof owner?.id === "string" ? owner.id : undefined, name: typeof owner?.name === "string" ? owner.name : undefined };
    const team = ref.id === undefined && ref.name === undefined ? undefined : findTeam(state, ref);
    if (ref.id === undefined && ref.name === undefined) errors.ownerTeam = fieldErrors.responderIdOrName;
    else if (team) ownerTeam = { id: team.id, name: team.name };
    // Lenient until teams are known: the owner is taken as given.
    else if (!teamsAreStrict(state)) ownerTeam = { id: ref.id ?? randomUUID(), name: ref.name ?? "" };
    else errors.ownerTeam = fieldErrors.teamNotFound(ref);
  }
  if (Object.keys(errors).length > 0) return { reply: opsgenieError.notProcessable(errors) };
  for (const other of state.integrations.values()) if (other.name === name && other !== self) return { reply: opsgenieError.integrationNameTaken() };
  const flag = (field: string, fallback: boolean): boolean => (typeof body[field] === "boolean" ? (body[field] as boolean) : fallback);
  return {
    fields: {
      name,
      type: "API",
      // Enabled unless the body says otherwise (unconfirmed: the Terraform provider enables explicitly after create).
      enabled: flag("enabled", self?.enabled ?? true),
      ownerTeam,
      // Both access flags are Update Integration fields too: left out, they go back to the default.
      // @see https://docs.opsgenie.com/docs/api-access-management ("TokenBasedIncomingFeature" in Opsgenie's OpenAPI)
      allowWriteAccess: flag("allowWriteAccess", true),
      allowConfigurationAccess: flag("allowConfigurationAccess", false),
      suppressNotifications: flag("suppressNotifications", false),
      ignoreRespondersFromPayload: flag("ignoreRespondersFromPayload", false),
      responders: Array.isArray(body.responders) ? (body.responders as Responder[]) : [],
    },
  };
}

function create(state: OpsgenieState, request: MockRequest): MockReply {
  const body = jsonObject(request);
  if (!body.ok) return body.reply;
  const parsed = parseFields(state, body.value);
  if ("reply" in parsed) return parsed.reply;
  const integration: IntegrationRecord = { id: randomUUID(), apiKey: randomUUID(), ...parsed.fields };
  state.integrations.set(integration.id, integration);
  state.keys.set(integration.apiKey, { key: integration.apiKey, region: state.region, kind: "api-integration", integrationId: integration.id });
  return opsgenieReply(201, { code: 201, data: { ...view(integration), apiKey: integration.apiKey } });
}

function update(state: OpsgenieState, request: MockRequest, integration: IntegrationRecord): MockReply {
  const body = jsonObject(request);
  if (!body.ok) return body.reply;
  // Update Integration replaces every field: what the body leaves out goes back to its default.
  const parsed = parseFields(state, body.value, integration);
  if ("reply" in parsed) return parsed.reply;
  Object.assign(integration, parsed.fields);
  return opsgenieReply(200, { code: 200, data: view(integration) });
}

/**
 * The Integration API for API integrations: list (filter by `teamId`, `teamName`, `type`),
 * create (201 with the new `apiKey`), get, update, delete, enable, disable.
 * @see https://docs.opsgenie.com/docs/integration-api
 */
export function integrationRoutes(state: OpsgenieState): Route[] {
  const guarded =
    (handler: (request: MockRequest, integration: IntegrationRecord) => MockReply) =>
    (request: MockRequest): MockReply => {
      const auth = authenticate(state, request, request.method === "GET" ? "configuration-read" : "configure");
      if (!auth.ok) return auth.reply;
      const integration = state.integrations.get(request.params.id);
      return integration ? handler(request, integration) : opsgenieError.integrationNotFound(request.params.id);
    };
  const setEnabled = (enabled: boolean) =>
    guarded((_request, integration) => {
      integration.enabled = enabled;
      const { id, name, type } = integration;
      return opsgenieReply(200, { code: 200, data: { id, name, enabled, type } });
    });

  return [
    {
      method: "GET",
      path: "/v2/integrations",
      handle: (request) => {
        const auth = authenticate(state, request, "configuration-read");
        if (!auth.ok) return auth.reply;
        const { query } = request;
        const data = [...state.integrations.values()]
          .filter((i) => (query.get("type") ?? i.type) === i.type)
          .filter((i) => (query.get("teamId") ?? i.ownerTeam?.id) === i.ownerTeam?.id)
          .filter((i) => (query.get("teamName") ?? i.ownerTeam?.name) === i.ownerTeam?.name)
          .map(({ id, name, enabled, type, ownerTeam }) => (ownerTeam ? { id, name, enabled, type, teamId: ownerTeam.id } : { id, name, enabled, type }));
        return opsgenieReply(200, { code: 200, data });
      },
    },
    {
      method: "POST",
      path: "/v2/integrations",
      handle: (request) => {
        const auth = authenticate(state, request, "configure");
        return auth.ok ? create(state, request) : auth.reply;
      },
    },
    { method: "GET", path: "/v2/integrations/:id", handle: guarded((_r, i) => opsgenieReply(200, { code: 200, data: view(i) })) },
    { method: "PUT", path: "/v2/integrations/:id", handle: guarded((r, i) => update(state, r, i)) },
    { method: "DELETE", path: "/v2/integrations/:id", handle: guarded((_r, i) => (removeIntegration(state, i), opsgenieReply(200, { result: "Deleted" }))) },
    { method: "POST", path: "/v2/integrations/:id/enable", handle: setEnabled(true) },
    { method: "POST", path: "/v2/integrations/:id/disable", handle: setEnabled(false) },
  ];
}
