/**
 * The Opsgenie REST API client of every layer: the dynamic providers (opsgenieTeam.ts,
 * opsgenieApiIntegration.ts) with the account key read from `OPSGENIE_ACCOUNT_API_KEY` at call
 * time, the program's region check (redirectTarget) and the routing map's live read.
 *
 * Closure rule: Pulumi serializes a dynamic provider with everything its methods reach into the
 * stack state and runs that text in the provider plugin, where this file cannot be `require`d
 * (it is TypeScript, and the text has no path to it; docs/integrations.md, "Pulumi notes"). A
 * provider file therefore binds these functions to local constants; the serializer copies a
 * captured function by its source (with what it captures in turn), whereas a captured import is
 * a module object it cannot copy. So everything here uses only globals (`fetch`, `process.env`,
 * `AbortSignal`), functions of this file and what it binds to locals, never an import directly.
 */

import * as redirects from "../redirectTarget";

const redirectTarget = redirects.redirectTarget;

/** The value Pulumi puts in place of an input that is unknown during preview. */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** Opsgenie's answer body: `message`, and for a 422 `errors` keyed by field. */
export type Body = { message?: string; errors?: Record<string, string>; data?: Record<string, unknown> };

export function isUnknown(value: unknown): boolean {
  return value === undefined || value === unknownValue;
}

/**
 * Read at call time, so the key never reaches the inputs or the state. `creates` names what the
 * calling provider makes ("teams", "integrations"), for the error when the key is missing.
 */
export function accountKey(creates: string): string {
  const key = process.env.OPSGENIE_ACCOUNT_API_KEY;
  if (!key) {
    throw new Error(
      "OPSGENIE_ACCOUNT_API_KEY is not set. Opsgenie teams and integrations need an account API key with configuration " +
        "access (Opsgenie → Settings → API key management → Add new API key, tick 'Configuration access'); the team's " +
        `API integration key in OPSGENIE_API_KEY cannot create ${creates}.`,
    );
  }
  return key;
}

/** Why a status happened, for the statuses a user can do something about. */
export function hint(status: number, apiUrl: string): string {
  if (status === 401) {
    return (
      ` Hint: check OPSGENIE_ACCOUNT_API_KEY. A key of the other region also gets 401 (an EU key on https://api.opsgenie.com, ` +
      `a US key on https://api.eu.opsgenie.com): apiUrl is ${apiUrl}. A revoked key gets 401 too.`
    );
  }
  if (status === 403) return " Hint: OPSGENIE_ACCOUNT_API_KEY needs configuration access (API key management).";
  if (status === 429) return " Hint: Opsgenie is rate limiting this account; run the update again in a minute.";
  return "";
}

/** The vendor's message, with a 422's field errors, never a header or the key. */
export function vendorMessage(body: Body): string {
  const fields = body.errors ? Object.entries(body.errors).map(([field, reason]) => `${field}: ${reason}`) : [];
  return [body.message ?? "(no message)", ...fields].join("; ");
}

/**
 * One call to the Opsgenie REST API with the account key. Statuses in `tolerated` come back
 * to the caller (404 when gone, 409 on a name clash); any other failure throws an Error
 * naming the call, the status and Opsgenie's message. `creates` is passed to `accountKey`.
 */
export async function opsgenieRequest(
  creates: string,
  apiUrl: string,
  method: string,
  path: string,
  body?: unknown,
  tolerated: number[] = [],
): Promise<{ status: number; body: Body }> {
  return opsgenieCall(accountKey(creates), apiUrl, method, path, body, tolerated);
}

/** One call with the given key (the routing map's live read); otherwise as opsgenieRequest. */
export async function opsgenieCall(
  key: string,
  apiUrl: string,
  method: string,
  path: string,
  body?: unknown,
  tolerated: number[] = [],
): Promise<{ status: number; body: Body }> {
  const headers: Record<string, string> = { authorization: `GenieKey ${key}`, accept: "application/json" };
  if (body !== undefined) headers["content-type"] = "application/json";
  let response: Response;
  try {
    response = await fetch(`${apiUrl}${path}`, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(30_000),
      // Followed, a redirect would carry the GenieKey header to the host its Location names.
      redirect: "manual",
    });
  } catch (error) {
    throw new Error(`Opsgenie ${method} ${path} at ${apiUrl} failed: ${(error as Error).message}`, { cause: error });
  }
  if (response.status >= 300 && response.status < 400) {
    throw new Error(`Opsgenie ${method} ${path} at ${apiUrl}: something other than Opsgenie answered: ${redirectTarget(response.headers.get("location"), `${apiUrl}${path}`)} (not followed). Hint: check apiUrl and any proxy in between.`);
  }
  const text = await response.text();
  let parsed: Body;
  try {
    parsed = text === "" ? {} : (JSON.parse(text) as Body);
  } catch {
    // Opsgenie answers JSON; a 2xx with another body (an HTML login page) is not Opsgenie's.
    if (response.ok) throw new Error(`Opsgenie ${method} ${path} at ${apiUrl}: something other than Opsgenie answered: HTTP ${response.status} with a body that is not JSON. Hint: check apiUrl and any proxy in between.`);
    parsed = { message: text.slice(0, 200) };
  }
  if (response.ok || tolerated.includes(response.status)) return { status: response.status, body: parsed };
  throw new Error(`Opsgenie ${method} ${path} at ${apiUrl} answered ${response.status}: ${vendorMessage(parsed)}.${hint(response.status, apiUrl)}`);
}

/**
 * The status of a read-only call (list teams, one) with the key, or the network failure: the
 * program's region check (lookups/opsgenieKeyRegion.ts) reads the status itself. A
 * redirect is not followed (it would carry the GenieKey header to the host it names): it is
 * an Error saying that something other than Opsgenie answered.
 */
export async function opsgenieStatus(host: string, accountKey: string): Promise<number | Error> {
  try {
    const url = `${host}/v2/teams`;
    const response = await fetch(url, { headers: { authorization: `GenieKey ${accountKey}` }, signal: AbortSignal.timeout(15_000), redirect: "manual" });
    await response.arrayBuffer();
    if (response.status >= 300 && response.status < 400) return new Error(`something other than Opsgenie answered: ${redirectTarget(response.headers.get("location"), url)}, not followed`);
    return response.status;
  } catch (error) {
    return error as Error;
  }
}


/** Checks an `apiUrl` and returns it without a trailing slash, or the reason it is refused. */
export function checkApiUrl(value: unknown): { url: string } | { reason: string } {
  const hosts = ["https://api.opsgenie.com", "https://api.eu.opsgenie.com"];
  const url = typeof value === "string" ? value.replace(/\/+$/, "") : "";
  if (hosts.includes(url)) return { url };
  // Any plain-http URL is taken as a mock endpoint (Opsgenie itself only speaks https).
  if (/^http:\/\/[^/]+$/.test(url) && !/opsgenie\.com(:\d+)?$/.test(url)) return { url };
  return { reason: `apiUrl ${JSON.stringify(value)} is not an Opsgenie API host. Hint: use https://api.opsgenie.com (US) or https://api.eu.opsgenie.com (EU), or http://<host>:<port> for a mock.` };
}
