import { isDue } from "../core/duePolicy";
import type { MockReply, MockRequest, Route } from "../core/types";
import { checkManagementAuth } from "./managementAuth";
import { managementError } from "./managementFeed";
import type { ReceivedEvent, SplunkState } from "./state";

/** The one search the mock runs: `search index=<index> <field>="<value>" | stats count`, what reconcile asks. */
const countSearch = /^\s*search\s+index=([\w-]+)\s+([\w.]+)="([^"]*)"\s*\|\s*stats\s+count\s*$/;

/** The field as Splunk extracts it: from a JSON event's keys, or from the indexed fields. */
function fieldOf(event: ReceivedEvent, field: string): unknown {
  const fromEvent = event.event !== null && typeof event.event === "object" ? (event.event as Record<string, unknown>)[field] : undefined;
  return fromEvent ?? event.fields?.[field];
}

/**
 * `POST /services/search/jobs/export` on the management port: runs a search and streams its
 * results, one JSON object a line in `output_mode=json` (`{"preview":false,"offset":0,"result":{"count":"3"}}`).
 * The mock runs one shape, a count of an index's events with a field's value; any other search
 * is refused (400, Splunk's message body) rather than answered wrongly. As in Splunk, an event is
 * found only once indexed, a moment after HEC answered 200 (`searchable`: by default not by the
 * first search after it arrived).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTsearch#search.2Fjobs.2Fexport
 */
function exportSearch(state: SplunkState, request: MockRequest): MockReply {
  const form = new URLSearchParams(request.text());
  const refused = checkManagementAuth(request, form);
  if (refused) return refused;
  const found = countSearch.exec(form.get("search") ?? "");
  if (!found) {
    return managementError(request, 400, "FATAL", `the mock runs only searches of the shape: search index=<index> <field>="<value>" | stats count`, {}, form);
  }
  const [, index, field, value] = found;
  // Only what has been indexed by now (`searchable`): this search is counted after it looks.
  const indexed = (event: ReceivedEvent) => {
    const receipt = state.receipts.get(event);
    return receipt === undefined || isDue(state.searchable, state.searches, receipt);
  };
  const count = (state.indexes.get(index) ?? []).filter((event) => indexed(event) && String(fieldOf(event, field) ?? "") === value).length;
  state.searches += 1;
  return { status: 200, headers: { "content-type": "application/json; charset=UTF-8" }, body: `${JSON.stringify({ preview: false, offset: 0, result: { count: String(count) } })}\n` };
}

export function searchRoutes(state: SplunkState): Route[] {
  return [{ method: "POST", path: "/services/search/jobs/export", handle: (request) => exportSearch(state, request) }];
}
