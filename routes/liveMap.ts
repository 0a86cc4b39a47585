import type { AccountGraph, EnvironmentGraph, RouteEdge, RouteNode, RoutingMap } from "./routingGraph";
import type { StackFacts } from "./stackFacts";

/** Where a live node belongs: one environment, several (what stacks share without owning), or none found. */
type Home = { environment: string } | "shared" | undefined;

/**
 * The live read cut into environments. A node a stack's plan declares is that stack's (owned, or
 * external when the stack only uses it, in every environment that uses it); any other node found
 * in the vendors is unowned and belongs where it says (a monitor's `env:` tag or a handle's
 * `-<env>` suffix, a Sentry alert's environment as the stacks configure it) or else where it
 * routes to (the first stack's node downstream). Unowned nodes that belong nowhere (routes of
 * other teams) are not shown. `plans` are every committed stack's offline maps, so a route into
 * a stack outside `environments` still shows as crossing into it.
 */
export function liveEnvironments(
  live: AccountGraph,
  plans: readonly { facts: StackFacts; graph: EnvironmentGraph }[],
  environments: readonly string[],
): Pick<RoutingMap, "environments" | "referenced"> {
  const declared = new Map<string, { environment: string; node: RouteNode }[]>();
  for (const plan of plans) for (const node of plan.graph.nodes) declared.set(node.key, [...(declared.get(node.key) ?? []), { environment: plan.facts.environment, node }]);
  const known = new Set(plans.map((p) => p.facts.environment));
  const out = new Map<string, RouteEdge[]>();
  for (const edge of live.edges) out.set(edge.from, [...(out.get(edge.from) ?? []), edge]);

  const homes = new Map<string, Home>();
  const ownership = new Map<string, RouteNode["ownership"]>();
  for (const node of live.nodes.values()) {
    const plansOf = declared.get(node.key) ?? [];
    const owner = plansOf.find((p) => p.node.ownership === "owned");
    if (owner) homes.set(node.key, { environment: owner.environment });
    else if (plansOf.length > 0) homes.set(node.key, "shared");
    ownership.set(node.key, owner ? "owned" : plansOf.length > 0 ? "external" : node.kind === "sentry-project" || node.kind === "slack-channel" || node.kind === "splunk-index" ? "external" : "unowned");
  }
  const stated = (node: RouteNode): string | undefined => {
    const tag = node.facts.tags?.map((t) => /^env:(.+)$/.exec(t)?.[1]).find((e) => e && known.has(e));
    if (tag) return tag;
    const suffix = (out.get(node.key) ?? []).map((e) => live.nodes.get(e.to)?.label.split("-").pop()).find((e) => e && known.has(e));
    if (node.kind === "datadog-monitor" && suffix) return suffix;
    const sentryEnvironment = node.facts.sentryEnvironment;
    return sentryEnvironment ? plans.find((p) => p.facts.sentry?.environments.includes(sentryEnvironment))?.facts.environment : undefined;
  };
  const downstream = (key: string, seen = new Set<string>()): string | undefined => {
    for (const edge of out.get(key) ?? []) {
      if (seen.has(edge.to)) continue;
      seen.add(edge.to);
      const home = homes.get(edge.to);
      if (home && home !== "shared") return home.environment;
      const further = downstream(edge.to, seen);
      if (further) return further;
    }
    return undefined;
  };
  for (const node of live.nodes.values()) {
    if (homes.has(node.key)) continue;
    const environment = stated(node) ?? downstream(node.key);
    if (environment) homes.set(node.key, { environment });
  }

  const shown = environments.map((environment) => {
    const stack = plans.find((p) => p.facts.environment === environment)?.facts.stack ?? environment;
    const inside = new Set([...live.nodes.keys()].filter((k) => (homes.get(k) as { environment?: string } | undefined)?.environment === environment));
    // What this environment's nodes reach that is shared or belongs nowhere is shown in it too.
    const queue = [...inside];
    while (queue.length > 0) {
      for (const edge of out.get(queue.pop() as string) ?? []) {
        const home = homes.get(edge.to);
        if (inside.has(edge.to) || (home && home !== "shared")) continue;
        inside.add(edge.to);
        queue.push(edge.to);
      }
    }
    // Shared sources (a Sentry project) that route into this environment.
    for (const edge of live.edges) if (inside.has(edge.to) && homes.get(edge.from) === "shared") inside.add(edge.from);
    const edges = live.edges.flatMap((edge): EnvironmentGraph["edges"] => {
      if (!inside.has(edge.from)) return [];
      if (inside.has(edge.to)) return [edge];
      const home = homes.get(edge.to);
      return home && home !== "shared" && homes.get(edge.from) !== "shared" ? [{ ...edge, toEnvironment: home.environment }] : [];
    });
    const nodes = [...inside].map((key) => ({ ...(live.nodes.get(key) as RouteNode), ownership: ownership.get(key) ?? "unowned" }));
    return { environment, stack, nodes, edges };
  });
  const referenced = shown
    .flatMap((g) => g.edges)
    .filter((e) => e.toEnvironment && !environments.includes(e.toEnvironment))
    .map((e) => ({ environment: e.toEnvironment as string, node: { ...(live.nodes.get(e.to) as RouteNode), ownership: ownership.get(e.to) ?? "unowned" } }));
  return { environments: shown, referenced: [...new Map(referenced.map((r) => [r.node.key, r])).values()] };
}
