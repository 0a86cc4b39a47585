import type { Handler, MockReply, MockRequest } from "../core/types";
import { datadogError } from "./errors";

// Key shapes: an API key is 32 hex characters, an application key 40 (lowercase, as Datadog issues them).
// @see https://docs.datadoghq.com/account_management/api-app-keys/
const apiKeyShape = /^[0-9a-f]{32}$/;
const appKeyShape = /^[0-9a-f]{40}$/;

function header(request: MockRequest, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value[0] : value;
}

/**
 * A missing or malformed `DD-API-KEY` is refused at Datadog's edge, whatever the endpoint:
 * 403 with the edge body (which still has `"errors":["Forbidden"]`).
 */
export function refuseApiKey(request: MockRequest): MockReply | undefined {
  return apiKeyShape.test(header(request, "dd-api-key") ?? "") ? undefined : datadogError.apiKeyForbidden();
}

/** Management endpoints also need `DD-APPLICATION-KEY`; with a good API key, a bad one is 403 `{"errors":["Forbidden"]}`. */
export function refuseKeys(request: MockRequest): MockReply | undefined {
  return refuseApiKey(request) ?? (appKeyShape.test(header(request, "dd-application-key") ?? "") ? undefined : datadogError.appKeyForbidden());
}

/** An intake endpoint (series, events, validate): the API key alone. */
export const intake =
  (handle: Handler): Handler =>
  (request) =>
    refuseApiKey(request) ?? handle(request);

/** A management endpoint (monitors, integrations): API key and application key. */
export const management =
  (handle: Handler): Handler =>
  (request) =>
    refuseKeys(request) ?? handle(request);
