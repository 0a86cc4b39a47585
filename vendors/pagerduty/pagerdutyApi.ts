/**
 * The PagerDuty REST API v2 client of every layer: verify's wiring check (with its own logged HTTP
 * client, through the headers and paths here) and the routing map's live read. The token rides
 * in the `Authorization` header; a redirect is never followed.
 *
 * Closure rule as in vendors/sentry/sentryApi.ts: globals, functions of this file and what it binds to locals.
 * @see https://developer.pagerduty.com/api-reference/
 */

import * as redirects from "../redirectTarget";

const redirectTarget = redirects.redirectTarget;

export interface PagerDutyApi {
  /** `https://api.pagerduty.com`, `https://api.eu.pagerduty.com`, or a mock's URL. */
  url: string;
  token: string;
}

/** The integration type of an Events API v2 integration (the one a routing key belongs to). */
export const eventsV2IntegrationType = "events_api_v2_inbound_integration";

/** The REST API host of a service region. */
export const pagerdutyApiUrls = { us: "https://api.pagerduty.com", eu: "https://api.eu.pagerduty.com" } as const;

const requestTimeoutMs = 15_000;
/** PagerDuty's most per page (classic offset pagination). */
const pageSize = 100;
/** Enough for any account: past this, something is wrong (a `more` that never ends). */
const maxPages = 100;

export const pagerdutyHeaders = (token: string): Record<string, string> => ({
  authorization: `Token token=${token}`,
  accept: "application/vnd.pagerduty+json;version=2",
});

export const pagerdutyPaths = {
  /** Every service with its integrations whole (their type, key and creation date). */
  services: "/services?include[]=integrations",
  service: (id: string): string => `/services/${encodeURIComponent(id)}?include[]=integrations`,
  escalationPolicies: "/escalation_policies",
};

/** One GET; the parsed body of a 2xx, else an Error with `status` naming the path. */
export async function pagerdutyGet(api: PagerDutyApi, path: string): Promise<unknown> {
  const url = `${api.url.replace(/\/+$/, "")}${path}`;
  const where = `PagerDuty GET ${path.split("?")[0]}`;
  let response: Response;
  try {
    response = await fetch(url, { headers: pagerdutyHeaders(api.token), signal: AbortSignal.timeout(requestTimeoutMs), redirect: "manual" });
  } catch (error) {
    throw new Error(`${where}: could not reach ${api.url}: ${(error as Error).message}`, { cause: error });
  }
  const text = await response.text();
  if (!response.ok) {
    const reason =
      response.status >= 300 && response.status < 400
        ? `something other than PagerDuty answered: ${redirectTarget(response.headers.get("location"), url)} (not followed)`
        : text.replace(/\s+/g, " ").slice(0, 200);
    throw Object.assign(new Error(`${where}: ${response.status} ${reason}`), { status: response.status });
  }
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${where}: something other than PagerDuty answered: HTTP ${response.status} with a body that is not JSON`);
  }
}

/** Every item of a list (`key` in the body: `services`, `escalation_policies`), page after page while PagerDuty says `more`. */
export async function pagerdutyList(api: PagerDutyApi, path: string, key: string): Promise<unknown[]> {
  const items: unknown[] = [];
  for (let page = 0; page < maxPages; page++) {
    const separator = path.includes("?") ? "&" : "?";
    const body = (await pagerdutyGet(api, `${path}${separator}limit=${pageSize}&offset=${page * pageSize}`)) as Record<string, unknown>;
    const found = body[key];
    if (!Array.isArray(found)) throw new Error(`PagerDuty GET ${path.split("?")[0]}: something other than PagerDuty answered: no "${key}" list`);
    items.push(...found);
    if (body.more !== true) return items;
  }
  throw new Error(`PagerDuty GET ${path.split("?")[0]}: more than ${maxPages} pages, stopped reading`);
}
