import type { HttpLibrary, RequestContext, ResponseContext } from "@datadog/datadog-api-client/dist/packages/datadog-api-client-common/http/http";
import type { HttpClient, HttpRequest } from "../../http/httpClient";
import { sendLabels } from "../markedEvent";

/** One Datadog call the probe makes: how it is named in the log line, the status that is success, and whether a resend is harmless. */
interface KnownCall {
  method: HttpRequest["method"];
  path: RegExp;
  label: string;
  expect: number;
  resendSafe?: string;
}

// Statuses from the API reference (and the mock, which answers like it): intake is 202, reads are 200.
// @see https://docs.datadoghq.com/api/latest/
const knownCalls: KnownCall[] = [
  { method: "GET", path: /\/api\/v1\/validate$/, label: "validate the API key", expect: 200 },
  // A gauge point sent again at the same timestamp replaces itself; an event has no idempotency key.
  { method: "POST", path: /\/api\/v2\/series$/, label: "submit metric operator_wiring.verify=1", expect: 202, resendSafe: "the same gauge point" },
  { method: "POST", path: /\/api\/v1\/events$/, label: sendLabels.datadog, expect: 202 },
  { method: "GET", path: /\/api\/v1\/events\/[^/]+$/, label: "read the test event back", expect: 200 },
];

type ResponseContextClass = new (status: number, headers: Record<string, string>, body: ResponseContext["body"]) => ResponseContext;

/**
 * The Datadog client's `HttpLibrary`, backed by the probe's HttpClient: the client builds each
 * request (site, path, auth headers, serialised body) and this sends it with `ctx.http.send`, so
 * every request is logged once, retried on 429/5xx honouring Retry-After, and bound to the
 * deadline. Only the expected status is success; anything else surfaces as HttpStatusError (a
 * 403 is then diagnosed as a wrong DD_SITE), never as the client's ApiException.
 *
 * The client's own retries live in its default library (IsomorphicFetchHttpLibrary), which this
 * replaces; `enableRetry` is also forced off so the two layers can never both retry.
 */
export class ProbeHttpLibrary implements HttpLibrary {
  enableRetry = false;
  debug = false;

  constructor(
    private readonly http: HttpClient,
    private readonly Response: ResponseContextClass,
  ) {}

  async send(request: RequestContext): Promise<ResponseContext> {
    const url = request.getUrl();
    const method = request.getHttpMethod() as string;
    const call = knownCalls.find((c) => c.method === method && c.path.test(new URL(url).pathname));
    // Strict: a call the probe did not plan for is a bug here, not something to send blind.
    if (!call) throw new Error(`the Datadog probe does not make ${method} ${new URL(url).pathname}`);
    const body = request.getBody();
    if (body !== undefined && typeof body !== "string") throw new Error(`${call.label}: only JSON text bodies are sent (no compression, no forms)`);

    const response = await this.http.send({
      label: call.label,
      method: call.method,
      url,
      headers: request.getHeaders(),
      body,
      ok: (status) => status === call.expect,
      resendSafe: call.resendSafe,
    });
    const headers: Record<string, string> = {};
    response.headers.forEach((value, name) => {
      headers[name] = value;
    });
    // Datadog answers JSON on every call the probe makes; anything else (an HTML login page)
    // is not Datadog, whatever the client would make of it.
    response.json();
    const text = response.text;
    return new this.Response(response.status, headers, { text: async () => text, binary: async () => Buffer.from(text) });
  }
}
