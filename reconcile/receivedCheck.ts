import { datadogHeaders } from "../vendors/datadog/datadogApi";
import { pagerdutyHeaders } from "../vendors/pagerduty/pagerdutyApi";
import type { HttpClient } from "../verify/http/httpClient";
import type { EnvValues } from "../verify/inputs/envSources";
import { datadogApiBase, opsgenieApiBase, pagerdutyApiBase, regionValue } from "../verify/inputs/realInputs";
import { testAlertKey } from "../verify/probes/markedEvent";
import { countRunEvents, searchedIndex } from "../verify/probes/splunk/countRunEvents";
import type { Counted } from "./sentEvents";

/** How to ask one vendor whether a run's marked event arrived; undefined (with why) when no credential allows it. */
export type ReceivedCheck = { check: (http: HttpClient, runId: string) => Promise<boolean> } | { why: string };

/** The credentials receivedCheck reads: what the output must never show. */
export const credentialVariables = ["PAGERDUTY_API_TOKEN", "OPSGENIE_API_KEY", "DD_API_KEY", "DD_APP_KEY", "SPLUNK_SEARCH_TOKEN"] as const;

/** The region a variable names; anything but "eu" is the US one (verify, not reconcile, refuses a bad value). */
const region = (env: EnvValues, variable: string): "us" | "eu" => (regionValue(env, variable) === "eu" ? "eu" : "us");

/**
 * The vendors' own records of each marked event, looked up by the key the probe gave it: a
 * PagerDuty incident whose alert has the dedup key, an Opsgenie alert by its alias, a Datadog
 * event with the run's tag, a Splunk search count of the run's events (with a search token).
 */
export function receivedCheck(integration: Counted, env: EnvValues, window: { since: Date; until: Date }): ReceivedCheck {
  if (integration === "pagerduty") {
    const token = env.PAGERDUTY_API_TOKEN?.trim();
    if (!token) return { why: "no PAGERDUTY_API_TOKEN to list incidents" };
    const api = pagerdutyApiBase(env, region(env, "PAGERDUTY_REGION")).replace(/\/+$/, "");
    const headers = pagerdutyHeaders(token);
    return {
      check: async (http, runId) => {
        const url = `${api}/incidents?incident_key=${encodeURIComponent(testAlertKey(runId))}&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved&date_range=all`;
        return (await http.send({ label: "incident of the run", method: "GET", url, headers })).json<{ incidents: unknown[] }>().incidents.length > 0;
      },
    };
  }
  if (integration === "opsgenie") {
    const key = env.OPSGENIE_API_KEY?.trim();
    if (!key) return { why: "no OPSGENIE_API_KEY to read alerts" };
    const api = opsgenieApiBase(env, region(env, "OPSGENIE_REGION")).replace(/\/+$/, "");
    return {
      check: async (http, runId) => {
        const url = `${api}/v2/alerts/${encodeURIComponent(testAlertKey(runId))}?identifierType=alias`;
        return (await http.send({ label: "alert of the run", method: "GET", url, headers: { authorization: `GenieKey ${key}` }, ok: (s) => s === 200 || s === 404 })).status === 200;
      },
    };
  }
  if (integration === "datadog") {
    const apiKey = env.DD_API_KEY?.trim();
    const appKey = env.DD_APP_KEY?.trim();
    if (!apiKey || !appKey) return { why: "no DD_API_KEY and DD_APP_KEY to search events" };
    const api = datadogApiBase(env, env.DD_SITE?.trim() || "datadoghq.com").replace(/\/+$/, "");
    const headers = datadogHeaders({ apiKey, appKey });
    return {
      check: async (http, runId) => {
        // The reconciled days, a day wider each side for time zones; tags as Datadog stores them (lowercase).
        const start = Math.floor(window.since.getTime() / 1000) - 86_400;
        const end = Math.floor(window.until.getTime() / 1000) + 2 * 86_400;
        const url = `${api}/api/v1/events?start=${start}&end=${end}&tags=${encodeURIComponent(`run_id:${runId}`.toLowerCase())}`;
        return (await http.send({ label: "event of the run", method: "GET", url, headers })).json<{ events: unknown[] }>().events.length > 0;
      },
    };
  }
  const token = env.SPLUNK_SEARCH_TOKEN?.trim();
  const base = env.SPLUNK_SEARCH_URL?.trim();
  if (!token || !base) return { why: "no SPLUNK_SEARCH_TOKEN and SPLUNK_SEARCH_URL (the management port) to search the index" };
  const index = searchedIndex(env.SPLUNK_HEC_INDEX?.trim() || undefined);
  return { check: async (http, runId) => (await countRunEvents(http, { url: base, token }, index, runId)) > 0 };
}
