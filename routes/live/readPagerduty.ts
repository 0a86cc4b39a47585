import { type PagerDutyApi, pagerdutyList, pagerdutyPaths } from "../../vendors/pagerduty/pagerdutyApi";
import type { Inventory } from "../inventory";

type Service = {
  id: string;
  name: string;
  status: string;
  escalation_policy?: { id: string };
  integrations?: { id: string; type: string; name?: string; summary?: string; integration_key?: string; created_at?: string }[];
};
type Policy = { id: string; name: string; escalation_rules?: { targets?: unknown[] }[] };

/**
 * A PagerDuty account's part of the inventory: every service with its integrations (their type,
 * routing key and creation date) and every escalation policy with how many targets its rules name.
 * @see https://developer.pagerduty.com/api-reference/ (List services, List escalation policies)
 */
export async function readPagerduty(api: PagerDutyApi): Promise<Inventory["pagerduty"]> {
  const [services, policies] = (await Promise.all([
    pagerdutyList(api, pagerdutyPaths.services, "services"),
    pagerdutyList(api, pagerdutyPaths.escalationPolicies, "escalation_policies"),
  ])) as [Service[], Policy[]];
  return {
    services: services.map((s) => ({
      id: s.id,
      name: s.name,
      status: s.status,
      escalationPolicyId: s.escalation_policy?.id ?? "",
      integrations: (s.integrations ?? []).map((i) => ({
        id: i.id,
        type: i.type,
        name: i.name ?? i.summary ?? i.id,
        ...(i.integration_key ? { key: i.integration_key } : {}),
        ...(i.created_at ? { createdAt: i.created_at } : {}),
      })),
    })),
    escalationPolicies: policies.map((p) => ({ id: p.id, name: p.name, targets: (p.escalation_rules ?? []).reduce((n, r) => n + (r.targets?.length ?? 0), 0) })),
  };
}
