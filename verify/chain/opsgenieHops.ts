import type { HttpClient } from "../http/httpClient";

/** The fields of an Opsgenie alert the chain reads. */
export interface ChainAlert {
  id: string;
  tinyId: string;
  message: string;
  status: "open" | "closed";
  integration?: { id: string; name: string };
}

const auth = (key: string) => ({ authorization: `GenieKey ${key}` });

/**
 * The newest alerts this key sees (a team integration's key sees its team's alerts) whose message
 * holds `search` (Opsgenie's query narrows them; without one, the newest hundred).
 * @see https://docs.opsgenie.com/docs/alert-api#list-alerts
 */
export async function recentAlerts(http: HttpClient, apiUrl: string, key: string, search: string | undefined): Promise<ChainAlert[]> {
  const query = search ? `query=${encodeURIComponent(`message: "${search}"`)}&` : "";
  const { data } = (await http.send({ label: "list alerts", method: "GET", url: `${apiUrl.replace(/\/+$/, "")}/v2/alerts?${query}limit=100`, headers: auth(key) })).json<{ data: ChainAlert[] }>();
  return search ? data.filter((a) => a.message.includes(search)) : data;
}

/** Closes an alert by id (202; processed asynchronously). Resend-safe: closing a closed alert changes nothing. */
export async function closeAlert(http: HttpClient, apiUrl: string, key: string, alert: ChainAlert): Promise<void> {
  await http.send({
    label: `close alert ${alert.tinyId}`,
    method: "POST",
    url: `${apiUrl.replace(/\/+$/, "")}/v2/alerts/${encodeURIComponent(alert.id)}/close?identifierType=id`,
    headers: auth(key),
    json: { source: "operator-wiring verify --chain", note: "closed by the chain that raised it" },
    resendSafe: "closing twice changes nothing",
  });
}
