import { json } from "../core/replies";
import type { MockReply, MockRequest, NamedFault } from "../core/types";
import { newKey } from "./state";

/** The Events API's one path; every other vendor path is the REST API. */
export const enqueuePath = "/v2/enqueue";

/**
 * Events API v2 replies: `{status, message, errors?}`.
 * @see https://developer.pagerduty.com/docs/events-api-v2/overview/ (response codes)
 * @see https://github.com/PagerDuty/api-schema/blob/main/reference/events-v2/openapiv3.json
 */
export const eventsReply = {
  accepted: (dedupKey: string): MockReply => json(202, { status: "success", message: "Event processed", dedup_key: dedupKey }),
  invalid: (errors: string[]): MockReply => json(400, { status: "invalid event", message: "Event object is invalid", errors }),
  /** A body that is not a JSON object: the error example of PagerDuty's own Events v2 OpenAPI document. */
  unrecognized: (): MockReply => json(400, { status: "Unrecognized object", message: "Event object format is unrecognized", errors: ["JSON parse error"] }),
  /**
   * 429 body as quoted by PagerDuty's go-pagerduty tests and seen from the v1 API; the double space
   * is theirs. Retry-After is the mock's addition (PagerDuty's docs only say "retry later").
   */
  throttled: (): MockReply =>
    json(429, { status: "throttle exceeded", message: "Requests for this service are arriving too quickly.  Please retry later." }, { "retry-after": "1" }),
  /** Body unconfirmed: the docs only say 5xx is retryable; shaped like the OpenAPI Error schema. */
  serverError: (): MockReply => json(500, { status: "internal error", message: "An internal error has occurred" }),
};

/**
 * REST API v2 error bodies `{"error": {"message", "code", "errors"?}}`, messages and codes from
 * PagerDuty's error-code table.
 * @see https://github.com/PagerDuty/developer-docs/blob/main/docs/REST-API/14-Errors.md
 */
export const restError = {
  /**
   * Code 2006 is "Authentication failed" in the table. (unconfirmed) Field reports (go-pagerduty
   * issues 469, 553) show live 401s without a JSON content type; the documented body is used here.
   */
  unauthorized: (): MockReply => json(401, { error: { message: "Authentication failed", code: 2006 } }),
  /** 2100 "Not Found": what PagerDuty answered for an unknown id in go-pagerduty issue 553. */
  notFound: (): MockReply => json(404, { error: { message: "Not Found", code: 2100 } }),
  invalidInput: (errors: string[]): MockReply => json(400, { error: { message: "Invalid Input Provided", code: 2001, errors } }),
  /**
   * DELETE of an escalation policy a service still uses. PagerDuty's reference: "The escalation
   * policy must not be in use by any services." The status is 400: the Terraform provider retries
   * exactly a 400 on this delete for 30 s "to give other resources (such as services) to delete"
   * (terraform-provider-pagerduty resource_pagerduty_escalation_policy.go), and 400 2001 is what
   * PagerDuty answers for the schedule twin ("Schedule can't be deleted if it's being used by
   * escalation policies", terraform-provider-pagerduty#561). The `errors` text is (unconfirmed),
   * worded after that twin.
   */
  escalationPolicyInUse: (): MockReply => restError.invalidInput(["Escalation Policy can't be deleted if it's being used by services"]),
  /**
   * Body and ratelimit-* headers from the rate-limit doc; Retry-After added for generic clients.
   * @see https://github.com/PagerDuty/developer-docs/blob/main/docs/REST-API/04-Rate-Limits.md
   */
  rateLimited: (): MockReply =>
    json(
      429,
      { error: { message: "Rate Limit Exceeded", code: 2020 } },
      { "ratelimit-limit": "960", "ratelimit-remaining": "0", "ratelimit-reset": "20", "retry-after": "20" },
    ),
  serverError: (): MockReply => json(500, { error: { message: "An internal error has occurred. PagerDuty team has been notified.", code: 2000 } }),
};

/** The `dedup_key` a success reply echoes: the event's own, or a fresh one as PagerDuty generates for a bare trigger. */
function dedupKeyOf(request: MockRequest): string {
  try {
    const key = (request.json() as { dedup_key?: unknown }).dedup_key;
    return typeof key === "string" && key !== "" ? key : newKey();
  } catch {
    return newKey();
  }
}

const isEvents = (request: MockRequest): boolean => request.path === enqueuePath;

/** Faults switched on with `POST /__mock/faults {"fault": "<name>"}`; the event faults are meant for `POST /v2/enqueue`. */
export const pagerDutyFaults: Record<string, NamedFault> = {
  "accepted-no-incident": {
    description:
      "202 Event processed, but nothing happens: no incident (a paused service, event rules dropping the event, an integration on the wrong service)",
    route: "POST /v2/enqueue",
    reply: (request) => eventsReply.accepted(dedupKeyOf(request)),
  },
  "invalid-event": {
    description: "400 invalid event, as when PagerDuty rejects a field the client thought valid",
    route: "POST /v2/enqueue",
    reply: () => eventsReply.invalid(["'payload.source' is missing or blank"]),
  },
  "token-revoked": {
    description: "401 Authentication failed (2006) for a well-formed REST API key that was revoked or deleted",
    reply: () => restError.unauthorized(),
  },
  "rate-limited": {
    description:
      "429: on /v2/enqueue `throttle exceeded` (about 120 events/min per integration key); on the REST API `Rate Limit Exceeded` (2020) with ratelimit-* headers (960 requests/min per key). Both with Retry-After",
    reply: (request) => (isEvents(request) ? eventsReply.throttled() : restError.rateLimited()),
  },
  "server-error": {
    description: "500: on the REST API error 2000 `An internal error has occurred`; on /v2/enqueue a JSON error (body unconfirmed). Clients should retry",
    reply: (request) => (isEvents(request) ? eventsReply.serverError() : restError.serverError()),
  },
};
