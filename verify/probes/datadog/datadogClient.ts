import type { AuthMethods } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/auth";
import type { IntakePayloadAccepted } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/models/IntakePayloadAccepted";
import type { MetricPayload } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/models/MetricPayload";
import type { HttpClient } from "../../http/httpClient";
import type { DatadogInputs } from "../../inputs/integrationInputs";
import { ProbeHttpLibrary } from "./probeHttpLibrary";

/** An event as Datadog's v1 Events API shows it, the fields the probe reads (the wire's names). */
export interface DatadogEvent {
  id?: number;
  /** The id exactly: ids are int64 beyond 2^53, so `id` is already rounded. */
  id_str?: string;
  tags?: string[];
}

/** The calls of `@datadog/datadog-api-client` the probe makes, built by the client and sent through the probe's HttpClient. */
export interface DatadogClient {
  /** `GET /api/v1/validate` (v1 `AuthenticationApi.validate`): 200 `{"valid":true}` for a key Datadog accepts. */
  validate(): Promise<{ valid?: unknown }>;
  /** `POST /api/v2/series` (v2 `MetricsApi.submitMetrics`), answered 202 `{"errors":[]}`. */
  submitMetrics(payload: MetricPayload): Promise<IntakePayloadAccepted>;
  /** `POST /api/v1/events` (v1 `EventsApi.createEvent`), answered 202 `{"status":"ok","event":{…}}`; the body in the wire's names. */
  createEvent(body: { title: string; text: string; tags: string[]; alert_type: string }): Promise<{ event?: DatadogEvent }>;
  /** `GET /api/v1/events/{event_id}` (v1 `EventsApi.getEvent`), needing the application key too. */
  getEvent(eventId: string): Promise<{ event?: DatadogEvent }>;
}

/**
 * A CommonJS module's exports from `import()`: the client is CommonJS, which tsx imports as the
 * exports plus `default`, and verify's ES module bundle (build/bundles.mjs) as `default` alone.
 */
function commonJs<T extends object>(module: T): T {
  return (module as T & { default?: T }).default ?? module;
}

/**
 * Loads the client's common layer lazily, from its deep paths, and builds each call with it
 * exactly as the client's API classes build them (same server, path, headers and auth methods:
 * `datadog-api-client-v1/apis/AuthenticationApi.js`, `EventsApi.js`, `v2/apis/MetricsApi.js`),
 * the JSON bodies in the wire's field names. The API classes themselves are not loaded: each
 * pulls in its version's serializer with every model (the v1 one ~1.3 MB, about 0.1 s to load
 * even bundled; the v2 one ~3,000 models, 0.9 s; the package root both, 2.4 s), and the fields
 * the probe sends and reads need no serializer.
 */
export async function loadDatadogClient(http: HttpClient, inputs: DatadogInputs): Promise<DatadogClient> {
  const [common, configuration] = await Promise.all([
    import("@datadog/datadog-api-client/dist/packages/datadog-api-client-common").then(commonJs),
    import("@datadog/datadog-api-client/dist/packages/datadog-api-client-common/configuration").then(commonJs),
  ]);
  const config = common.createConfiguration({
    // The site is already resolved into `apiUrl` (https://api.<DD_SITE>, or the mock); a base server
    // also keeps the client from reading DD_SITE from the environment behind the inputs' back.
    baseServer: new common.BaseServerConfiguration(inputs.apiUrl, {}),
    httpApi: new ProbeHttpLibrary(http, common.ResponseContext),
    // Both keys named, even when the app key is unset: a missing key would make the client fall back to
    // DD_API_KEY / DD_APP_KEY from process.env (configuration.js), bypassing the inputs.
    authMethods: { apiKeyAuth: inputs.apiKey, appKeyAuth: inputs.appKey },
    enableRetry: false,
  });

  async function call<T>(operation: string, method: "GET" | "POST", path: string, auth: (keyof AuthMethods)[], body?: unknown): Promise<T> {
    const request = config.getServer(operation).makeRequestContext(path, method === "GET" ? common.HttpMethod.GET : common.HttpMethod.POST);
    request.setHeaderParam("Accept", "application/json");
    request.setHttpConfig(config.httpConfig);
    if (body !== undefined) {
      request.setHeaderParam("Content-Type", "application/json");
      request.setBody(JSON.stringify(body));
    }
    configuration.applySecurityAuthentication(config, request, auth);
    const response = await config.httpApi.send(request);
    return JSON.parse(await response.body.text()) as T;
  }

  return {
    validate: () => call("v1.AuthenticationApi.validate", "GET", "/api/v1/validate", ["apiKeyAuth"]),
    submitMetrics: (payload) => call("v2.MetricsApi.submitMetrics", "POST", "/api/v2/series", ["apiKeyAuth"], payload),
    createEvent: (body) => call("v1.EventsApi.createEvent", "POST", "/api/v1/events", ["apiKeyAuth"], body),
    getEvent: (eventId) => call("v1.EventsApi.getEvent", "GET", `/api/v1/events/${encodeURIComponent(eventId)}`, ["apiKeyAuth", "appKeyAuth", "AuthZ"]),
  };
}
