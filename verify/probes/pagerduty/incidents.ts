import type { HttpClient } from "../../http/httpClient";
import type { PagerDutyInputs } from "../../inputs/integrationInputs";
import { ProbeFailure } from "../../probe";

/** The fields of a REST API v2 incident the probe reads. */
export interface Incident {
  id: string;
  incident_number: number;
  status: "triggered" | "acknowledged" | "resolved";
  incident_key: string | null;
  service?: { id?: string; summary?: string };
}

type RestApi = NonNullable<PagerDutyInputs["api"]>;

/**
 * Every incident, open or resolved, whose `incident_key` is the test's dedup key, on any
 * service the token can see (so an incident on the wrong service is found, and named in
 * the summary). PagerDuty makes incidents asynchronously: an empty list may mean "not yet".
 * @see https://developer.pagerduty.com/api-reference/9d0b4b12e36f9-list-incidents
 */
export async function findIncidents(http: HttpClient, api: RestApi, dedupKey: string, label: string): Promise<Incident[]> {
  const query = `incident_key=${encodeURIComponent(dedupKey)}&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved`;
  const reply = await http.send({
    label,
    method: "GET",
    url: `${api.url.replace(/\/+$/, "")}/incidents?${query}`,
    headers: { authorization: `Token token=${api.token}`, accept: "application/vnd.pagerduty+json;version=2" },
  });
  let incidents: unknown;
  try {
    incidents = reply.json<{ incidents?: unknown }>().incidents;
  } catch {
    incidents = undefined;
  }
  if (!Array.isArray(incidents)) {
    throw new ProbeFailure(
      `${label}: expected {"incidents": [...]}, got ${reply.status} ${reply.text.trim().slice(0, 80) || "(empty body)"}`,
      "Something other than the PagerDuty REST API answered: check PAGERDUTY_API_URL (https://api.pagerduty.com, EU https://api.eu.pagerduty.com).",
    );
  }
  return (incidents as Incident[]).filter((incident) => incident.incident_key === dedupKey);
}

/** `#12 (PABC123) on service "checkout"`: how the summary names an incident. */
export function describeIncident(incident: Incident): string {
  const service = incident.service?.summary ? ` on service "${incident.service.summary}"` : "";
  return `#${incident.incident_number} (${incident.id})${service}`;
}
