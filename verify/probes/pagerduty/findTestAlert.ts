import type { HttpClient, HttpResponse } from "../../http/httpClient";
import type { PagerDutyInputs } from "../../inputs/integrationInputs";
import { ProbeFailure } from "../../probe";

/** The fields of a REST API v2 incident the probe reads. */
export interface Incident {
  id: string;
  incident_number: number;
  status: "triggered" | "acknowledged" | "resolved";
  service?: { id?: string; summary?: string };
  alert_counts?: { all?: number };
}

/** The fields of an alert the probe reads: `alert_key` is the event's dedup key. */
export interface Alert {
  id: string;
  alert_key: string;
  status: "triggered" | "resolved";
}

/** The test event as PagerDuty shows it: its alert, and the incident the alert is in. */
export interface TestAlert {
  incident: Incident;
  alert: Alert;
}

type RestApi = NonNullable<PagerDutyInputs["api"]>;

const notRestApi =
  "Something other than the PagerDuty REST API answered: check PAGERDUTY_API_URL (https://api.pagerduty.com, EU https://api.eu.pagerduty.com).";

const base = (api: RestApi): string => api.url.replace(/\/+$/, "");
const headers = (api: RestApi): Record<string, string> => ({ authorization: `Token token=${api.token}`, accept: "application/vnd.pagerduty+json;version=2" });

function listOf<T>(reply: HttpResponse, key: string, label: string): T[] {
  let list: unknown;
  try {
    list = reply.json<Record<string, unknown>>()[key];
  } catch {
    list = undefined;
  }
  if (!Array.isArray(list)) throw new ProbeFailure(`${label}: expected {"${key}": [...]}, got ${reply.status} ${reply.text.trim().slice(0, 80) || "(empty body)"}`, notRestApi);
  return list as T[];
}

/**
 * The incidents holding the test event's alert, on any service the token can see (so an incident
 * on the wrong service is found, and named in the summary); empty while PagerDuty has not made it
 * yet (it does so asynchronously). An Events API v2 incident has no incident key of its own:
 * `?incident_key=` finds incidents "whose alerts have alert_key matching", and alert grouping may
 * put the alert in an incident another alert opened. So one answer here proves the alert arrived.
 * @see https://developer.pagerduty.com/api-reference/9d0b4b12e36f9-list-incidents (`incident_key`)
 */
export async function incidentsWithAlert(http: HttpClient, api: RestApi, dedupKey: string, label: string): Promise<Incident[]> {
  const url = `${base(api)}/incidents?incident_key=${encodeURIComponent(dedupKey)}&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved`;
  return listOf<Incident>(await http.send({ label, method: "GET", url, headers: headers(api) }), "incidents", label);
}

/**
 * The test event's alert in `incident`, or undefined when it is not there (any more: a merge
 * moves alerts). Its status is what the resolve changes; a grouped incident stays open while
 * another of its alerts is.
 * @see https://developer.pagerduty.com/api-reference/4bc42e7ac0c59-list-alerts-for-an-incident
 */
export async function alertIn(http: HttpClient, api: RestApi, incident: Incident, dedupKey: string, label: string): Promise<TestAlert | undefined> {
  const url = `${base(api)}/incidents/${encodeURIComponent(incident.id)}/alerts?alert_key=${encodeURIComponent(dedupKey)}`;
  const alerts = listOf<Alert>(await http.send({ label, method: "GET", url, headers: headers(api) }), "alerts", label);
  const alert = alerts.find((a) => a.alert_key === dedupKey);
  return alert && { incident, alert };
}

/** The test event's alert and its incident, looked for from scratch; undefined while PagerDuty has not made it. */
export async function findTestAlert(http: HttpClient, api: RestApi, dedupKey: string, label: string): Promise<TestAlert | undefined> {
  for (const incident of await incidentsWithAlert(http, api, dedupKey, label)) {
    const found = await alertIn(http, api, incident, dedupKey, `${label}: its alert`);
    if (found) return found;
  }
  return undefined;
}

/** `#12 (PABC123) on service "checkout"`, and how many other alerts share the incident (alert grouping). */
export function describeIncident(incident: Incident): string {
  const service = incident.service?.summary ? ` on service "${incident.service.summary}"` : "";
  const others = (incident.alert_counts?.all ?? 1) - 1;
  const grouped = others > 0 ? `, grouped with ${others} other alert${others === 1 ? "" : "s"}` : "";
  return `#${incident.incident_number} (${incident.id})${service}${grouped}`;
}
