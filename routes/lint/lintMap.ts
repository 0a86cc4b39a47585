import { type EnvironmentGraph, type RouteNode, type RoutingMap, allNodes } from "../routingGraph";
import type { StackFacts } from "../stackFacts";
import { type Finding, describeNode } from "./finding";

type Rule = (graph: EnvironmentGraph, facts: StackFacts | undefined, at: (key: string) => RouteNode | undefined) => Omit<Finding, "environment">[];

/** Each lint rule: what it finds in one environment's map, with the objects and the fix. */
export const lintRules: Record<string, Rule> = {
  "handle-without-service-object": (graph, _facts, at) =>
    graph.nodes
      .filter((n) => n.kind === "datadog-handle" && !n.exists)
      .map((handle) => {
        const monitors = graph.edges.filter((e) => e.to === handle.key).map((e) => at(e.from) as RouteNode);
        return {
          rule: "handle-without-service-object",
          severity: "error",
          objects: [...monitors.map(describeNode), describeNode(handle)],
          message: `${monitors.map(describeNode).join(", ")} notifies ${handle.label}, which matches no Datadog service object or channel: the alert goes nowhere.`,
          fix: `create the service object ${handle.label} names (pulumi up the stack that owns the service), or correct the handle in the monitor's message.`,
          nodes: [handle.key, ...monitors.map((m) => m.key)],
        };
      }),

  "cross-environment-page": (graph, _facts, at) =>
    graph.edges
      .filter((e) => e.toEnvironment)
      .map((edge) => {
        const from = at(edge.from) as RouteNode;
        const to = at(edge.to) as RouteNode;
        return {
          rule: "cross-environment-page",
          severity: "error",
          objects: [describeNode(from), describeNode(to)],
          message: `${describeNode(from)} in ${graph.environment} routes to ${describeNode(to)} of ${edge.toEnvironment}: ${graph.environment}'s alerts page ${edge.toEnvironment}'s on-call.`,
          fix: `point it at ${graph.environment}'s own ${to.kind === "datadog-handle" ? "handle" : "target"} (its names carry ${graph.environment}), or move it into ${edge.toEnvironment}'s stack if it belongs there.`,
          nodes: [from.key, to.key],
        };
      }),

  "service-without-events-v2": (graph) =>
    graph.nodes
      .filter((n) => n.kind === "pagerduty-service" && n.exists && (n.facts.eventsV2 ?? []).length === 0)
      .map((service) => ({
        rule: "service-without-events-v2",
        severity: "error",
        objects: [describeNode(service)],
        message: `${describeNode(service)} has no Events API v2 integration: Datadog, Sentry and verify send to a routing key it does not have.`,
        fix: "add one (the service → Integrations → Events API v2), or pulumi up the stack that declares it.",
        nodes: [service.key],
      })),

  "service-without-escalation-target": (graph, _facts, at) =>
    graph.edges
      .map((e) => [at(e.from), at(e.to)] as const)
      .filter(([from, to]) => from?.kind === "pagerduty-service" && to?.kind === "escalation-policy" && (!to.exists || to.facts.targets === 0))
      .map(([service, policy]) => ({
        rule: "service-without-escalation-target",
        severity: "error",
        objects: [describeNode(service as RouteNode), describeNode(policy as RouteNode)],
        message: `${describeNode(service as RouteNode)} escalates to ${policy?.exists ? `${describeNode(policy)}, whose rules name no user or schedule` : `an escalation policy PagerDuty does not have (${policy?.label})`}: an incident opens and nobody is paged.`,
        fix: "give the policy a rule with a user or schedule (a deleted user leaves an empty rule), or move the service to a policy that has one.",
        nodes: [(service as RouteNode).key, (policy as RouteNode).key],
      })),

  "sentry-row-dangling": (graph, _facts, at) => [
    ...graph.edges
      .filter((e) => at(e.from)?.kind === "sentry-alert" && at(e.to)?.kind === "sentry-row" && !at(e.to)?.exists)
      .map((e) => {
        const alert = at(e.from) as RouteNode;
        const row = at(e.to) as RouteNode;
        return {
          rule: "sentry-row-dangling",
          severity: "error" as const,
          objects: [describeNode(alert), row.label],
          message: `${describeNode(alert)} pages ${row.label} of the ${row.facts.table === "opsgenie" ? "Opsgenie team" : "PagerDuty service"} table, which the table no longer has (deleted): Sentry drops the page.`,
          fix: "pulumi up the stack (it writes the row and points the alert at it), or edit the alert in Sentry.",
          nodes: [alert.key, row.key],
        };
      }),
    ...graph.nodes
      .filter((n) => n.kind === "sentry-row" && n.exists && !graph.edges.some((e) => e.from === n.key))
      .map((row) => ({
        rule: "sentry-row-dangling",
        severity: "error" as const,
        objects: [describeNode(row)],
        message:
          row.facts.table === "opsgenie"
            ? `${describeNode(row)} leads to no Opsgenie team: no integration named for it (operator-wiring ${row.label} for team …) is there.`
            : `${describeNode(row)} holds a routing key no PagerDuty Events v2 integration has (its service was deleted, or its key rotated without the row): Sentry's pages are dropped.`,
        fix: "pulumi up the stack that owns the row (it writes the current key), or delete the row in Sentry → Settings → Integrations.",
        nodes: [row.key],
      })),
  ],

  "duplicate-rows": (graph, _facts, at) => {
    const byService = new Map<string, RouteNode[]>();
    for (const edge of graph.edges) {
      const row = at(edge.from);
      if (row?.kind === "sentry-row" && at(edge.to)?.kind === "pagerduty-service") byService.set(edge.to, [...(byService.get(edge.to) ?? []), row]);
    }
    const found = [...byService].filter(([, rows]) => rows.length > 1).map(([service, rows]) => ({ service: at(service) as RouteNode, rows }));
    const sameLabel = graph.nodes.filter((n) => n.kind === "sentry-row" && (n.facts.rows ?? 1) > 1 && !found.some((f) => f.rows.includes(n)));
    return [
      ...found.map(({ service, rows }) => ({ objects: [...rows.map(describeNode), describeNode(service)], nodes: [service.key, ...rows.map((r) => r.key)], what: `${rows.length} rows of Sentry's PagerDuty table page ${describeNode(service)}` })),
      ...sameLabel.map((row) => ({ objects: [describeNode(row)], nodes: [row.key], what: `Sentry's ${row.facts.table === "opsgenie" ? "Opsgenie" : "PagerDuty"} table has ${row.facts.rows} rows labelled "${row.label}"` })),
    ].map(({ objects, nodes, what }) => ({
      rule: "duplicate-rows",
      severity: "warning" as const,
      objects,
      message: `${what}: an alert names one of them by id, and the other is stale or holds another key (a rotation that left the old row).`,
      fix: "keep the row the stack writes (pulumi up) and delete the other in Sentry → Settings → Integrations.",
      nodes,
    }));
  },

  "validation-monitor-published": (graph, facts) =>
    graph.nodes
      .filter((n) => n.kind === "datadog-monitor" && n.facts.validation && !n.facts.draft && !facts?.controlledIncidentTest)
      .map((monitor) => ({
        rule: "validation-monitor-published",
        severity: "error",
        objects: [describeNode(monitor)],
        message: `${describeNode(monitor)} is published outside a controlled incident test: when it fires it pages for real.`,
        fix: `set it back to draft (pulumi up does, unless operator-wiring:controlledIncidentTest is true in ${facts?.stack ?? graph.environment}).`,
        nodes: [monitor.key],
      })),

  "service-object-orphan": (graph, _facts, at) =>
    graph.edges
      .map((e) => [at(e.from), at(e.to)] as const)
      .filter(([from, to]) => from?.kind === "datadog-handle" && to?.kind === "pagerduty-service" && !to.exists)
      .map(([handle, service]) => ({
        rule: "service-object-orphan",
        severity: "error",
        objects: [describeNode(handle as RouteNode), describeNode(service as RouteNode)],
        message: `Datadog's PagerDuty service object behind ${(handle as RouteNode).label} names ${describeNode(service as RouteNode)}, which PagerDuty no longer has: monitors that notify it page nobody.`,
        fix: "delete the service object in Datadog (Integrations → PagerDuty), or restore the service and its Events v2 key (pulumi up the owning stack).",
        nodes: [(handle as RouteNode).key, (service as RouteNode).key],
      })),
};

/** Every rule over every environment of the map; an environment without a stack has no facts. */
export function lintMap(map: RoutingMap, facts: readonly StackFacts[]): Finding[] {
  // A cross-environment edge's target is in its own environment's graph, or among the referenced.
  const all = allNodes(map);
  return map.environments.flatMap((graph) => {
    const nodes = new Map(graph.nodes.map((n) => [n.key, n]));
    const at = (key: string) => nodes.get(key) ?? all.get(key);
    const stack = facts.find((f) => f.environment === graph.environment);
    return Object.values(lintRules).flatMap((rule) => rule(graph, stack, at).map((f) => ({ ...f, environment: graph.environment })));
  });
}
