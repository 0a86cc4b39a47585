/**
 * When a request may be sent again. A read can always be repeated. A write the vendor did not
 * answer clearly (a 5xx, a connection dropped after the body went out) may have taken effect:
 * resending it is only harmless when the vendor de-duplicates it (PagerDuty's dedup key, Sentry's
 * event id, Opsgenie's alias), which the request names in `resendSafe`. Any other write is sent at
 * most once: resent only when the vendor surely did nothing (a 429, an answer the request marks as
 * `refused`, a connection that never opened).
 */

/** The fields of a request the policy reads (see HttpRequest). */
export interface ResendFacts {
  method: string;
  resendSafe?: string;
  refused?: (status: number, body: string) => boolean;
}

/** Node's codes for a connection that never opened (nothing reached the vendor), and undici's connect timeout. */
const neverSent = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH", "UND_ERR_CONNECT_TIMEOUT"]);

/** GET, PUT and DELETE are idempotent by HTTP's definition; POST and PATCH only when the vendor de-duplicates them. */
export function isResendSafe(request: ResendFacts): boolean {
  return request.method === "GET" || request.method === "PUT" || request.method === "DELETE" || request.resendSafe !== undefined;
}

/** After this answer, may the request be sent again? 429 is a refusal on every vendor; 5xx only for what is safe to repeat. */
export function mayResendAfter(request: ResendFacts, status: number, body: string): boolean {
  if (status === 429 || request.refused?.(status, body)) return true;
  return status >= 500 && isResendSafe(request);
}

/** After this network error (Node's code), may the request be sent again? */
export function mayResendAfterNetworkError(request: ResendFacts, code: string): boolean {
  return isResendSafe(request) || neverSent.has(code);
}

/** What the request line says about resending a write: `; resend-safe: the dedup key` or `; at most once: …`. */
export function resendNote(request: ResendFacts): string {
  if (request.method === "GET") return "";
  if (request.resendSafe !== undefined) return `; resend-safe: ${request.resendSafe}`;
  return isResendSafe(request) ? "" : "; at most once: no idempotency key";
}
