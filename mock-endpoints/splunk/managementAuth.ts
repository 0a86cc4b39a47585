import type { MockReply, MockRequest } from "../core/types";
import { managementError } from "./managementFeed";
import { guidPattern } from "./state";

// Session keys (`/services/auth/login`) and authentication tokens (JWTs) are long opaque strings.
const sessionKey = /^[A-Za-z0-9^_.~+/=-]{16,}$/;

/** `{"messages":[{"type":"WARN","text":"call not properly authenticated"}]}`: splunkd's 401 for no or bad credentials. */
const notAuthenticated = "call not properly authenticated";

/**
 * Checks a management API request's credential; undefined when it is acceptable. Any
 * credential of the right shape is accepted: Basic `user:password` (both non-empty),
 * `Authorization: Splunk <session key>` or `Bearer <token>`. Refused with 401:
 * - nothing, an unknown scheme, a malformed session key → WARN "call not properly authenticated";
 * - a HEC token GUID as session key (a client mixing up its two credentials): the same;
 * - Basic that does not decode to `user:password` → ERROR "Unauthorized" with a Basic
 *   challenge, as a splunkd probe reported for a bad password (unconfirmed in Splunk's docs).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTUM/RESTusing ("Authentication and authorization")
 */
export function checkManagementAuth(request: MockRequest, form?: URLSearchParams): MockReply | undefined {
  const header = request.headers.authorization?.trim() ?? "";
  const match = /^(\S+)\s+(\S+)$/.exec(header);
  if (!match) return managementError(request, 401, "WARN", notAuthenticated, {}, form);
  const [, scheme, credential] = match;
  switch (scheme.toLowerCase()) {
    case "basic": {
      const decoded = Buffer.from(credential, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      if (colon > 0 && colon < decoded.length - 1) return undefined;
      return managementError(request, 401, "ERROR", "Unauthorized", { "www-authenticate": 'Basic realm="/splunk"' }, form);
    }
    case "splunk":
    case "bearer":
      if (sessionKey.test(credential) && !guidPattern.test(credential)) return undefined;
      return managementError(request, 401, "WARN", notAuthenticated, {}, form);
    default:
      return managementError(request, 401, "WARN", notAuthenticated, {}, form);
  }
}
