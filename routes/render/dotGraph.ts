import type { Finding } from "../lint/finding";
import type { NodeKind, RouteNode, RoutingMap } from "../routingGraph";

/** Fill by ownership: the stack's own, what it uses, what it found and does not own. */
export const ownershipColours = { owned: "#cfe2ff", external: "#e9ecef", unowned: "#ffd8a8" } as const;
/** Border by the worst finding on a node. */
export const findingColours = { error: "#d62828", warning: "#f08c00" } as const;

const shapes: Record<NodeKind, string> = {
  "sentry-project": "folder",
  "sentry-alert": "note",
  "sentry-row": "box",
  "datadog-monitor": "note",
  "datadog-handle": "cds",
  "pagerduty-service": "box3d",
  "escalation-policy": "house",
  "opsgenie-team": "tab",
  "slack-channel": "component",
  "splunk-token": "cds",
  "splunk-index": "cylinder",
};

const vendorOf: Record<NodeKind, string> = {
  "sentry-project": "Sentry project",
  "sentry-alert": "Sentry workflow",
  "sentry-row": "Sentry row",
  "datadog-monitor": "Datadog monitor",
  "datadog-handle": "Datadog handle",
  "pagerduty-service": "PagerDuty service",
  "escalation-policy": "escalation policy",
  "opsgenie-team": "Opsgenie team",
  "slack-channel": "Slack channel",
  "splunk-token": "Splunk HEC token",
  "splunk-index": "Splunk index",
};

/** A DOT string: quoted, with what DOT would read otherwise escaped. */
const quote = (text: string): string => `"${text.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`;
/** Long names wrapped at spaces, so the boxes stay narrow. */
const wrap = (text: string, width = 28): string => text.replace(new RegExp(`(.{1,${width}})(\\s+|$)`, "g"), "$1\\n").replace(/\\n$/, "");

function nodeLine(id: string, node: RouteNode, findings: readonly Finding[]): string {
  const on = findings.filter((f) => f.nodes.includes(node.key));
  const worst = on.some((f) => f.severity === "error") ? "error" : on.length > 0 ? "warning" : undefined;
  const tags = [node.kind === "datadog-monitor" ? (node.facts.draft ? "draft" : "published") : "", node.exists ? "" : "missing", node.ownership === "owned" ? "" : node.ownership].filter(Boolean);
  const vendor = node.kind === "sentry-row" ? `Sentry ${node.facts.table === "opsgenie" ? "Opsgenie" : "PagerDuty"} row` : node.kind === "sentry-alert" && node.facts.api === "rules" ? "Sentry legacy rule" : vendorOf[node.kind];
  const label = `${vendor}\\n${wrap(node.label).replace(/"/g, '\\"')}${tags.length > 0 ? `\\n(${tags.join(", ")})` : ""}`;
  const attributes = [
    `label="${label}"`,
    `shape=${shapes[node.kind]}`,
    `style="filled${node.exists ? "" : ",dashed"}"`,
    `fillcolor="${ownershipColours[node.ownership]}"`,
    worst ? `color="${findingColours[worst]}", penwidth=3` : `color="#495057"`,
    worst ? `tooltip=${quote([...new Set(on.map((f) => `${f.severity}: ${f.rule}`))].join(", "))}` : "",
  ].filter(Boolean);
  return `    ${quote(id)} [${attributes.join(", ")}];`;
}

/**
 * The map as Graphviz DOT: one cluster per environment (and one per environment a route crosses
 * into), nodes filled by ownership and outlined by their worst finding, a cross-environment edge
 * in the error colour, and a legend.
 */
export function dotGraph(map: RoutingMap, findings: readonly Finding[]): string {
  const id = (environment: string, key: string) => `${environment}::${key}`;
  const lines = ["digraph routes {", '  graph [rankdir=LR, fontname="Helvetica", fontsize=12, nodesep=0.25, ranksep=0.5];', '  node [fontname="Helvetica", fontsize=10];', '  edge [color="#495057"];'];
  const clusters = new Map<string, RouteNode[]>();
  for (const graph of map.environments) clusters.set(graph.environment, graph.nodes);
  for (const { environment, node } of map.referenced ?? []) clusters.set(environment, [...(clusters.get(environment) ?? []), node]);
  // Graphviz stacks clusters bottom-up in the order it meets them: the first environment ends on top.
  [...clusters].reverse().forEach(([environment, nodes], i) => {
    const stack = map.environments.find((g) => g.environment === environment)?.stack;
    lines.push(`  subgraph cluster_${i} {`, `    label=${quote(stack ? `${environment} (stack ${stack}, ${map.source})` : `${environment} (not shown)`)};`, '    style="rounded"; color="#adb5bd";');
    for (const node of [...nodes].sort((a, b) => a.key.localeCompare(b.key))) lines.push(nodeLine(id(environment, node.key), node, findings));
    lines.push("  }");
  });
  for (const graph of map.environments) {
    for (const edge of graph.edges) {
      const to = id(edge.toEnvironment ?? graph.environment, edge.to);
      lines.push(`  ${quote(id(graph.environment, edge.from))} -> ${quote(to)}${edge.toEnvironment ? ` [color="${findingColours.error}", penwidth=2.5, label="crosses into ${edge.toEnvironment}", fontcolor="${findingColours.error}"]` : ""};`);
    }
  }
  lines.push(
    "  subgraph cluster_legend {",
    '    label="legend"; style="rounded"; color="#adb5bd"; fontsize=10;',
    ...Object.entries(ownershipColours).map(([ownership, colour]) => `    ${quote(`legend-${ownership}`)} [label=${quote(ownership)}, shape=box, style=filled, fillcolor="${colour}", color="#495057"];`),
    ...Object.entries(findingColours).map(([severity, colour]) => `    ${quote(`legend-${severity}`)} [label=${quote(severity === "error" ? "lint error" : "warning (lint or radar)")}, shape=box, style=filled, fillcolor="#ffffff", color="${colour}", penwidth=3];`),
    '    "legend-missing" [label="missing (pointed at, not there)", shape=box, style="filled,dashed", fillcolor="#ffffff", color="#495057"];',
    "  }",
    "}",
  );
  return `${lines.join("\n")}\n`;
}
