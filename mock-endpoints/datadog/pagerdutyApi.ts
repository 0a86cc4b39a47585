import { empty, json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { management } from "./auth";
import { datadogError } from "./errors";
import { nonEmptyString, readObject } from "./jsonBody";
import type { DatadogState } from "./state";

const base = "/api/v1/integration/pagerduty/configuration/services";

function create(state: DatadogState, request: MockRequest): MockReply {
  if (!state.pagerdutyIntegrationActive) return datadogError.pagerdutyIntegrationNotFound(400);
  const body = readObject(request);
  // (unconfirmed text) Both fields are required by the API reference (`PagerDutyService`).
  if (!body || !nonEmptyString(body.service_name) || !nonEmptyString(body.service_key)) {
    return datadogError.badRequest("Both service_name and service_key are required");
  }
  if (state.pagerdutyServices.has(body.service_name)) return datadogError.serviceAlreadyExists();
  state.pagerdutyServices.set(body.service_name, { serviceName: body.service_name, serviceKey: body.service_key });
  // The key is write-only: the answer names the service and nothing else.
  return json(201, { service_name: body.service_name });
}

/** The named service object, or Datadog's 404 for it. */
function found(state: DatadogState, request: MockRequest): { name: string } | { refusal: MockReply } {
  if (!state.pagerdutyIntegrationActive) return { refusal: datadogError.pagerdutyIntegrationNotFound(404) };
  const name = request.params.name;
  return state.pagerdutyServices.has(name) ? { name } : { refusal: datadogError.serviceNotFound() };
}

function update(state: DatadogState, request: MockRequest): MockReply {
  const service = found(state, request);
  if ("refusal" in service) return service.refusal;
  const body = readObject(request);
  if (!body || !nonEmptyString(body.service_key)) return datadogError.badRequest("service_key is required"); // (unconfirmed text)
  state.pagerdutyServices.set(service.name, { serviceName: service.name, serviceKey: body.service_key });
  return empty(200);
}

/**
 * The tile itself, as the Terraform provider reads it (`GetIntegrationPD`, `GET
 * /api/v1/integration/pagerduty`; its Exists treats a 404 as "not installed"): the services by
 * name, never their keys. Not installed: 404 with the text Datadog gives for a service object
 * created too early (DataDog/terraform-provider-datadog#237; on this GET the text is unconfirmed).
 * The subdomain and schedules the mock does not track are shown as `mock` and `[]`.
 */
function tile(state: DatadogState): MockReply {
  if (!state.pagerdutyIntegrationActive) return datadogError.pagerdutyIntegrationNotFound(404);
  const services = [...state.pagerdutyServices.values()].map((s) => ({ service_name: s.serviceName }));
  return json(200, { services, subdomain: "mock", schedules: [] });
}

/**
 * PagerDuty service objects, addressed by service name (management: both keys). The tile must be
 * installed first (`pagerdutyIntegrationActive`); the service key is never answered.
 * @see https://docs.datadoghq.com/api/latest/pagerduty-integration/
 */
export function pagerdutyRoutes(state: DatadogState): Route[] {
  return [
    { method: "GET", path: "/api/v1/integration/pagerduty", handle: management(() => tile(state)) },
    { method: "POST", path: base, handle: management((request) => create(state, request)) },
    {
      method: "GET",
      path: `${base}/:name`,
      handle: management((request) => {
        const service = found(state, request);
        return "refusal" in service ? service.refusal : json(200, { service_name: service.name });
      }),
    },
    { method: "PUT", path: `${base}/:name`, handle: management((request) => update(state, request)) },
    {
      method: "DELETE",
      path: `${base}/:name`,
      handle: management((request) => {
        const service = found(state, request);
        if ("refusal" in service) return service.refusal;
        state.pagerdutyServices.delete(service.name);
        return empty(204);
      }),
    },
  ];
}
