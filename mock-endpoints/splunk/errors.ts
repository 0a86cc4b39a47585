import { json } from "../core/replies";
import type { MockReply, MockRequest, NamedFault } from "../core/types";
import { managementError } from "./managementFeed";

/**
 * HEC status codes: every HEC reply is `{"text": …, "code": n}` with this HTTP status.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/TroubleshootHTTPEventCollector ("Possible error codes")
 * @see https://github.com/gjanders/SplunkAdmins/blob/master/lookups/splunkadmins_hec_reply_code_lookup.csv (the same table as data)
 */
export const hecCodes = {
  0: [200, "Success"],
  1: [403, "Token disabled"],
  2: [401, "Token is required"],
  3: [401, "Invalid authorization"],
  4: [403, "Invalid token"],
  5: [400, "No data"],
  6: [400, "Invalid data format"],
  7: [400, "Incorrect index"],
  8: [500, "Internal server error"],
  9: [503, "Server is busy"],
  10: [400, "Data channel is missing"],
  11: [400, "Invalid data channel"],
  12: [400, "Event field is required"],
  13: [400, "Event field cannot be blank"],
  14: [400, "ACK is disabled"],
  15: [400, "Error in handling indexed fields"],
  16: [400, "Query string authorization is not enabled"],
  17: [200, "HEC is healthy"],
  18: [503, "HEC is unhealthy, queues are full"],
} as const satisfies Record<number, readonly [number, string]>;

export type HecCode = keyof typeof hecCodes;

/** A HEC reply for `code`, with extra members such as `ackId` or `invalid-event-number`. */
export function hecReply(code: HecCode, extra: Record<string, unknown> = {}, headers: Record<string, string> = {}): MockReply {
  const [status, text] = hecCodes[code];
  return json(status, { text, code, ...extra }, headers);
}

/** A refusal of one event in a batch, carrying its position. */
export interface EventRefusal {
  code: HecCode;
  /** Zero-based position of the failing event in the request. */
  position: number;
}

/**
 * The reply for a refused event. `invalid-event-number` is the failing event's position,
 * except that Splunk counts one higher for code 7: a single-event index check answers
 * `"invalid-event-number":1` (splunk/splunk-connect-for-syslog docs, troubleshooting
 * "Checking email {…"code":7,"invalid-event-number":1}"). Kept as Splunk does it.
 */
export function refusalReply(refusal: EventRefusal): MockReply {
  const number = refusal.code === 7 ? refusal.position + 1 : refusal.position;
  return hecReply(refusal.code, { "invalid-event-number": number });
}

/** Management API paths (port 8089 in Splunk; this mock serves them on the HEC port). */
function isManagement(request: MockRequest): boolean {
  return request.path.startsWith("/servicesNS/") || request.path.startsWith("/services/data/");
}

export const splunkFaults: Record<string, NamedFault> = {
  "token-disabled": {
    description: "403 {code:1, Token disabled}: an admin disabled the HEC token (checklist §4 'Splunk 403 token disabled')",
    reply: () => hecReply(1),
  },
  "invalid-token": {
    description: "403 {code:4, Invalid token}: the token was deleted, or belongs to another Splunk instance",
    reply: () => hecReply(4),
  },
  "server-busy": {
    description: "503 {code:9, Server is busy}: how Splunk HEC itself throttles; no Retry-After (clients back off on their own)",
    reply: () => hecReply(9),
  },
  unhealthy: {
    description: "503 {code:18, HEC is unhealthy, queues are full}, on /services/collector/health and on intake alike",
    reply: () => hecReply(18),
  },
  "rate-limited": {
    description:
      "429 with Retry-After: 1 and the HEC busy body {code:9}. Splunk HEC itself answers 503 code 9 when throttled (see " +
      "server-busy); a 429 comes from a load balancer or Splunk Cloud's ingest limits in front of it (body unconfirmed). " +
      "On management paths the body is Splunk's messages form.",
    reply: (request) =>
      isManagement(request)
        ? managementError(request, 429, "ERROR", "Too many requests", { "retry-after": "1" })
        : { ...hecReply(9, {}, { "retry-after": "1" }), status: 429 },
  },
  "server-error": {
    description: "500 {code:8, Internal server error} on HEC paths; 500 with a messages body on the management API",
    reply: (request) => (isManagement(request) ? managementError(request, 500, "ERROR", "Internal Server Error") : hecReply(8)),
  },
};
