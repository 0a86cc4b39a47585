import { opsgenieCall } from "../../vendors/opsgenie/opsgenieApi";
import { type Target, collection, splunkCall } from "../../vendors/splunk/splunkManagementApi";
import type { Inventory } from "../inventory";

export interface OpsgenieTarget {
  apiUrl: string;
  /** An account key with read access (`OPSGENIE_ACCOUNT_API_KEY`). */
  key: string;
}

export interface SplunkTarget extends Target {
  auth: { header: string; source: string };
}

/**
 * An Opsgenie account's teams and API integrations with their owner team. Opsgenie shows an
 * integration's key only when it is made, so the map links by name (buildAccountGraph.ts).
 * @see https://docs.opsgenie.com/docs/integration-api#list-integrations
 */
export async function readOpsgenie(target: OpsgenieTarget): Promise<Inventory["opsgenie"]> {
  const [teams, integrations] = await Promise.all([
    opsgenieCall(target.key, target.apiUrl, "GET", "/v2/teams"),
    opsgenieCall(target.key, target.apiUrl, "GET", "/v2/integrations"),
  ]);
  const teamList = (teams.body.data ?? []) as unknown as { id: string; name: string }[];
  const nameOf = new Map(teamList.map((t) => [t.id, t.name]));
  return {
    teams: teamList.map((t) => ({ id: t.id, name: t.name })),
    integrations: ((integrations.body.data ?? []) as unknown as { name: string; teamId?: string }[]).map((i) => ({ name: i.name, team: i.teamId ? (nameOf.get(i.teamId) ?? null) : null })),
  };
}

/** A Splunk's HEC tokens (`data/inputs/http`) and the index each sends to by default. */
export async function readSplunk(target: SplunkTarget): Promise<Inventory["splunk"]> {
  // splunkd lists 30 entries unless asked for all (count=0).
  const answer = await splunkCall(target, "GET", `${collection}?count=0`, undefined, [], target.auth);
  const entries = ((answer.body as { entry?: { name?: string; content?: { index?: unknown } }[] } | undefined)?.entry ?? []);
  // The feed names an entry `http://<token name>`.
  return { tokens: entries.map((e) => ({ name: String(e.name ?? "").replace(/^http:\/\//, ""), index: String(e.content?.index ?? "") })) };
}
