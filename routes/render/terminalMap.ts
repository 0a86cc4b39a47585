import Table from "cli-table3";
import type { Unread } from "../live/liveSources";
import { type Finding, describeNode } from "../lint/finding";
import { type EnvironmentGraph, type RouteNode, type RoutingMap, allNodes } from "../routingGraph";

/** What a node is besides its name: who owns it, whether it is there, a monitor's draft state. */
function marks(node: RouteNode, findings: readonly Finding[]): string {
  const parts: string[] = [];
  if (node.ownership !== "owned") parts.push(node.ownership);
  if (!node.exists) parts.push("MISSING");
  if (node.kind === "datadog-monitor") parts.push(node.facts.draft ? "draft" : "published");
  if (node.kind === "sentry-alert" && node.facts.enabled === false) parts.push("disabled");
  const rules = [...new Set(findings.filter((f) => f.nodes.includes(node.key)).map((f) => `${f.severity === "error" ? "✗" : "!"} ${f.rule}`))];
  return [parts.length > 0 ? ` (${parts.join(", ")})` : "", rules.length > 0 ? `  ${rules.join(" ")}` : ""].join("");
}

/**
 * One environment as a tree from its sources (what nothing in the environment routes to): each
 * route down to where it ends. A node met again shows as "(above)" instead of its subtree again.
 */
export function environmentTree(graph: EnvironmentGraph, all: ReadonlyMap<string, RouteNode>, findings: readonly Finding[]): string {
  const nodes = new Map(graph.nodes.map((n) => [n.key, n]));
  const targets = new Set(graph.edges.filter((e) => nodes.has(e.from)).map((e) => e.to));
  const roots = graph.nodes.filter((n) => !targets.has(n.key)).sort((a, b) => describeNode(a).localeCompare(describeNode(b)));
  const shown = new Set<string>();
  const lines = [`${graph.environment} (stack ${graph.stack})`];
  const walk = (key: string, prefix: string, last: boolean, elsewhere?: string) => {
    const node = nodes.get(key) ?? all.get(key);
    if (!node) return;
    const branch = `${prefix}${last ? "└─ " : "├─ "}`;
    const label = `${elsewhere ? `→ ${elsewhere}: ` : ""}${describeNode(node)}${marks(node, findings)}`;
    if (shown.has(key) || elsewhere) {
      lines.push(`${branch}${label}${elsewhere ? "" : " (above)"}`);
      return;
    }
    shown.add(key);
    lines.push(`${branch}${label}`);
    const children = graph.edges.filter((e) => e.from === key);
    children.forEach((edge, i) => walk(edge.to, `${prefix}${last ? "   " : "│  "}`, i === children.length - 1, edge.toEnvironment));
  };
  roots.forEach((root, i) => walk(root.key, "", i === roots.length - 1));
  return lines.join("\n");
}

/** Findings as a table: severity, environment, rule, objects, what is wrong and the fix. */
export function findingsTable(title: string, findings: readonly Finding[]): string {
  if (findings.length === 0) return `${title}: none.`;
  const table = new Table({ head: ["", "env", "rule", "objects", "what", "fix"], colWidths: [9, 9, 22, 34, 48, 44], wordWrap: true });
  for (const f of findings) table.push([f.severity, f.environment, f.rule, f.objects.join("\n"), f.message, f.fix]);
  return `${title}:\n${table.toString()}`;
}

/** The whole report: each environment's tree, the lint's findings, the radar, and what could not be read. */
export function terminalReport(map: RoutingMap, lint: readonly Finding[], radar: readonly Finding[], unread: readonly Unread[]): string {
  const all = allNodes(map);
  const findings = [...lint, ...radar];
  return [
    ...map.environments.map((g) => environmentTree(g, all, findings)),
    ...(unread.length > 0 ? [`Not read (the map lacks what these hold):\n${unread.map((u) => `  - ${u.vendor}: ${u.reason}`).join("\n")}`] : []),
    findingsTable("Lint", lint),
    findingsTable("Deprecation radar", radar),
  ].join("\n\n");
}
