/**
 * The Datadog API client of every layer: the program's tile check, verify's wiring checks (with
 * its own logged HTTP client, through the headers, paths and error reading here), the routing
 * map's live read and the plan's deployment into the mocks. Both keys ride in headers
 * (`DD-API-KEY`, `DD-APPLICATION-KEY`); a redirect is never followed, since it would carry them
 * to the host its Location names.
 *
 * Closure rule as in vendors/sentry/sentryApi.ts: globals, functions of this file and what it binds to locals.
 * @see https://docs.datadoghq.com/api/latest/
 */

import * as redirects from "../redirectTarget";

const redirectTarget = redirects.redirectTarget;

export interface DatadogKeys {
  /** The site's API base, e.g. `https://api.datadoghq.com/` or a mock's `http://127.0.0.1:4815/`. */
  apiUrl: string;
  apiKey: string;
  appKey: string;
}

/** An Error from a Datadog call that got an answer: `status` lets callers tell a 404 from a refusal. */
export type DatadogError = Error & { status?: number };

const requestTimeoutMs = 15_000;

export const datadogHeaders = (keys: Pick<DatadogKeys, "apiKey" | "appKey">): Record<string, string> => ({ "DD-API-KEY": keys.apiKey, "DD-APPLICATION-KEY": keys.appKey });

/** Where each object lives below the API base. */
export const datadogPaths = {
  /** The org's PagerDuty tile: its service objects by name (never their keys), subdomain and schedules. */
  pagerdutyTile: "/api/v1/integration/pagerduty",
  pagerdutyServiceObjects: "/api/v1/integration/pagerduty/configuration/services",
  pagerdutyServiceObject: (name: string): string => `/api/v1/integration/pagerduty/configuration/services/${encodeURIComponent(name)}`,
  opsgenieServiceObjects: "/api/v2/integration/opsgenie/services",
  /** Every monitor: without `page`, Datadog answers them all at once. */
  monitors: "/api/v1/monitor",
  monitor: (id: string | number): string => `/api/v1/monitor/${encodeURIComponent(String(id))}`,
  slackChannels: (account: string): string => `/api/v1/integration/slack/configuration/accounts/${encodeURIComponent(account)}/channels`,
};

/**
 * `@pagerduty-…`, `@opsgenie-…` and `@slack-…` mentions in a monitor message, as Datadog reads
 * them: a trailing dot ends the sentence, not the handle.
 * @see https://docs.datadoghq.com/monitors/notify/#notifications
 */
export function notificationHandles(message: string): { kind: "pagerduty" | "opsgenie" | "slack"; handle: string }[] {
  return [...message.matchAll(/@(pagerduty|opsgenie|slack)-[\w.-]*[\w-]/g)].map((m) => ({ kind: m[1] as "pagerduty" | "opsgenie" | "slack", handle: m[0] }));
}

/** Datadog's error messages (`{"errors":[…]}`), or none when the body is not one. */
export function datadogErrors(body: string): string[] {
  try {
    const errors = (JSON.parse(body) as { errors?: unknown }).errors;
    return Array.isArray(errors) ? errors.map(String) : [];
  } catch {
    return [];
  }
}

/**
 * One API call with both keys. Resolves with the status and parsed body for a 2xx or a status in
 * `tolerated`; rejects with a DatadogError naming the call, the status and Datadog's errors.
 */
export async function datadogRequest(
  keys: DatadogKeys,
  call: { method: "GET" | "POST" | "PUT" | "DELETE"; path: string; body?: unknown; tolerated?: number[] },
): Promise<{ status: number; body: unknown }> {
  const url = `${keys.apiUrl.replace(/\/+$/, "")}${call.path}`;
  const where = `Datadog ${call.method} ${call.path.split("?")[0]}`;
  let response: Response;
  try {
    response = await fetch(url, {
      method: call.method,
      headers: { ...datadogHeaders(keys), accept: "application/json", ...(call.body === undefined ? {} : { "content-type": "application/json" }) },
      body: call.body === undefined ? undefined : JSON.stringify(call.body),
      signal: AbortSignal.timeout(requestTimeoutMs),
      redirect: "manual",
    });
  } catch (error) {
    const timedOut = (error as Error).name === "TimeoutError";
    throw new Error(`${where}: ${timedOut ? `no answer within ${requestTimeoutMs / 1000} s` : `could not reach ${keys.apiUrl}: ${(error as Error).message}`}`, { cause: error });
  }
  const text = await response.text();
  if (response.status >= 300 && response.status < 400) {
    const error: DatadogError = new Error(`${where}: something other than Datadog answered: ${redirectTarget(response.headers.get("location"), url)} (not followed)`);
    error.status = response.status;
    throw error;
  }
  let body: unknown;
  try {
    body = text === "" ? undefined : JSON.parse(text);
  } catch {
    if (response.ok) throw new Error(`${where}: something other than Datadog answered: HTTP ${response.status} with a body that is not JSON`);
  }
  if (response.ok || (call.tolerated ?? []).includes(response.status)) return { status: response.status, body };
  const errors = datadogErrors(text);
  const error: DatadogError = new Error(`${where}: ${response.status}${errors.length > 0 ? ` ${errors.join("; ")}` : ""}`);
  error.status = response.status;
  throw error;
}
