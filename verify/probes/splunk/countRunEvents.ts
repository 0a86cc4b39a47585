import type { HttpClient } from "../../http/httpClient";

/** Where and with what to search: Splunk's management port (often :8089) and a token allowed to search the index. */
export interface SplunkSearch {
  url: string;
  token: string;
}

/** The index searched when none is configured: the one HEC writes to unless the token names another. */
export const searchedIndex = (index: string | undefined): string => index ?? "main";

/**
 * How many events of a run an index holds, by Splunk's search: `search index=<index>
 * run_id="<run id>" | stats count` on `/services/search/jobs/export`, whose JSON output is one
 * result object a line. The field is the one verify's test event carries. An event is found only
 * once indexed, a moment after HEC answered 200. A search changes nothing: resending it is harmless.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTsearch#search.2Fjobs.2Fexport
 */
export async function countRunEvents(http: HttpClient, search: SplunkSearch, index: string, runId: string, label = "search the run's event"): Promise<number> {
  const reply = await http.send({
    label,
    method: "POST",
    url: `${search.url.replace(/\/+$/, "")}/services/search/jobs/export`,
    headers: { authorization: `Bearer ${search.token}`, "content-type": "application/x-www-form-urlencoded" },
    body: new URLSearchParams({ search: `search index=${index} run_id="${runId}" | stats count`, output_mode: "json" }).toString(),
    resendSafe: "a search changes nothing",
  });
  const last = reply.text.trim().split("\n").filter(Boolean).at(-1) ?? "{}";
  return Number((JSON.parse(last) as { result?: { count?: string } }).result?.count ?? 0);
}
