import type { HttpClient } from "../http/httpClient";
import type { ChainEndpoints } from "./chainEndpoints";

type Api = NonNullable<ChainEndpoints["datadog"]>;

export interface ChainMonitor {
  id: number;
  name: string;
  query: string;
  overall_state: string;
  draft_status?: string;
}

const headers = (api: Api) => ({ "dd-api-key": api.apiKey, "dd-application-key": api.appKey });
const base = (api: Api) => api.apiUrl.replace(/\/+$/, "");

/** The stack's monitors (tag `managed-by:operator-wiring` and its environment), by name. */
export async function stackMonitors(http: HttpClient, api: Api, environment: string): Promise<ChainMonitor[]> {
  const tags = encodeURIComponent(`managed-by:operator-wiring,env:${environment}`);
  return (await http.send({ label: "list the stack's monitors", method: "GET", url: `${base(api)}/api/v1/monitor?monitor_tags=${tags}`, headers: headers(api) })).json<ChainMonitor[]>();
}

export async function readMonitor(http: HttpClient, api: Api, id: number): Promise<ChainMonitor> {
  return (await http.send({ label: `read monitor ${id}`, method: "GET", url: `${base(api)}/api/v1/monitor/${id}`, headers: headers(api) })).json<ChainMonitor>();
}

/** A value that meets `<agg>(last_…):<agg>:<metric>{<scope>} <op> <threshold>`, the query shape the stack writes; undefined for any other. */
export function meetingPoint(query: string): { metric: string; tags: string[]; value: number } | undefined {
  const found = /:(?:avg|max|min|sum):([A-Za-z0-9_.]+)\{([^}]*)\}\s*(>=|>|<=|<|==)\s*(-?\d+(?:\.\d+)?)\s*$/.exec(query);
  if (!found) return undefined;
  const [, metric, scope, comparator, threshold] = found;
  const limit = Number(threshold);
  const value = comparator.startsWith(">") ? Math.max(limit * 2, limit + 1) : comparator.startsWith("<") ? Math.min(limit / 2, limit - 1) : limit;
  return { metric, tags: scope.trim() === "*" || scope.trim() === "" ? [] : scope.split(",").map((t) => t.trim()), value };
}

/**
 * Submits one gauge point (v2 series) meeting the monitors' query, tagged with the marker. Not
 * resent on a 5xx: a second point is harmless to the gauge, but the intake answered nothing sure.
 * @see https://docs.datadoghq.com/api/latest/metrics/#submit-metrics
 */
export async function submitPoint(http: HttpClient, api: Api, point: { metric: string; tags: string[]; value: number }, marker: string, extraHeaders: Record<string, string>): Promise<void> {
  await http.send({
    label: `submit ${point.metric}=${point.value}`,
    method: "POST",
    url: `${base(api)}/api/v2/series`,
    headers: { "dd-api-key": api.apiKey, ...extraHeaders },
    json: { series: [{ metric: point.metric, type: 3, points: [{ timestamp: Math.floor(Date.now() / 1000), value: point.value }], tags: [...point.tags, `operator_wiring_chain:${marker}`] }] },
    resendSafe: "a gauge point at the same timestamp replaces itself",
  });
}
