import type { MockRequest, Route } from "../core/types";
import { orgEndpoint } from "./apiContext";
import { paginated } from "./pagination";
import type { Organisation, SentryState } from "./state";

/**
 * `GET /organizations/{org}/projects/`: the organisation's projects (the fields of
 * `OrganizationProjectSerializer` a reader uses), paged like every Sentry list. Sentry shows a
 * token the projects it may see; the mock's token sees them all.
 * @see https://docs.sentry.io/api/organizations/list-an-organizations-projects/
 */
function list(org: Organisation, request: MockRequest) {
  const projects = [...org.projects.values()].sort((a, b) => a.slug.localeCompare(b.slug)).map((p) => ({ id: p.id, slug: p.slug, name: p.slug, platform: null, isMember: true }));
  return paginated(request, projects);
}

export function projectRoutes(state: SentryState): Route[] {
  return [{ method: "GET", path: "/api/0/organizations/:org/projects/", handle: orgEndpoint(state, list) }];
}
