import { json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { orgEndpoint } from "./apiContext";
import { apiError } from "./errors";
import { type Detector, type Organisation, type Project, type SentryState, findProject } from "./state";

/** A detector as `DetectorSerializer` shows it (the fields a stack reads; the rest are null / empty). */
function detectorView(org: Organisation, detector: Detector): Record<string, unknown> {
  const workflowIds = [...org.workflows.values()].filter((w) => w.detectorIds.includes(detector.id)).map((w) => w.id);
  return {
    id: detector.id,
    projectId: detector.projectId,
    name: detector.name,
    type: detector.type,
    workflowIds,
    enabled: true,
    description: null,
    owner: null,
    createdBy: null,
    dateCreated: detector.dateCreated,
    dateUpdated: detector.dateCreated,
    dataSources: null,
    conditionGroup: null,
    config: {},
    latestGroup: null,
    openIssues: 0,
    alertRuleId: null,
    ruleId: null,
  };
}

/**
 * The search in `query`: `type:<detector type>` tokens (several are OR-ed), other words match
 * the name. Sentry's search grammar is richer; this is the part a stack uses.
 */
function matcher(query: string | null): (detector: Detector) => boolean {
  const tokens = (query ?? "").split(/\s+/).filter(Boolean);
  const types = tokens.filter((t) => t.startsWith("type:")).map((t) => t.slice(5));
  const words = tokens.filter((t) => !t.startsWith("type:")).map((t) => t.toLowerCase());
  return (d) => (types.length === 0 || types.includes(d.type)) && words.every((w) => d.name.toLowerCase().includes(w));
}

/**
 * `GET /organizations/{org}/detectors/?project=<id|slug>&query=type:error`: every project has an
 * `error` and an `issue_stream` detector. A project the organisation does not have is refused
 * with 403, as Sentry does for projects outside the caller's access (unconfirmed for detectors).
 */
function list(org: Organisation, request: MockRequest): MockReply {
  const wanted = request.query.getAll("project");
  let projects: Project[] = [...org.projects.values()];
  if (wanted.length > 0) {
    const found = wanted.map((idOrSlug) => findProject(org, idOrSlug));
    if (found.some((p) => !p)) return apiError.forbidden();
    projects = found as Project[];
  }
  const matches = matcher(request.query.get("query"));
  const detectors = projects.flatMap((p) => p.detectors).filter(matches);
  return json(200, detectors.map((d) => detectorView(org, d)));
}

export function detectorRoutes(state: SentryState): Route[] {
  return [{ method: "GET", path: "/api/0/organizations/:org/detectors/", handle: orgEndpoint(state, list) }];
}
