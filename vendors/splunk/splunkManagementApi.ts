/**
 * Splunk's management API (the management port, 8089 by default) for every layer: the HEC token
 * provider (components/dynamic/splunkHecToken.ts) and the routing map's live read. Credentials
 * from the environment (`SPLUNK_MGMT_TOKEN`, or `SPLUNK_MGMT_USERNAME`/`_PASSWORD`), never the
 * state; a redirect is refused, not followed.
 *
 * Closure rule as in vendors/sentry/sentryApi.ts: globals, functions of this file, what it
 * binds to locals and a `require()` inside a function only.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTinput ("data/inputs/http")
 */

import * as redirects from "../redirectTarget";

const redirectTarget = redirects.redirectTarget;

// The collection integrations.md gives for token management (management port, 8089 by default).
export const collection = "/servicesNS/admin/splunk_httpinput/data/inputs/http";
const timeoutMs = 30_000;

/** Splunk's management credential, from the environment of `pulumi up` (never from the state). */
export function credential(): { header: string; source: string } {
  const token = process.env.SPLUNK_MGMT_TOKEN?.trim();
  if (token) return { header: `Bearer ${token}`, source: "SPLUNK_MGMT_TOKEN" };
  const username = process.env.SPLUNK_MGMT_USERNAME?.trim();
  const password = process.env.SPLUNK_MGMT_PASSWORD;
  if (username && password) return { header: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`, source: "SPLUNK_MGMT_USERNAME/SPLUNK_MGMT_PASSWORD" };
  const partly = username ? " (SPLUNK_MGMT_USERNAME is set, SPLUNK_MGMT_PASSWORD is not)" : password ? " (SPLUNK_MGMT_PASSWORD is set, SPLUNK_MGMT_USERNAME is not)" : "";
  throw new Error(
    `Splunk management credentials are missing${partly}: set SPLUNK_MGMT_TOKEN to a Splunk authentication token ` +
      "(Splunk Web → Settings → Tokens), or SPLUNK_MGMT_USERNAME and SPLUNK_MGMT_PASSWORD, for a user with the " +
      "edit_token_http capability. They are read from the environment of `pulumi up`, never stored in the state.",
  );
}

/** splunkd's error text from `{"messages":[{"type","text"}]}`, else the start of the body. */
function splunkMessage(text: string): string {
  try {
    const messages = (JSON.parse(text) as { messages?: { text?: string }[] }).messages;
    if (Array.isArray(messages) && messages.length > 0) return messages.map((m) => m.text ?? "").join("; ");
  } catch {
    // Not JSON (an XML answer, a proxy's page): the start of the body says enough.
  }
  return text.trim().slice(0, 200) || "(empty body)";
}

/** Whether a body is splunkd's own error form, so that a 404 means "no such token", not "no such API". */
function isSplunkError(text: string): boolean {
  try {
    return Array.isArray((JSON.parse(text) as { messages?: unknown }).messages);
  } catch {
    return false;
  }
}

const certificateErrors = ["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID"];

/** Where the management API is, and whether its certificate is verified (dev may skip it). */
export type Target = { managementUrl: string; insecureTls: boolean };

type Answer = { status: number; text: string; retryAfter: string | null; location: string | null };

/**
 * A redirect is refused, not followed: it would carry the management credential to the host
 * its Location names, and splunkd's REST API does not redirect.
 */
function refuseRedirect(answer: Answer, url: string, what: string): void {
  if (answer.status < 300 || answer.status > 399) return;
  throw new Error(`${what}: something other than Splunk answered: ${redirectTarget(answer.location, url)} (not followed, so the credential was not sent there). Hint: check managementUrl and any proxy in between.`);
}

/** One HTTP exchange, a redirect refused; connection failures become Errors that say what to check. */
async function send(target: Target, url: string, init: { method: string; headers: Record<string, string>; body?: string }, what: string): Promise<Answer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const answer = await exchange(target, url, init, what, signal);
  refuseRedirect(answer, url, what);
  return answer;
}

async function exchange(target: Target, url: string, init: { method: string; headers: Record<string, string>; body?: string }, what: string, signal: AbortSignal): Promise<Answer> {
  try {
    if (!target.insecureTls) {
      const response = await fetch(url, { ...init, signal, redirect: "manual" });
      return { status: response.status, text: await response.text(), retryAfter: response.headers.get("retry-after"), location: response.headers.get("location") };
    }
    // Splunk's management port ships with a self-signed certificate. undici's own fetch takes
    // a dispatcher that skips verification; the stack allows this in dev only.
    const undici = require("undici") as typeof import("undici");
    const agent = new undici.Agent({ connect: { rejectUnauthorized: false } });
    try {
      const response = await undici.fetch(url, { ...init, signal, dispatcher: agent, redirect: "manual" });
      return { status: response.status, text: await response.text(), retryAfter: response.headers.get("retry-after"), location: response.headers.get("location") };
    } finally {
      await agent.close();
    }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if ((error as Error).name === "TimeoutError") throw new Error(`${what}: no answer within ${timeoutMs / 1000} s`, { cause: error });
    const hint = certificateErrors.includes(cause?.code ?? "")
      ? " Hint: the management port uses a certificate Node does not trust (self-signed is Splunk's default): install a trusted one, point NODE_EXTRA_CA_CERTS at its CA, or in dev set insecureTls."
      : "";
    throw new Error(`${what}: could not connect (${cause?.code ?? cause?.message ?? (error as Error).message}).${hint}`, { cause: error });
  }
}

/**
 * One management API call with `output_mode=json`: the status and parsed body. Throws on a
 * status other than 2xx and the `tolerated` ones, with splunkd's message. A 429 (a proxy or
 * Splunk Cloud in front of splunkd) is retried twice after its Retry-After, at most 10 s each.
 * `auth`: the credential, by default the environment's (the provider's); the routing map passes its own.
 */
export async function splunkCall(
  target: Target,
  method: "GET" | "POST" | "DELETE",
  path: string,
  form?: Record<string, string>,
  tolerated: number[] = [],
  auth: { header: string; source: string } = credential(),
): Promise<{ status: number; body: unknown; message: string }> {
  const url = `${target.managementUrl}${path}${path.includes("?") ? "&" : "?"}output_mode=json`;
  const headers: Record<string, string> = { authorization: auth.header, accept: "application/json" };
  if (form) headers["content-type"] = "application/x-www-form-urlencoded";
  const init = { method, headers, body: form ? new URLSearchParams(form).toString() : undefined };
  const what = `Splunk management API ${method} ${target.managementUrl}${path}`;
  let answer = await send(target, url, init, what);
  for (let retry = 0; answer.status === 429 && retry < 2; retry++) {
    const seconds = Math.min(Math.max(Number(answer.retryAfter) || 1, 0), 10);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    answer = await send(target, url, init, what);
  }
  const { status, text } = answer;
  if (tolerated.includes(status) && (status !== 404 || isSplunkError(text))) return { status, body: undefined, message: splunkMessage(text) };
  if (status < 200 || status > 299) {
    const hint =
      status === 401
        ? ` Hint: Splunk refused the credential from ${auth.source}.`
        : status === 403
          ? ` Hint: the user behind ${auth.source} needs the edit_token_http capability.`
          : status === 404
            ? " Hint: is managementUrl the management port (8089), not the HEC port (8088)?"
            : "";
    throw new Error(`${what}: ${status} ${splunkMessage(text)}.${hint}`);
  }
  try {
    return { status, body: JSON.parse(text), message: "" };
  } catch {
    // The body is not quoted: a feed in another format would carry the token GUID.
    throw new Error(`${what}: ${status} with a body that is not JSON. Hint: is managementUrl the management port (8089)?`);
  }
}

/** The token as Splunk reports it, from a feed's `entry[0].content`. */
export function liveToken(body: unknown, what: string): { token?: string; index: string; indexes: string[]; sourcetype?: string; disabled: boolean } {
  const content = (body as { entry?: { content?: Record<string, unknown> }[] } | undefined)?.entry?.[0]?.content;
  if (typeof content !== "object" || content === null) throw new Error(`${what}: the answer has no entry[0].content`);
  const indexes: unknown = content.indexes;
  const list = Array.isArray(indexes) ? indexes : typeof indexes === "string" ? indexes.split(",") : [];
  // splunkd renders booleans as true/false or "0"/"1" depending on the field and version.
  const disabled = content.disabled === true || ["1", "true"].includes(String(content.disabled).toLowerCase());
  // A token shown masked or not at all (a user without the capability to see it) is "hidden".
  const token = typeof content.token === "string" && /^[0-9A-Fa-f-]{36}$/.test(content.token) ? content.token : undefined;
  return {
    token,
    index: String(content.index ?? ""),
    indexes: list.map((i) => String(i).trim()).filter(Boolean),
    sourcetype: typeof content.sourcetype === "string" && content.sourcetype !== "" ? content.sourcetype : undefined,
    disabled,
  };
}

export function tokenPath(name: string): string {
  return `${collection}/${encodeURIComponent(name)}`;
}

