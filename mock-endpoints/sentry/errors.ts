import { json } from "../core/replies";
import type { MockReply, MockRequest, NamedFault } from "../core/types";

/**
 * Relay's error body (`ApiErrorResponse`): `detail`, plus `causes` (the error's source chain)
 * only when there is one.
 * @see https://github.com/getsentry/relay/blob/master/relay-server/src/utils/api.rs
 */
function relayError(status: number, detail: string, causes: string[] = [], headers: Record<string, string> = {}): MockReply {
  return json(status, causes.length > 0 ? { detail, causes } : { detail }, headers);
}

/** Rate-limit header of the ingest path: `retry_after:categories:scope[:reason]`; empty categories mean all. */
const ingestRateLimits = "60::organization:usage_exceeded";

/**
 * What Relay (the ingest endpoint, `o<org>.ingest.<region>.sentry.io`) answers.
 * Texts from relay-server `extractors/request_meta.rs` (`BadEventMeta`) and `endpoints/common.rs`
 * (`BadStoreRequest`).
 */
export const ingestError = {
  missingAuth: (): MockReply => relayError(401, "missing authorization information"),
  multipleAuth: (): MockReply => relayError(401, "multiple authorization payloads detected"),
  /** 401: the X-Sentry-Auth header (or the query string auth) did not parse. */
  badAuth: (cause: "missing public key in auth header" | "invalid value for version"): MockReply => relayError(401, "bad x-sentry-auth header", [cause]),
  /** 400 with the `ParseProjectKeyError` cause: the key is not 32 characters. */
  badPublicKey: (): MockReply => relayError(400, "bad sentry DSN public key", ["invalid project key"]),
  badProject: (): MockReply => relayError(400, "bad project path parameter"),
  unsupportedVersion: (version: number): MockReply => relayError(400, `unsupported protocol version (${version})`),
  emptyBody: (): MockReply => relayError(400, "empty request body"),
  invalidEnvelope: (cause: string): MockReply => relayError(400, "invalid event envelope", [cause]),
  /** Relay renders the serde error with `{:?}`; the mock gives the JSON parser's message instead (unconfirmed text). */
  invalidJson: (message: string): MockReply => relayError(400, `invalid JSON data: ${message}`),
  /** 403: the key belongs to another project or region (the wrong DSN for this host). */
  projectRejected: (): MockReply => relayError(403, "event submission rejected with_reason: ProjectId"),
  rateLimited: (): MockReply =>
    relayError(
      429,
      "Sentry dropped data due to a quota or internal rate limit being reached. This will not affect your application. See https://docs.sentry.io/product/accounts/quotas/ for more information.",
      [],
      { "retry-after": "60", "x-sentry-rate-limits": ingestRateLimits },
    ),
  /** Relay's `ServiceUnavailable` (the status SDKs retry later). */
  unavailable: (): MockReply => relayError(503, "the service is overloaded"),
};

/**
 * What the web API (`sentry.io/api/0/`, Django REST framework) answers.
 * Texts from getsentry/sentry `api/authentication.py`, DRF `exceptions.py`, `middleware/ratelimit.py`.
 */
export const apiError = {
  // DRF's NotAuthenticated; Sentry's authenticators make it a 401 with this challenge (header unconfirmed).
  notAuthenticated: (): MockReply =>
    json(401, { detail: "Authentication credentials were not provided." }, { "www-authenticate": 'xBasic realm="api"' }),
  authFailed: (detail: string): MockReply => json(401, { detail }, { "www-authenticate": 'xBasic realm="api"' }),
  forbidden: (): MockReply => json(403, { detail: "You do not have permission to perform this action." }),
  notFound: (): MockReply => json(404, { detail: "The requested resource does not exist" }),
  /** DRF field errors: `{"field": ["message", …]}`. */
  validation: (errors: Record<string, unknown>): MockReply => json(400, errors),
  detail400: (detail: string): MockReply => json(400, { detail }),
  rateLimited: (): MockReply =>
    json(
      429,
      { detail: "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds" },
      {
        // Sentry's own rate-limit headers; Retry-After on the web API is the mock's addition (unconfirmed).
        "retry-after": "1",
        "x-sentry-rate-limit-limit": "40",
        "x-sentry-rate-limit-remaining": "0",
        "x-sentry-rate-limit-reset": String(Math.floor(Date.now() / 1000) + 1),
      },
    ),
  /** Sentry's handler for an unhandled exception: the id of the event it reported to itself. */
  internal: (): MockReply => json(500, { detail: "Internal Error", errorId: "0".repeat(32) }),
  /** A brown-out of a deprecated endpoint (see the deprecation headers in rulesApi.ts). */
  gone: (headers: Record<string, string>): MockReply => json(410, { message: "This API no longer exists." }, headers),
};

/** The legacy rules API's deprecation headers, on every response of those routes. */
export function deprecationHeaders(): Record<string, string> {
  return {
    "x-sentry-deprecation-date": "2026-05-14T00:00:00+00:00",
    "x-sentry-replacement-endpoint": "/api/0/organizations/{org}/workflows/",
  };
}

const isWebApi = (request: MockRequest): boolean => request.path.startsWith("/api/0/");

/** Both ingest endpoints (`/api/{project}/envelope/` and `/store/`), and nothing under `/api/0/…`. */
const ingestRoute = "POST /api/*/*";

/**
 * Sentry failure modes. `unauthorized` and `region-mismatch` apply to the ingest endpoints unless
 * the control call names a route; `rate-limited` and `server-error` answer in the shape of the
 * route they hit (ingest or web API); `rules-brownout` applies to the rules list by default and
 * needs a second fault for the rule detail route (a fault has one route pattern).
 */
export const sentryFaults: Record<string, NamedFault> = {
  unauthorized: {
    description: 'ingest: 401 {"detail":"missing authorization information"} (Relay found no DSN key)',
    route: ingestRoute,
    reply: ingestError.missingAuth,
  },
  "region-mismatch": {
    description: 'ingest: 403 {"detail":"event submission rejected with_reason: ProjectId"}: the DSN belongs to another region or project (US key on the EU host)',
    route: ingestRoute,
    reply: ingestError.projectRejected,
  },
  "rate-limited": {
    description: "ingest: 429 with Retry-After and X-Sentry-Rate-Limits (quota reached); web API: 429 with X-Sentry-Rate-Limit-* headers",
    reply: (request) => (isWebApi(request) ? apiError.rateLimited() : ingestError.rateLimited()),
  },
  "server-error": {
    description: 'ingest: 503 {"detail":"the service is overloaded"}; web API: 500 {"detail":"Internal Error","errorId":…}',
    reply: (request) => (isWebApi(request) ? apiError.internal() : ingestError.unavailable()),
  },
  "rules-brownout": {
    description:
      'legacy rules API brown-out: 410 {"message":"This API no longer exists."} with the deprecation headers. Default route: the rules list; add route "* /api/0/projects/*/*/rules/*" for single rules',
    route: "* /api/0/projects/*/*/rules",
    reply: () => apiError.gone(deprecationHeaders()),
  },
};
