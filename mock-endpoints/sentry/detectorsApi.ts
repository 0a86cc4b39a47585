import { json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { orgEndpoint } from "./apiContext";
import { apiError } from "./errors";
import type { Detector, Organisation, Project, SentryState } from "./state";

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

const allProjectsId = "-1";
const allProjectsSlug = "$all";

/**
 * The projects a request names, as `OrganizationEndpoint.get_projects` picks them
 * (getsentry/sentry src/sentry/api/bases/organization.py, `get_requested_project_ids_unchecked`
 * and `_validate_fetched_projects`):
 * - every `project` value is parsed as an integer first: a slug there is 400
 *   `{"detail":"Invalid project parameter. Values must be numbers."}` (DRF ParseError), even
 *   beside `projectSlug`;
 * - `projectSlug` values select by slug and win over `project`; `$all` (slug) or `-1` (id) is
 *   every project;
 * - a requested id or slug that is not among the projects found is 403 (PermissionDenied), as
 *   for a project outside the caller's access;
 * - neither given: every project (Sentry: the caller's member projects).
 */
function requestedProjects(org: Organisation, request: MockRequest): { projects: Project[] } | { refusal: MockReply } {
  const ids = request.query.getAll("project").map((value) => value.trim());
  if (ids.some((value) => !/^[+-]?\d+$/.test(value))) return { refusal: apiError.detail400("Invalid project parameter. Values must be numbers.") };
  const wantedIds = new Set(ids.map((value) => String(Number(value))));
  const wantedSlugs = new Set(request.query.getAll("projectSlug").filter((slug) => slug !== ""));
  const all = [...org.projects.values()];
  if (wantedSlugs.has(allProjectsSlug) || (wantedSlugs.size === 0 && wantedIds.has(allProjectsId))) return { projects: all };
  if (wantedSlugs.size === 0 && wantedIds.size === 0) return { projects: all };
  const found = wantedSlugs.size > 0 ? all.filter((p) => wantedSlugs.has(p.slug)) : all.filter((p) => wantedIds.has(p.id));
  const sameIds = wantedIds.size === 0 || (wantedIds.size === found.length && found.every((p) => wantedIds.has(p.id)));
  const sameSlugs = wantedSlugs.size === 0 || wantedSlugs.size === found.length;
  return sameIds && sameSlugs ? { projects: found } : { refusal: apiError.forbidden() };
}

/**
 * `GET /organizations/{org}/detectors/?project=<id>&query=type:error` (or `projectSlug=<slug>`):
 * every project has an `error` and an `issue_stream` detector.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/workflow_engine/endpoints/organization_detector_index.py
 */
function list(org: Organisation, request: MockRequest): MockReply {
  const requested = requestedProjects(org, request);
  if ("refusal" in requested) return requested.refusal;
  const matches = matcher(request.query.get("query"));
  const detectors = requested.projects.flatMap((p) => p.detectors).filter(matches);
  return json(200, detectors.map((d) => detectorView(org, d)));
}

export function detectorRoutes(state: SentryState): Route[] {
  return [{ method: "GET", path: "/api/0/organizations/:org/detectors/", handle: orgEndpoint(state, list) }];
}
