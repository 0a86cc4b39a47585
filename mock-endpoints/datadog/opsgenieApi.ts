import { randomUUID } from "node:crypto";
import { empty, json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { management } from "./auth";
import { datadogError } from "./errors";
import { type JsonObject, isObject, nonEmptyString, readObject } from "./jsonBody";
import { type DatadogState, type OpsgenieRegion, type OpsgenieServiceObject, opsgenieRegions } from "./state";

const base = "/api/v2/integration/opsgenie/services";

/**
 * The JSON:API resource as the real API answers it (Datadog client cassette "Create a new service
 * object returns CREATED"): `custom_url`, `region`, `name`; the Opsgenie API key is write-only.
 */
export function opsgenieView(service: OpsgenieServiceObject): JsonObject {
  return { type: "opsgenie-service", id: service.id, attributes: { custom_url: service.customUrl, region: service.region, name: service.name } };
}

/** The attributes of a `{"data": {"type": "opsgenie-service", "attributes": {…}}}` body, or the reason it is refused. */
function attributesOf(request: MockRequest): JsonObject | string {
  const body = readObject(request);
  const data = body?.data;
  // (unconfirmed texts) The shapes are `OpsgenieServiceCreateRequest` / `OpsgenieServiceUpdateRequest`.
  if (!isObject(data) || data.type !== "opsgenie-service" || !isObject(data.attributes)) return 'Expected {"data": {"type": "opsgenie-service", "attributes": {...}}}';
  const a = data.attributes;
  if (a.name !== undefined && !nonEmptyString(a.name)) return "name must be a non-empty string";
  if (a.opsgenie_api_key !== undefined && !nonEmptyString(a.opsgenie_api_key)) return "opsgenie_api_key must be a non-empty string";
  if (a.region !== undefined && !opsgenieRegions.includes(a.region as OpsgenieRegion)) return `region must be one of ${opsgenieRegions.join(", ")}`;
  if (a.custom_url != null && typeof a.custom_url !== "string") return "custom_url must be a string";
  return a;
}

function nameTaken(state: DatadogState, name: string, except?: string): boolean {
  for (const service of state.opsgenieServices.values()) if (service.name === name && service.id !== except) return true;
  return false;
}

function create(state: DatadogState, request: MockRequest): MockReply {
  const a = attributesOf(request);
  if (typeof a === "string") return datadogError.badRequest(a);
  if (a.name === undefined || a.opsgenie_api_key === undefined || a.region === undefined) return datadogError.badRequest("name, opsgenie_api_key and region are required");
  if (a.region === "custom" && !nonEmptyString(a.custom_url)) return datadogError.badRequest("custom_url is required when region is custom");
  if (nameTaken(state, a.name as string)) return datadogError.opsgenieServiceConflict(a.name as string);
  const service: OpsgenieServiceObject = {
    id: randomUUID(),
    name: a.name as string,
    region: a.region as OpsgenieRegion,
    customUrl: (a.custom_url as string | null | undefined) ?? null,
    opsgenieApiKey: a.opsgenie_api_key as string,
  };
  state.opsgenieServices.set(service.id, service);
  return json(201, { data: opsgenieView(service) });
}

function update(state: DatadogState, request: MockRequest, service: OpsgenieServiceObject): MockReply {
  const a = attributesOf(request);
  if (typeof a === "string") return datadogError.badRequest(a);
  if (typeof a.name === "string" && nameTaken(state, a.name, service.id)) return datadogError.opsgenieServiceConflict(a.name);
  const next: OpsgenieServiceObject = {
    ...service,
    name: (a.name as string | undefined) ?? service.name,
    region: (a.region as OpsgenieRegion | undefined) ?? service.region,
    customUrl: a.custom_url === undefined ? service.customUrl : (a.custom_url as string | null),
    opsgenieApiKey: (a.opsgenie_api_key as string | undefined) ?? service.opsgenieApiKey,
  };
  if (next.region === "custom" && !next.customUrl) return datadogError.badRequest("custom_url is required when region is custom");
  state.opsgenieServices.set(next.id, next);
  return json(200, { data: opsgenieView(next) });
}

/** Routes for one service object by id, answering 404 for an unknown id. */
const byId =
  (state: DatadogState, then: (request: MockRequest, service: OpsgenieServiceObject) => MockReply) =>
  (request: MockRequest): MockReply => {
    const service = state.opsgenieServices.get(request.params.id);
    return service ? then(request, service) : datadogError.opsgenieServiceNotFound();
  };

/**
 * Opsgenie service objects (v2, JSON:API; management: both keys). Monitors notify them as `@opsgenie-<name>`.
 * @see https://docs.datadoghq.com/api/latest/opsgenie-integration/
 */
export function opsgenieRoutes(state: DatadogState): Route[] {
  return [
    { method: "POST", path: base, handle: management((request) => create(state, request)) },
    { method: "GET", path: base, handle: management(() => json(200, { data: [...state.opsgenieServices.values()].map(opsgenieView) })) },
    { method: "GET", path: `${base}/:id`, handle: management(byId(state, (_request, service) => json(200, { data: opsgenieView(service) }))) },
    { method: "PATCH", path: `${base}/:id`, handle: management(byId(state, (request, service) => update(state, request, service))) },
    {
      method: "DELETE",
      path: `${base}/:id`,
      handle: management(byId(state, (_request, service) => (state.opsgenieServices.delete(service.id), empty(204)))),
    },
  ];
}
