import type { AuthenticationApi } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/AuthenticationApi";
import type { EventsApi } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/EventsApi";
import type { IntakePayloadAccepted } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/models/IntakePayloadAccepted";
import type { MetricPayload } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-v2/models/MetricPayload";
import type { HttpClient } from "../../http/httpClient";
import type { DatadogInputs } from "../../inputs/integrationInputs";
import { ProbeHttpLibrary } from "./probeHttpLibrary";

/** The parts of `@datadog/datadog-api-client` the probe uses, wired to the probe's HttpClient. */
export interface DatadogClient {
  authentication: AuthenticationApi;
  events: EventsApi;
  /** `POST /api/v2/series` (v2 `MetricsApi.submitMetrics`), answered 202 `{"errors":[]}`. */
  submitMetrics(payload: MetricPayload): Promise<IntakePayloadAccepted>;
}

/**
 * Loads the client lazily and from its deep paths: the package root loads every v1 and v2
 * model (about 2.4 s here), and the v2 `MetricsApi` alone pulls in the v2 serializer with its
 * ~3,000 models (0.9 s, 1.4 s under tsx) — either would break verify's 1.5 s mock run. The
 * common layer plus the v1 Authentication and Events APIs cost about 0.2 s (0.3 s under tsx).
 *
 * So the v2 series request is built with the client's own common layer (server, request
 * context, `apiKeyAuth`) exactly as v2 `MetricsApi.submitMetrics` builds it: same path, headers
 * and JSON body — the v2 `MetricSeries` fields the probe sets (metric, type, points, tags) are
 * spelled the same in the model and on the wire, so no serializer is needed.
 */
export async function loadDatadogClient(http: HttpClient, inputs: DatadogInputs): Promise<DatadogClient> {
  const [common, configuration, auth, events] = await Promise.all([
    import("@datadog/datadog-api-client/dist/packages/datadog-api-client-common"),
    import("@datadog/datadog-api-client/dist/packages/datadog-api-client-common/configuration"),
    import("@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/AuthenticationApi"),
    import("@datadog/datadog-api-client/dist/packages/datadog-api-client-v1/apis/EventsApi"),
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

  async function submitMetrics(payload: MetricPayload): Promise<IntakePayloadAccepted> {
    const request = config.getServer("v2.MetricsApi.submitMetrics").makeRequestContext("/api/v2/series", common.HttpMethod.POST);
    request.setHeaderParam("Accept", "application/json");
    request.setHttpConfig(config.httpConfig);
    request.setHeaderParam("Content-Type", "application/json");
    request.setBody(JSON.stringify(payload));
    configuration.applySecurityAuthentication(config, request, ["apiKeyAuth"]);
    const response = await config.httpApi.send(request);
    return JSON.parse(await response.body.text()) as IntakePayloadAccepted;
  }

  return { authentication: new auth.AuthenticationApi(config), events: new events.EventsApi(config), submitMetrics };
}
