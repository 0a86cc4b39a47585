import type { z } from "zod";
import type { HttpClient } from "../http/httpClient";
import { ProbeFailure } from "../probe";
import { type SentryApi, notSentry, sentryHeaders } from "./sentryApi";
import { readAnswer } from "./wiringCheck";

/** Enough for any organisation's alerting: past this, something is wrong (a cursor that never ends). */
const maxPages = 100;

/**
 * The `next` link of Sentry's `Link` header, when that page has results:
 * `<…?cursor=0:100:0>; rel="next"; results="true"; cursor="0:100:0"`. Sentry always sends a next
 * link; `results="false"` marks the end. (Parsed here rather than with a Link-header package: the
 * format is Sentry's own and the parser is these lines.)
 * @see https://docs.sentry.io/api/pagination/
 */
export function nextPage(link: string | null): string | undefined {
  for (const part of (link ?? "").split(/,\s*(?=<)/)) {
    const url = /^\s*<([^>]*)>/.exec(part)?.[1];
    const params = Object.fromEntries([...part.matchAll(/;\s*([a-z]+)="([^"]*)"/gi)].map(([, name, value]) => [name.toLowerCase(), value]));
    if (url && params.rel === "next" && params.results === "true") return url;
  }
  return undefined;
}

/**
 * Every item of a Sentry list, page after page, each page checked against `schema` (one request
 * line each). A check that read only the first page would miss what is on the others.
 */
export async function readAllPages<T>(http: HttpClient, api: SentryApi, url: string, what: string, schema: z.ZodType<T[]>): Promise<T[]> {
  const items: T[] = [];
  let next: string | undefined = url;
  for (let page = 1; next; page++) {
    if (page > maxPages) throw new ProbeFailure(`${what}: more than ${maxPages} pages, stopped reading`, notSentry);
    const response = await http.send({ label: page === 1 ? what : `${what} (page ${page})`, method: "GET", url: next, headers: sentryHeaders(api) });
    items.push(...readAnswer(response, schema, what, notSentry));
    next = nextPage(response.headers.get("link"));
  }
  return items;
}
