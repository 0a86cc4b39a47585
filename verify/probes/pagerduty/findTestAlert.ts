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
 * The test event's alert and its incident, on any service the token can see (so an incident on
 * the wrong service is found, and named in the summary), or undefined while PagerDuty has not
 * made it yet (it does so asynchronously). An Events API v2 incident has no incident key of its
 * own: `?incident_key=` finds incidents "whose alerts have alert_key matching", and alert grouping
 * may put the alert in an incident another alert opened. So the incident is found by the key, and
 * the alert (whose status is what the resolve changes) is read from the incident's alerts.
 * @see https://developer.pagerduty.com/api-reference/9d0b4b12e36f9-list-incidents (`incident_key`)
 * @see https://developer.pagerduty.com/api-reference/4bc42e7ac0c59-list-alerts-for-an-incident
 */
export async function findTestAlert(http: HttpClient, api: RestApi, dedupKey: string, label: string): Promise<TestAlert | undefined> {
  const base = api.url.replace(/\/+$/, "");
  const headers = { authorization: `Token token=${api.token}`, accept: "application/vnd.pagerduty+json;version=2" };
  const key = encodeURIComponent(dedupKey);
  const incidents = listOf<Incident>(
    await http.send({ label, method: "GET", url: `${base}/incidents?incident_key=${key}&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved`, headers }),
    "incidents",
    label,
  );
  for (const incident of incidents) {
    const alertsLabel = `${label}: its alert`;
    const alerts = listOf<Alert>(
      await http.send({ label: alertsLabel, method: "GET", url: `${base}/incidents/${encodeURIComponent(incident.id)}/alerts?alert_key=${key}`, headers }),
      "alerts",
      alertsLabel,
    );
    const alert = alerts.find((a) => a.alert_key === dedupKey);
    if (alert) return { incident, alert };
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
