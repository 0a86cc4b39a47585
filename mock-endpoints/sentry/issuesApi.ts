import { json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { isObject, orgEndpoint, readJson } from "./apiContext";
import { apiError } from "./errors";
import { processDueEvents } from "./postProcess";
import { type Issue, type Organisation, type SentryState, findProject } from "./state";

/** An issue as "Retrieve an Issue" shows it: the fields a client reads. */
function issueView(org: Organisation, issue: Issue): Record<string, unknown> {
  const project = org.projects.get(issue.projectId);
  return {
    id: issue.id,
    shortId: issue.shortId,
    title: issue.title,
    culprit: issue.culprit,
    level: issue.level,
    status: issue.status,
    count: String(issue.count),
    firstSeen: issue.firstSeen,
    lastSeen: issue.lastSeen,
    permalink: `https://${org.slug}.sentry.io/issues/${issue.id}/`,
    project: { id: issue.projectId, slug: project?.slug ?? "", name: project?.slug ?? "" },
  };
}

/** The organisation's issue, processed events first (an issue exists once its first event was). */
function issueOf(state: SentryState, org: Organisation, id: string): Issue | undefined {
  processDueEvents(state);
  const issue = state.issues.get(id);
  return issue && org.projects.has(issue.projectId) ? issue : undefined;
}

/**
 * `PUT …/issues/{id}/` with `{"status": "resolved" | "unresolved"}`: a resolved issue that sees a
 * new event regresses (and sets off the `regression_event` alerts). Other fields are left alone.
 * @see https://docs.sentry.io/api/events/update-an-issue/
 */
function update(state: SentryState, org: Organisation, request: MockRequest): MockReply {
  const issue = issueOf(state, org, request.params.id);
  if (!issue) return apiError.notFound();
  const read = readJson(request);
  if (!read.ok) return read.reply;
  const status = isObject(read.body) ? read.body.status : undefined;
  if (status !== undefined) {
    if (status !== "resolved" && status !== "unresolved") return apiError.validation({ status: [`"${String(status)}" is not a valid choice.`] });
    issue.status = status;
  }
  return json(200, issueView(org, issue));
}

/**
 * A project's client keys (`GET /api/0/projects/{org}/{project}/keys/`): its DSN, on this mock's
 * host, as verify's chain reads it to raise an error in the project. A project seeded with
 * `publicKeys` shows those; one without shows one key of zeros, which the mock accepts.
 * @see https://docs.sentry.io/api/projects/list-a-projects-client-keys/
 */
function keys(org: Organisation, request: MockRequest): MockReply {
  const project = findProject(org, request.params.project);
  if (!project) return apiError.notFound();
  const host = request.headers.host ?? "127.0.0.1";
  const publicKeys = project.publicKeys.length > 0 ? project.publicKeys : ["0".repeat(32)];
  return json(
    200,
    publicKeys.map((key, i) => ({
      id: key.slice(0, 12),
      name: i === 0 ? "Default" : `Key ${i + 1}`,
      label: i === 0 ? "Default" : `Key ${i + 1}`,
      public: key,
      isActive: !project.revokedKeys.includes(key),
      projectId: Number(project.id),
      dsn: { public: `http://${key}@${host}/${project.id}`, secret: `http://${key}:${"0".repeat(32)}@${host}/${project.id}` },
    })),
  );
}

export function issueRoutes(state: SentryState): Route[] {
  const base = "/api/0/organizations/:org/issues/:id/";
  return [
    {
      method: "GET",
      path: base,
      handle: orgEndpoint(state, (org, request) => {
        const issue = issueOf(state, org, request.params.id);
        return issue ? json(200, issueView(org, issue)) : apiError.notFound();
      }),
    },
    { method: "PUT", path: base, handle: orgEndpoint(state, (org, request) => update(state, org, request)) },
    { method: "GET", path: "/api/0/projects/:org/:project/keys/", handle: orgEndpoint(state, keys) },
  ];
}
