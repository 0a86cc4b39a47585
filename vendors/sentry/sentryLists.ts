/**
 * Sentry's lists, for every layer: where each list lives below the web API base, and reading a
 * list page after page through the `Link` header, whoever makes the request (sentryRequest here,
 * verify's logged HTTP client in verify/wiring/sentryPages.ts).
 *
 * Closure rule as in sentryApi.ts: what this file takes from there is bound to a local.
 * @see https://docs.sentry.io/api/pagination/
 */
import * as sentryApi from "./sentryApi";

const sentryRequest = sentryApi.sentryRequest;
const segment = sentryApi.segment;

/** Enough for any organisation's alerting: past this, something is wrong (a cursor that never ends). */
export const maxSentryPages = 100;

/** The lists the stack and its readers use, below the web API base (`…/api/0`). */
export const sentryPaths = {
  /** Installed integrations of one provider (`pagerduty`, `opsgenie`, `slack`), with their tables unless `includeConfig=0`. */
  integrations: (org: string, provider: string, includeConfig = true): string =>
    `/organizations/${segment(org)}/integrations/?${new URLSearchParams({ providerKey: provider, ...(includeConfig ? {} : { includeConfig: "0" }) })}`,
  /** Providers Sentry offers the organisation (the Datadog check). */
  providers: (org: string, provider: string): string => `/organizations/${segment(org)}/config/integrations/?${new URLSearchParams({ providerKey: provider })}`,
  workflows: (org: string): string => `/organizations/${segment(org)}/workflows/`,
  detectors: (org: string): string => `/organizations/${segment(org)}/detectors/`,
  projects: (org: string): string => `/organizations/${segment(org)}/projects/`,
  /** A project's legacy issue alert rules (deprecated since 2026-05-14). */
  rules: (org: string, project: string): string => `/projects/${segment(org)}/${segment(project)}/rules/`,
};

/**
 * The `next` link of Sentry's `Link` header, when that page has results:
 * `<…?cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"`. Sentry always sends a next
 * link; `results="false"` marks the end. (Parsed here rather than with a Link-header package: the
 * format is Sentry's own and the parser is these lines.)
 */
export function nextPage(link: string | null): string | undefined {
  for (const part of (link ?? "").split(/,\s*(?=<)/)) {
    const url = /^\s*<([^>]*)>/.exec(part)?.[1];
    const params = Object.fromEntries([...part.matchAll(/;\s*([a-z]+)="([^"]*)"/gi)].map(([, name, value]) => [name.toLowerCase(), value]));
    if (url && params.rel === "next" && params.results === "true") return url;
  }
  return undefined;
}

/** One page as a reader got it: its items and its `Link` header. */
export interface SentryPage<T> {
  items: T[];
  link: string | null;
}

/**
 * Every item of a list, page after page from `first` (an absolute URL), each page fetched by
 * `fetchPage`. A next link on another origin is not followed (the token would go with it), and
 * past `maxSentryPages` pages `tooMany` is thrown: a cursor that never ends is not Sentry.
 */
export async function everyPage<T>(first: string, fetchPage: (url: string, page: number) => Promise<SentryPage<T>>, tooMany: (pages: number) => Error): Promise<T[]> {
  const items: T[] = [];
  const origin = new URL(first).origin;
  let next: string | undefined = first;
  for (let page = 1; next; page++) {
    if (page > maxSentryPages) throw tooMany(maxSentryPages);
    const found: SentryPage<T> = await fetchPage(next, page);
    items.push(...found.items);
    next = nextPage(found.link);
    if (next && new URL(next, first).origin !== origin) throw new Error(`Sentry's next-page link points at ${new URL(next, first).origin}, not ${origin}: not followed`);
    if (next) next = new URL(next, first).href;
  }
  return items;
}

/** Every item of a list below `apiUrl`, through sentryRequest (a body that is not a list is an error naming the path). */
export async function sentryList(call: { apiUrl: string; path: string; token?: string }): Promise<unknown[]> {
  const base = call.apiUrl.replace(/\/+$/, "");
  return everyPage(
    `${base}${call.path}`,
    async (url) => {
      if (!url.startsWith(`${base}/`)) throw new Error(`Sentry GET ${call.path.split("?")[0]}: the next-page link ${url} is not below ${base}: not followed`);
      const reply = await sentryRequest({ apiUrl: base, method: "GET", path: url.slice(base.length), token: call.token });
      if (!Array.isArray(reply.body)) throw new Error(`Sentry GET ${call.path.split("?")[0]}: something other than Sentry answered: not a list`);
      return { items: reply.body as unknown[], link: reply.link };
    },
    (pages) => new Error(`Sentry GET ${call.path.split("?")[0]}: more than ${pages} pages, stopped reading`),
  );
}
