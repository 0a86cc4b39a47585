import { empty, json } from "../core/replies";
import type { MockRequest, Route } from "../core/types";
import { restError } from "./errors";
import { authed, page } from "./restApi";
import { type Links, escalationPolicyJson } from "./restShapes";
import { type EscalationPolicyRecord, type PagerDutyState, removeService } from "./state";

const servicesOn = (state: PagerDutyState, policy: EscalationPolicyRecord) => [...state.services.values()].filter((s) => s.escalation_policy_id === policy.id);

function getPolicy(state: PagerDutyState, request: MockRequest, links: Links) {
  const policy = state.escalationPolicies.get(request.params.id);
  if (!policy) return restError.notFound();
  return json(200, { escalation_policy: escalationPolicyJson(policy, links, servicesOn(state, policy)) });
}

function listPolicies(state: PagerDutyState, request: MockRequest, links: Links) {
  const query = (request.query.get("query") ?? "").toLowerCase();
  const policies = [...state.escalationPolicies.values()]
    .filter((p) => p.name.toLowerCase().includes(query))
    .sort((a, b) => a.name.localeCompare(b.name))
    .map((p) => escalationPolicyJson(p, links, servicesOn(state, p)));
  return json(200, page(request, "escalation_policies", policies));
}

/** PagerDuty refuses to delete a policy while any service uses it: the service must go (or move) first. */
function deletePolicy(state: PagerDutyState, request: MockRequest) {
  const policy = state.escalationPolicies.get(request.params.id);
  if (!policy) return restError.notFound();
  if ([...state.services.values()].some((s) => s.escalation_policy_id === policy.id)) return restError.escalationPolicyInUse();
  state.escalationPolicies.delete(policy.id);
  return empty(204);
}

function deleteService(state: PagerDutyState, request: MockRequest) {
  const service = state.services.get(request.params.id);
  if (!service) return restError.notFound();
  removeService(state, service);
  return empty(204);
}

/**
 * Escalation policies listed and read with their rules (what the routing map reads), and the REST
 * deletes a `pulumi destroy` makes, in the order that works: a service (204; its routing keys stop
 * working), then its escalation policy (204, or 400 while a service still uses it).
 * @see https://developer.pagerduty.com/api-reference/ (Delete an escalation policy, Delete a service)
 */
export function managementRoutes(state: PagerDutyState): Route[] {
  return [
    { method: "GET", path: "/escalation_policies", handle: authed(state, listPolicies) },
    { method: "GET", path: "/escalation_policies/:id", handle: authed(state, getPolicy) },
    { method: "DELETE", path: "/escalation_policies/:id", handle: authed(state, deletePolicy) },
    { method: "DELETE", path: "/services/:id", handle: authed(state, deleteService) },
  ];
}
