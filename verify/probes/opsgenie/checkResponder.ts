import type { HttpClient, HttpResponse } from "../../http/httpClient";
import { HttpStatusError } from "../../http/httpErrors";
import { ProbeFailure } from "../../probe";
import type { OpsgenieApi } from "./requestStatus";

/** A responder as Get Alert shows it: `{type, id}` (a name only where the request named one Opsgenie did not resolve). */
interface Responder {
  type?: string;
  id?: string;
  name?: string;
}

/** Whether the alert reached the team, or why that cannot be told. */
export type ResponderCheck = { reached: true } | { reached: false; unverified: string };

function data<T>(reply: HttpResponse): T | undefined {
  try {
    return reply.json<{ data?: T }>().data;
  } catch {
    return undefined;
  }
}


/**
 * Reads the created alert back and checks that OPSGENIE_TEAM is among its responders. The
 * request's `responders` are not what the alert gets: a team integration's key sends every alert
 * to the integration's owner team, overwriting them. Get Alert names team responders by id, so
 * the team's id is read from the Team API. A team the key may not read (403) leaves the check
 * unverified; an alert routed to another team fails, naming that team.
 * @see https://docs.opsgenie.com/docs/alert-api#get-alert
 * @see https://docs.opsgenie.com/docs/team-api#get-team
 */
export async function checkResponder(http: HttpClient, api: OpsgenieApi, alertId: string, team: string): Promise<ResponderCheck> {
  const alert = await http.send({ label: "read test alert's responders", method: "GET", url: `${api.base}/v2/alerts/${encodeURIComponent(alertId)}`, headers: api.headers });
  const responders = (data<{ responders?: Responder[] }>(alert)?.responders ?? []).filter((r) => r.type === "team");
  if (responders.some((r) => r.name === team)) return { reached: true };

  const teamUrl = (identifier: string, type: "id" | "name") => `${api.base}/v2/teams/${encodeURIComponent(identifier)}?identifierType=${type}`;
  let teamId: string | undefined;
  try {
    teamId = data<{ id?: string }>(await http.send({ label: `read team "${team}"`, method: "GET", url: teamUrl(team, "name"), headers: api.headers }))?.id;
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 403) return { reached: false, unverified: `the key may not read team "${team}" (403), so the alert's responders could not be checked` };
    throw error;
  }
  if (responders.some((r) => r.id !== undefined && r.id === teamId)) return { reached: true };

  const names: string[] = [];
  for (const responder of responders) {
    if (responder.name !== undefined || responder.id === undefined) {
      names.push(`"${responder.name ?? "?"}"`);
      continue;
    }
    const other = await http.send({ label: "read the alert's responder team", method: "GET", url: teamUrl(responder.id, "id"), headers: api.headers, ok: (s) => s === 200 || s === 403 || s === 404 });
    const name = other.status === 200 ? data<{ name?: string }>(other)?.name : undefined;
    names.push(name ? `"${name}"` : responder.id);
  }
  throw new ProbeFailure(
    `Opsgenie created the test alert for ${names.length > 0 ? `team ${names.join(", ")}` : "no team"}, not for team "${team}"`,
    `OPSGENIE_API_KEY belongs to an integration owned by ${names.length > 0 ? `team ${names.join(", ")}` : "another team"}: Opsgenie sends a team integration's alerts to its owner team, whatever responders they name. Use the API key of team "${team}"'s integration, or set OPSGENIE_TEAM to the team that owns this key.`,
  );
}
