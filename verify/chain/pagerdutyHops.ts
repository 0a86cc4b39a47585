import type { HttpClient } from "../http/httpClient";
import type { ChainEndpoints } from "./chainEndpoints";

type Api = NonNullable<ChainEndpoints["pagerduty"]>;

/** The fields of a REST API v2 incident the chain reads. */
export interface ChainIncident {
  id: string;
  incident_number: number;
  title: string;
  status: "triggered" | "acknowledged" | "resolved";
  service: { id: string; summary?: string };
  created_at: string;
}

const headers = (api: Api) => ({ authorization: `Token token=${api.token}`, accept: "application/vnd.pagerduty+json;version=2" });
const base = (api: Api) => api.apiUrl.replace(/\/+$/, "");

/**
 * Every incident since `since`, on any service the token sees (so one on the wrong service, or
 * another environment's, is found too), page after page (`more`); the caller recognises its own.
 * @see https://developer.pagerduty.com/api-reference/9d0b4b12e36f9-list-incidents
 */
export async function incidentsSince(http: HttpClient, api: Api, since: Date): Promise<ChainIncident[]> {
  const found: ChainIncident[] = [];
  for (let offset = 0; ; offset += 100) {
    const query = `since=${encodeURIComponent(since.toISOString())}&statuses[]=triggered&statuses[]=acknowledged&statuses[]=resolved&limit=100&offset=${offset}`;
    const page = (await http.send({ label: "list incidents", method: "GET", url: `${base(api)}/incidents?${query}`, headers: headers(api) })).json<{ incidents: ChainIncident[]; more?: boolean }>();
    found.push(...page.incidents);
    if (!page.more) return found;
  }
}

/**
 * Resolves an incident the chain opened through the Events API, as the sender would: each open
 * alert's dedup key with the routing key of the integration it came through (read from the
 * REST API), so no user-level token or `From` address is needed. Resend-safe (dedup key).
 */
export async function resolveIncident(http: HttpClient, api: Api, incident: ChainIncident): Promise<void> {
  const { alerts } = (
    await http.send({ label: `alerts of incident #${incident.incident_number}`, method: "GET", url: `${base(api)}/incidents/${encodeURIComponent(incident.id)}/alerts?statuses[]=triggered`, headers: headers(api) })
  ).json<{ alerts: { alert_key: string; integration?: { id: string } | null; service: { id: string } }[] }>();
  for (const alert of alerts) {
    if (!alert.integration) continue;
    const { integration } = (
      await http.send({ label: "routing key of the alert's integration", method: "GET", url: `${base(api)}/services/${alert.service.id}/integrations/${alert.integration.id}`, headers: headers(api) })
    ).json<{ integration: { integration_key?: string } }>();
    if (!integration.integration_key) continue;
    await http.send({
      label: `resolve incident #${incident.incident_number}`,
      method: "POST",
      url: `${api.eventsUrl.replace(/\/+$/, "")}/v2/enqueue`,
      json: { routing_key: integration.integration_key, event_action: "resolve", dedup_key: alert.alert_key },
      resendSafe: "the dedup key",
    });
  }
}
