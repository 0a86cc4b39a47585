/**
 * The Sentry web API client (`…/api/0`) of every layer: the dynamic providers, the program's
 * organization lookup, verify's wiring checks and the routing map. A Bearer token read from
 * `SENTRY_AUTH_TOKEN` at call time.
 *
 * Closure rule: Pulumi serializes a dynamic provider with everything its methods reach into the
 * stack state and runs that text in the provider plugin, where this file cannot be `require`d
 * (it is TypeScript, and the text has no path to it). A provider file therefore binds these
 * functions to local constants; the serializer copies a captured function by its source (with
 * what it captures in turn), whereas a captured import is a module object it cannot copy. So
 * everything here uses only globals (`fetch`, `process.env`, `AbortSignal`), functions of this
 * file and what it binds to locals, never an import directly.
 */

import * as redirects from "../redirectTarget";

const redirectTarget = redirects.redirectTarget;

export type SentryMethod = "GET" | "POST" | "PUT" | "DELETE";

export interface SentryCall {
  /** The web API base, e.g. `https://sentry.io/api/0` or a mock's `http://127.0.0.1:4812/api/0`. */
  apiUrl: string;
  method: SentryMethod;
  /** Below the base, e.g. `/organizations/acme/workflows/`. */
  path: string;
  /** Sent as JSON. */
  body?: unknown;
  /** Values that must never appear in an error message (integration keys sent in the body). */
  redact?: string[];
  /** The Bearer token; unset, `SENTRY_AUTH_TOKEN` read at call time (the dynamic providers and the program). */
  token?: string;
}

/** A 2xx reply; `body` is the parsed JSON, or undefined for an empty body (204, the table POST's 200). */
export interface SentryReply {
  status: number;
  body: unknown;
  /** The `Link` header of a list: where the next page is (sentryLists.ts). */
  link: string | null;
}

/** An Error from a Sentry call that got an answer: `status` lets callers tolerate a 404. */
export type SentryError = Error & { status?: number };

/** Per request: a management call answers in well under a second; a hung socket must not stall `pulumi up`. */
const requestTimeoutMs = 30_000;
/** Tries per request for a 429 (any method) or a 5xx (idempotent methods only: a re-sent POST could create twice). */
const maxTries = 3;
/** Upper bound on one Retry-After wait, so a long quota window fails the step instead of hanging it. */
const maxRetryAfterMs = 10_000;

/** The header every web API call carries. */
export const sentryAuthorization = (token: string): Record<string, string> => ({ authorization: `Bearer ${token}` });

/** The token, or an Error naming the variable and where to make a token. Read per call: never stored in state. */
export function sentryToken(): string {
  const token = process.env.SENTRY_AUTH_TOKEN;
  if (token === undefined || token.trim() === "") {
    throw new Error(
      "SENTRY_AUTH_TOKEN is not set: the Sentry resources call Sentry's web API with it. Create a token in Sentry " +
        "(Settings → Developer Settings → Custom Integrations → an internal integration, or User Settings → Personal Tokens) " +
        "with the org:read, org:integrations, project:write (the Datadog forwarding's Webhooks plugins) and alerts:write scopes, " +
        "and export it before running Pulumi.",
    );
  }
  return token.trim();
}

/** Flattens a DRF error body (`{"field": ["msg"], "nested": {"field": ["msg"]}}`) into `field: msg; nested.field: msg`. */
export function drfMessages(body: unknown, prefix = ""): string[] {
  if (typeof body === "string") return [prefix ? `${prefix}: ${body}` : body];
  if (Array.isArray(body)) return body.flatMap((item) => drfMessages(item, prefix));
  if (body !== null && typeof body === "object") {
    return Object.entries(body as Record<string, unknown>).flatMap(([key, value]) => drfMessages(value, prefix ? `${prefix}.${key}` : key));
  }
  return body === undefined || body === null ? [] : [prefix ? `${prefix}: ${String(body)}` : String(body)];
}

