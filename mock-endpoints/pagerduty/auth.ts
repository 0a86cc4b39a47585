import type { MockReply, MockRequest } from "../core/types";
import { restError } from "./errors";

/**
 * Token shapes PagerDuty issues. Account API keys are 20 characters of letters, digits, `_`, `-`
 * and `+` (the docs' example is `y_NbAkKc66ryYTWUXYEu`; newer keys start `e+`); user API keys
 * start `u+`. OAuth access tokens go in `Bearer`, which pdjs sends for `tokenType: "bearer"`.
 * @see https://github.com/PagerDuty/developer-docs/blob/main/docs/REST-API/02-Authentication.md
 */
const accountKey = /^[A-Za-z0-9_+-]{20}$/;
const userKey = /^u\+[A-Za-z0-9_-]{18,}$/;
const oauthToken = /^[A-Za-z0-9_+\-./=]{20,}$/;

/** The credential in `Authorization`, if it has a shape PagerDuty would even look up. */
function tokenOf(header: string | undefined): string | undefined {
  if (!header) return undefined;
  // "this format must be followed precisely or you will receive a 401" (the authentication doc).
  const token = /^Token token=(\S+)$/.exec(header)?.[1];
  if (token !== undefined) return accountKey.test(token) || userKey.test(token) ? token : undefined;
  const bearer = /^Bearer (\S+)$/.exec(header)?.[1];
  return bearer !== undefined && oauthToken.test(bearer) ? bearer : undefined;
}

/**
 * The REST API's refusal when `Authorization` is missing or malformed, else undefined. Any
 * well-formed key is accepted (the `token-revoked` fault stands in for a real but dead one).
 * `Accept: application/vnd.pagerduty+json;version=2` is not required, as with PagerDuty.
 */
export function refuseCredentials(request: MockRequest): MockReply | undefined {
  const header = request.headers.authorization;
  return tokenOf(Array.isArray(header) ? header[0] : header) === undefined ? restError.unauthorized() : undefined;
}
