import { empty, json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { isObject, orgEndpoint, readJson } from "./apiContext";
import { apiError, deprecationHeaders } from "./errors";
import { paginated } from "./pagination";
import { validateRule } from "./ruleValidation";
import { type LegacyRule, type Organisation, type RuleInput, type SentryState, findProject, newId } from "./state";

/** A rule as `RuleSerializer` shows it. */
function ruleView(rule: LegacyRule): Record<string, unknown> {
  const { projectSlug, ...fields } = rule;
  return { ...fields, createdBy: null, projects: [projectSlug], status: "active", snooze: false };
}

/** The body, validated; the reply to send when it is not acceptable. */
function validBody(org: Organisation, request: MockRequest): RuleInput | MockReply {
  const read = readJson(request);
  if (!read.ok) return read.reply;
  const result = validateRule(org, isObject(read.body) ? read.body : {});
  return result.ok ? result.rule : apiError.validation(result.errors);
}

const isReply = (value: RuleInput | MockReply): value is MockReply => "status" in value;

function projectRules(org: Organisation, request: MockRequest): LegacyRule[] | undefined {
  const project = findProject(org, request.params.project);
  return project ? [...org.rules.values()].filter((rule) => rule.projectSlug === project.slug) : undefined;
}

function list(org: Organisation, request: MockRequest): MockReply {
  const rules = projectRules(org, request);
  // Sentry lists a project's active rules newest first.
  return rules ? paginated(request, rules.sort((a, b) => Number(b.id) - Number(a.id)).map(ruleView)) : apiError.notFound();
}

/** Create answers 200 (not 201): the endpoint returns `Response(serialize(rule))`. */
function create(state: SentryState, org: Organisation, request: MockRequest): MockReply {
  const project = findProject(org, request.params.project);
  if (!project) return apiError.notFound();
  const input = validBody(org, request);
  if (isReply(input)) return input;
  const rule: LegacyRule = { id: newId(state), projectSlug: project.slug, ...input, dateCreated: new Date().toISOString() };
  org.rules.set(rule.id, rule);
  return json(200, ruleView(rule));
}

function find(org: Organisation, request: MockRequest): LegacyRule | undefined {
  return projectRules(org, request)?.find((rule) => rule.id === request.params.id);
}

function get(org: Organisation, request: MockRequest): MockReply {
  const rule = find(org, request);
  return rule ? json(200, ruleView(rule)) : apiError.notFound();
}

function update(org: Organisation, request: MockRequest): MockReply {
  const rule = find(org, request);
  if (!rule) return apiError.notFound();
  const input = validBody(org, request);
  if (isReply(input)) return input;
  Object.assign(rule, input);
  return json(200, ruleView(rule));
}

/** Delete is scheduled, hence 202. */
function remove(org: Organisation, request: MockRequest): MockReply {
  const rule = find(org, request);
  if (!rule) return apiError.notFound();
  org.rules.delete(rule.id);
  return empty(202);
}

/**
 * The legacy issue alert rules API (`@pulumiverse/sentry`'s `SentryIssueAlert` uses it).
 * Deprecated since 2026-05-14: every response carries `X-Sentry-Deprecation-Date` and
 * `X-Sentry-Replacement-Endpoint`; brown-outs (410) are the `rules-brownout` fault.
 * @see https://docs.sentry.io/api/alerts/create-an-issue-alert-rule-for-a-project/
 */
export function ruleRoutes(state: SentryState): Route[] {
  const base = "/api/0/projects/:org/:project/rules";
  const headers = deprecationHeaders();
  return [
    { method: "GET", path: `${base}/`, handle: orgEndpoint(state, list, headers) },
    { method: "POST", path: `${base}/`, handle: orgEndpoint(state, (org, request) => create(state, org, request), headers) },
    { method: "GET", path: `${base}/:id/`, handle: orgEndpoint(state, get, headers) },
    { method: "PUT", path: `${base}/:id/`, handle: orgEndpoint(state, update, headers) },
    { method: "DELETE", path: `${base}/:id/`, handle: orgEndpoint(state, remove, headers) },
  ];
}
