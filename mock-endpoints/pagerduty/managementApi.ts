import { empty, json } from "../core/replies";
import type { MockRequest, Route } from "../core/types";
import { restError } from "./errors";
import { authed } from "./restApi";
import { type Links, escalationPolicyReference, serviceReference } from "./restShapes";
import { type PagerDutyState, removeService } from "./state";

function getPolicy(state: PagerDutyState, request: MockRequest, links: Links) {
  const policy = state.escalationPolicies.get(request.params.id);
  if (!policy) return restError.notFound();
  const services = [...state.services.values()].filter((s) => s.escalation_policy_id === policy.id).map((s) => serviceReference(s, links));
  return json(200, { escalation_policy: { ...escalationPolicyReference(links, policy), type: "escalation_policy", name: policy.name, services } });
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
 * The REST deletes a `pulumi destroy` makes, in the order that works: a service (204; its routing
 * keys stop working), then its escalation policy (204, or 400 while a service still uses it).
 * @see https://developer.pagerduty.com/api-reference/ (Delete an escalation policy, Delete a service)
 */
export function managementRoutes(state: PagerDutyState): Route[] {
  return [
    { method: "GET", path: "/escalation_policies/:id", handle: authed(state, getPolicy) },
    { method: "DELETE", path: "/escalation_policies/:id", handle: authed(state, deletePolicy) },
    { method: "DELETE", path: "/services/:id", handle: authed(state, deleteService) },
  ];
}