/** What Sentry said: `detail` (DRF), `message` (410 brown-outs), field errors, or the raw text. */
export function vendorMessage(body: unknown, text: string): string {
  if (body !== null && typeof body === "object" && !Array.isArray(body)) {
    const record = body as Record<string, unknown>;
    if (typeof record.detail === "string") return record.detail;
    if (typeof record.message === "string") return record.message;
  }
  const messages = body === undefined ? [] : drfMessages(body);
  if (messages.length > 0) return messages.join("; ");
  return text.trim() === "" ? "(empty body)" : text.trim().slice(0, 300);
}


function redactAll(message: string, secrets: string[] | undefined): string {
  let result = message;
  for (const secret of secrets ?? []) if (secret) result = result.split(secret).join("[redacted]");
  return result;
}

function retryDelayMs(response: Response, attempt: number): number {
  const header = Number(response.headers.get("retry-after"));
  const ms = Number.isFinite(header) && header > 0 ? header * 1000 : 500 * 2 ** (attempt - 1);
  return Math.min(ms, maxRetryAfterMs);
}

/**
 * One web API call. Resolves with a 2xx reply; rejects with a SentryError whose message names the
 * method, path, status and Sentry's own message (secrets in `redact` replaced). Retries 429 (after
 * Retry-After) and, for GET/PUT/DELETE, 5xx, up to three tries.
 */
export async function sentryRequest(call: SentryCall): Promise<SentryReply> {
  const token = call.token ?? sentryToken();
  const base = call.apiUrl.replace(/\/+$/, "");
  const where = `Sentry ${call.method} ${call.path.split("?")[0]}`;
  for (let attempt = 1; ; attempt++) {
    let response: Response;
    try {
      response = await fetch(`${base}${call.path}`, {
        method: call.method,
        headers: {
          ...sentryAuthorization(token),
          accept: "application/json",
          ...(call.body === undefined ? {} : { "content-type": "application/json" }),
        },
        body: call.body === undefined ? undefined : JSON.stringify(call.body),
        signal: AbortSignal.timeout(requestTimeoutMs),
        // Followed, a redirect would carry the Bearer token to the host its Location names.
        redirect: "manual",
      });
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      const reason = timedOut ? `no answer within ${requestTimeoutMs / 1000} s` : `could not reach ${base}: ${(error as Error).message}`;
      throw new Error(redactAll(`${where}: ${reason}`, call.redact), { cause: error });
    }
    if (response.status >= 300 && response.status < 400) {
      const error: SentryError = new Error(redactAll(`${where}: something other than Sentry answered: ${redirectTarget(response.headers.get("location"), `${base}${call.path}`)} (not followed)`, call.redact));
      error.status = response.status;
      throw error;
    }
    const text = await response.text();
    let body: unknown;
    try {
      body = text === "" ? undefined : JSON.parse(text);
    } catch {
      // Sentry's web API answers JSON or nothing; another body is not Sentry's.
      if (response.ok) throw new Error(redactAll(`${where}: something other than Sentry answered: HTTP ${response.status} with a body that is not JSON`, call.redact));
      body = undefined;
    }
    if (response.ok) return { status: response.status, body, link: response.headers.get("link") };

    const retryable = response.status === 429 || (response.status >= 500 && call.method !== "POST");
    if (retryable && attempt < maxTries) {
      await new Promise((resolve) => setTimeout(resolve, retryDelayMs(response, attempt)));
      continue;
    }
    const error: SentryError = new Error(redactAll(`${where}: ${response.status} ${vendorMessage(body, text)}`, call.redact));
    error.status = response.status;
    throw error;
  }
}

/** True for a SentryError with status 404: the object (or its organisation / integration) is gone. */
export function isNotFound(error: unknown): boolean {
  return (error as SentryError | undefined)?.status === 404;
}

/** The path segment for a slug or id, escaped. */
export function segment(value: string): string {
  return encodeURIComponent(value);
}
