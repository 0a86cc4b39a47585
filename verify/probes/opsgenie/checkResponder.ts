import type { HttpClient, HttpResponse } from "../../http/httpClient";
import { HttpStatusError } from "../../http/httpErrors";
import { ProbeFailure } from "../../probe";
import type { OpsgenieApi } from "./requestStatus";

/** A responder as Get Alert shows it: `{type, id}` (a name only where the request named one Opsgenie did not resolve). */
export interface Responder {
  type?: string;
  id?: string;
  name?: string;
}

/** Whether the alert reached the team, or why that cannot be told. */
export type ResponderCheck = { reached: true } | { reached: false; unverified: string };

/** OPSGENIE_TEAM's id, or why it could not be read. */
export type TeamId = { id?: string } | { unverified: string };

function data<T>(reply: HttpResponse): T | undefined {
  try {
    return reply.json<{ data?: T }>().data;
  } catch {
    return undefined;
  }
}

const teamUrl = (api: OpsgenieApi, identifier: string, type: "id" | "name") => `${api.base}/v2/teams/${encodeURIComponent(identifier)}?identifierType=${type}`;

/**
 * OPSGENIE_TEAM's id from the Team API: Get Alert names team responders by id. Independent of the
 * alert, so the probe reads it while the alert is being created. A team the key may not read
 * (403) leaves the responder check unverified.
 * @see https://docs.opsgenie.com/docs/team-api#get-team
 */
export async function readTeamId(http: HttpClient, api: OpsgenieApi, team: string): Promise<TeamId> {
  try {
    return { id: data<{ id?: string }>(await http.send({ label: `read team "${team}"`, method: "GET", url: teamUrl(api, team, "name"), headers: api.headers }))?.id };
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 403) return { unverified: `the key may not read team "${team}" (403), so the alert's responders could not be checked` };
    throw error;
  }
}

/** The alert's responders, read by its id, for when the probe could not read them from the closed alert. */
export async function readResponders(http: HttpClient, api: OpsgenieApi, alertId: string): Promise<Responder[]> {
  const alert = await http.send({ label: "read test alert's responders", method: "GET", url: `${api.base}/v2/alerts/${encodeURIComponent(alertId)}`, headers: api.headers });
  return data<{ responders?: Responder[] }>(alert)?.responders ?? [];
}

/**
 * Checks that OPSGENIE_TEAM is among the alert's responders. The request's `responders` are not
 * what the alert gets: a team integration's key sends every alert to the integration's owner
 * team, overwriting them. An alert routed to another team fails, naming that team.
 * @see https://docs.opsgenie.com/docs/alert-api#get-alert
 */
export async function checkResponder(http: HttpClient, api: OpsgenieApi, alertResponders: readonly Responder[], team: string, teamId: TeamId): Promise<ResponderCheck> {
  const responders = alertResponders.filter((r) => r.type === "team");
  if (responders.some((r) => r.name === team)) return { reached: true };
  if ("unverified" in teamId) return { reached: false, unverified: teamId.unverified };
  if (responders.some((r) => r.id !== undefined && r.id === teamId.id)) return { reached: true };

  const names: string[] = [];
  for (const responder of responders) {
    if (responder.name !== undefined || responder.id === undefined) {
      names.push(`"${responder.name ?? "?"}"`);
      continue;
    }
    const other = await http.send({ label: "read the alert's responder team", method: "GET", url: teamUrl(api, responder.id, "id"), headers: api.headers, ok: (s) => s === 200 || s === 403 || s === 404 });
    const name = other.status === 200 ? data<{ name?: string }>(other)?.name : undefined;
    names.push(name ? `"${name}"` : responder.id);
  }
  throw new ProbeFailure(
    `Opsgenie created the test alert for ${names.length > 0 ? `team ${names.join(", ")}` : "no team"}, not for team "${team}"`,
    `OPSGENIE_API_KEY belongs to an integration owned by ${names.length > 0 ? `team ${names.join(", ")}` : "another team"}: Opsgenie sends a team integration's alerts to its owner team, whatever responders they name. Use the API key of team "${team}"'s integration, or set OPSGENIE_TEAM to the team that owns this key.`,
  );
}
