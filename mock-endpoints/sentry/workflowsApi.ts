import { empty, json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { isObject, orgEndpoint, readJson } from "./apiContext";
import { apiError } from "./errors";
import { paginated } from "./pagination";
import type { Organisation, SentryState, Workflow } from "./state";
import { ForeignIdError, buildWorkflow, workflowView } from "./workflowStore";
import { missingDetectors, validateWorkflow } from "./workflowValidation";

/** Validates the body and builds the workflow; the 400 to send otherwise. */
function fromBody(state: SentryState, org: Organisation, request: MockRequest, previous?: Workflow): Workflow | MockReply {
  const read = readJson(request);
  if (!read.ok) return read.reply;
  const result = validateWorkflow(org, isObject(read.body) ? read.body : {});
  if (!result.ok) return apiError.validation(result.errors);
  const missing = missingDetectors(org, result.input.detectorIds);
  if (missing) return apiError.validation(missing);
  try {
    return buildWorkflow(state, result.input, previous);
  } catch (error) {
    if (error instanceof ForeignIdError) return apiError.validation({ [error.field]: [error.message] });
    throw error;
  }
}

const isReply = (value: Workflow | MockReply): value is MockReply => "status" in value;

function list(org: Organisation, request: MockRequest): MockReply {
  const workflows = [...org.workflows.values()].sort((a, b) => Number(a.id) - Number(b.id));
  return paginated(request, workflows.map((w) => workflowView(org, w)));
}

function create(state: SentryState, org: Organisation, request: MockRequest): MockReply {
  const workflow = fromBody(state, org, request);
  if (isReply(workflow)) return workflow;
  org.workflows.set(workflow.id, workflow);
  return json(201, workflowView(org, workflow));
}

function get(org: Organisation, request: MockRequest): MockReply {
  const workflow = org.workflows.get(request.params.id);
  return workflow ? json(200, workflowView(org, workflow)) : apiError.notFound();
}

function update(state: SentryState, org: Organisation, request: MockRequest): MockReply {
  const previous = org.workflows.get(request.params.id);
  if (!previous) return apiError.notFound();
  const workflow = fromBody(state, org, request, previous);
  if (isReply(workflow)) return workflow;
  org.workflows.set(workflow.id, workflow);
  return json(200, workflowView(org, workflow));
}

function remove(org: Organisation, request: MockRequest): MockReply {
  return org.workflows.delete(request.params.id) ? empty(204) : apiError.notFound();
}

/**
 * The workflow engine's alerts (`organizations:workflows`), the successor of project rules:
 * list, create (201), get, update (200), delete (204). A workflow reaches projects through
 * `detectorIds`.
 * @see https://docs.sentry.io/api/monitors/
 */
export function workflowRoutes(state: SentryState): Route[] {
  const base = "/api/0/organizations/:org/workflows";
  return [
    { method: "GET", path: `${base}/`, handle: orgEndpoint(state, list) },
    { method: "POST", path: `${base}/`, handle: orgEndpoint(state, (org, request) => create(state, org, request)) },
    { method: "GET", path: `${base}/:id/`, handle: orgEndpoint(state, get) },
    { method: "PUT", path: `${base}/:id/`, handle: orgEndpoint(state, (org, request) => update(state, org, request)) },
    { method: "DELETE", path: `${base}/:id/`, handle: orgEndpoint(state, remove) },
  ];
}
