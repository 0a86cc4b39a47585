import { json } from "../core/replies";
import type { MockReply, MockRequest, NamedFault } from "../core/types";

/**
 * The body Datadog's edge answers before a request reaches the API (unknown or missing API key,
 * gateway errors). Recorded from the real API, e.g. `{"status":"error","code":403,"errors":["Forbidden"],
 * "statuspage":…}` in DataDog/datadogpy#724, dbader/node-datadog-metrics#115 and ddtrace's LLM Observability
 * test cassettes; `code: 502, errors: ["Bad Gateway"]` in DataDog/terraform-provider-datadog#782.
 * It still carries `errors`, so every Datadog error body has the `{"errors":[…]}` shape.
 */
function edgeBody(code: number, error: string): object {
  return {
    status: "error",
    code,
    errors: [error],
    statuspage: "http://status.datadoghq.com",
    twitter: "http://twitter.com/datadogops",
    email: "support@datadoghq.com",
  };
}

/** Rate-limit bucket names look like `spans_public_api`; these per-family names are the mock's (unconfirmed). */
function rateLimitName(path: string): string {
  if (path.startsWith("/api/v1/monitor")) return "monitor_api";
  if (path.startsWith("/api/v1/events")) return "events_api";
  if (path.includes("/series")) return "metrics_submit";
  if (path.includes("/integration/")) return "integrations_api";
  return "api";
}

const rateLimit = { limit: 1000, period: 60, reset: 1 };

/**
 * Datadog error replies. Every body is `{"errors":[…]}` (APIErrorResponse).
 * @see https://docs.datadoghq.com/api/latest/
 */
export const datadogError = {
  badRequest: (...messages: string[]): MockReply => json(400, { errors: messages }),
  /** A missing or unknown API key, or a key of another site (wrong `DD_SITE`): refused at the edge. */
  apiKeyForbidden: (): MockReply => json(403, edgeBody(403, "Forbidden")),
  /**
   * A valid API key with a missing, unknown or under-scoped application key: refused by the API itself, with
   * the short body (a revoked user-owned application key on `GET /api/v1/monitor/:id`, department-of-veterans-affairs/va.gov-team#58429).
   * Since mid-2025 a request with no application key at all may get 401 on some endpoints (DataDog/datadog-api-client-python#2670); unconfirmed here.
   */
  appKeyForbidden: (): MockReply => json(403, { errors: ["Forbidden"] }),
  /** Recorded in Datadog's own client cassettes (`Get a monitor's details returns "Monitor Not Found error"`). */
  monitorNotFound: (): MockReply => json(404, { errors: ["Monitor not found"] }),
  /** DataDog/terraform-provider-datadog#299. */
  serviceNotFound: (): MockReply => json(404, { errors: ["Service not found"] }),
  /** DataDog/terraform-provider-datadog#1822: re-creating a service object. */
  serviceAlreadyExists: (): MockReply => json(400, { errors: ["Service already exists"] }),
  /**
   * The PagerDuty tile is not installed; text quoted by a Datadog engineer in
   * DataDog/terraform-provider-datadog#237. The status is unconfirmed: 400 is the only client error the
   * official client maps for this call besides 403/429.
   */
  pagerdutyIntegrationNotFound: (status: 400 | 404): MockReply => json(status, { errors: ["Pagerduty Integration not found"] }),
  /** (unconfirmed texts) A Slack account without the Datadog app, a channel it does not have; a channel added twice. */
  slackNotFound: (message: string): MockReply => json(404, { errors: [message] }),
  slackConflict: (message: string): MockReply => json(409, { errors: [message] }),
  /** (unconfirmed text) */
  eventNotFound: (): MockReply => json(404, { errors: ["Event not found"] }),
  /** (unconfirmed text) */
  opsgenieServiceNotFound: (): MockReply => json(404, { errors: ["Opsgenie service not found"] }),
  /** (unconfirmed text) The official client maps 409 for this call. */
  opsgenieServiceConflict: (name: string): MockReply => json(409, { errors: [`A service with name ${name} already exists`] }),
  /**
   * 429 with the rate-limit headers Datadog documents, and the body text seen from the real API
   * ("Rate limit of 300 requests in 3600 seconds reached. Please try again later.").
   * `Retry-After` is not a Datadog header (clients read `X-RateLimit-Reset`); it is added because every mock answers it.
   * @see https://docs.datadoghq.com/api/latest/rate-limits/
   */
  rateLimited: (request: MockRequest): MockReply =>
    json(
      429,
      { errors: [`Rate limit of ${rateLimit.limit} requests in ${rateLimit.period} seconds reached. Please try again later.`] },
      {
        "x-ratelimit-limit": String(rateLimit.limit),
        "x-ratelimit-period": String(rateLimit.period),
        "x-ratelimit-remaining": "0",
        "x-ratelimit-reset": String(rateLimit.reset),
        "x-ratelimit-name": rateLimitName(request.path),
        "retry-after": String(rateLimit.reset),
      },
    ),
  /** (unconfirmed text) */
  serverError: (): MockReply => json(500, { errors: ["Internal Server Error"] }),
  badGateway: (): MockReply => json(502, edgeBody(502, "Bad Gateway")),
};

export const datadogFaults: Record<string, NamedFault> = {
  forbidden: {
    description: "403 at the edge, as for a key of another site (wrong DD_SITE) or an unknown API key",
    reply: datadogError.apiKeyForbidden,
  },
  "app-key-forbidden": {
    description: '403 {"errors":["Forbidden"]}: the application key is revoked or lacks the scope',
    reply: datadogError.appKeyForbidden,
  },
  "rate-limited": {
    description: "429 with X-RateLimit-Limit/Period/Remaining/Reset/Name and Retry-After (docs: api/latest/rate-limits)",
    reply: datadogError.rateLimited,
  },
  "server-error": { description: '500 {"errors":["Internal Server Error"]} (text unconfirmed)', reply: datadogError.serverError },
  "bad-gateway": { description: "502 Bad Gateway from the edge (terraform-provider-datadog#782)", reply: datadogError.badGateway },
};
