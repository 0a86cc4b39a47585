import type { HttpClient } from "../http/httpClient";
import type { ChainEndpoints } from "./chainEndpoints";

type Api = NonNullable<ChainEndpoints["sentry"]>;

const headers = (api: Api) => ({ authorization: `Bearer ${api.token}` });
const base = (api: Api) => api.apiUrl.replace(/\/+$/, "");
const segment = encodeURIComponent;

/**
 * The project's DSN (its first active client key), to raise the error in that project.
 * @see https://docs.sentry.io/api/projects/list-a-projects-client-keys/
 */
export async function projectDsn(http: HttpClient, api: Api, org: string, project: string): Promise<{ dsn: string; projectId: string } | undefined> {
  const keys = (await http.send({ label: `client keys of project ${project}`, method: "GET", url: `${base(api)}/projects/${segment(org)}/${segment(project)}/keys/`, headers: headers(api) })).json<
    { isActive?: boolean; projectId?: number; dsn?: { public?: string } }[]
  >();
  const key = keys.find((k) => k.isActive !== false && k.dsn?.public);
  return key?.dsn?.public ? { dsn: key.dsn.public, projectId: String(key.projectId ?? new URL(key.dsn.public).pathname.split("/").filter(Boolean).at(-1)) } : undefined;
}

/** The stored event's issue id, or undefined while Sentry has not stored it (404). */
export async function storedEventIssue(http: HttpClient, api: Api, org: string, project: string, eventId: string): Promise<string | undefined> {
  const reply = await http.send({
    label: "read the error back",
    method: "GET",
    url: `${base(api)}/projects/${segment(org)}/${segment(project)}/events/${eventId}/`,
    headers: headers(api),
    ok: (status) => status === 200 || status === 404,
  });
  if (reply.status === 404) return undefined;
  const groupId = reply.json<{ groupID?: string | null }>().groupID;
  return groupId ? String(groupId) : undefined;
}

export interface ChainIssue {
  id: string;
  shortId: string;
  status: string;
}

export async function readIssue(http: HttpClient, api: Api, org: string, issueId: string): Promise<ChainIssue> {
  return (await http.send({ label: `read issue ${issueId}`, method: "GET", url: `${base(api)}/organizations/${segment(org)}/issues/${issueId}/`, headers: headers(api) })).json<ChainIssue>();
}

/** Resolves the issue the chain opened (its next error would then regress it, not open another). */
export async function resolveIssue(http: HttpClient, api: Api, org: string, issueId: string): Promise<void> {
  await http.send({ label: `resolve issue ${issueId}`, method: "PUT", url: `${base(api)}/organizations/${segment(org)}/issues/${issueId}/`, headers: headers(api), json: { status: "resolved" } });
}
