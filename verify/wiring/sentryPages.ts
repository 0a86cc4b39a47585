import type { z } from "zod";
import { everyPage } from "../../vendors/sentry/sentryLists";
import type { HttpClient } from "../http/httpClient";
import { ProbeFailure } from "../probe";
import { type SentryApi, notSentry, sentryHeaders } from "./sentryApi";
import { readAnswer } from "./wiringCheck";

/**
 * Every item of a Sentry list, page after page (vendors/sentry/sentryLists.ts), each page
 * checked against `schema` (one request line each). A check that read only the first page
 * would miss what is on the others.
 */
export async function readAllPages<T>(http: HttpClient, api: SentryApi, url: string, what: string, schema: z.ZodType<T[]>): Promise<T[]> {
  return everyPage(
    url,
    async (next, page) => {
      const response = await http.send({ label: page === 1 ? what : `${what} (page ${page})`, method: "GET", url: next, headers: sentryHeaders(api) });
      return { items: readAnswer(response, schema, what, notSentry), link: response.headers.get("link") };
    },
    (pages) => new ProbeFailure(`${what}: more than ${pages} pages, stopped reading`, notSentry),
  );
}
