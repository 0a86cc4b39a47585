/**
 * The routing map's model: nodes (what routes or receives an alert) and edges (who pages whom),
 * per environment. A node's key is what identifies the object across a plan and a live read
 * (its kind and the name the vendor shows; ids differ), so the offline and the live map compare
 * key for key.
 */

export type NodeKind =
  | "sentry-project"
  | "sentry-alert"
  | "sentry-row"
  | "datadog-monitor"
  | "datadog-handle"
  | "pagerduty-service"
  | "escalation-policy"
  | "opsgenie-team"
  | "slack-channel"
  | "splunk-token"
  | "splunk-index";

/**
 * `owned`: the stack creates it. `external`: the stack uses it but does not create it (an existing
 * escalation policy, an adopted Opsgenie team, a Sentry project, a Slack channel, a Splunk
 * index). `unowned`: found in the vendor, routing into the stack's objects, declared by no stack.
 */
export type Ownership = "owned" | "external" | "unowned";

export interface NodeFacts {
  /** Monitors: a draft cannot notify. */
  draft?: boolean;
  /** Monitors: one of the stack's validation monitors (or named like one). */
  validation?: boolean;
  tags?: string[];
  createdAt?: string;
  /** Sentry alerts: which API holds them, whether enabled, the Sentry environment they filter on. */
  api?: "workflows" | "rules";
  enabled?: boolean;
  sentryEnvironment?: string | null;
  /** Sentry rows: which integration's table, and how many rows of it carry this label. */
  table?: "pagerduty" | "opsgenie";
  rows?: number;
  /** PagerDuty services: their Events API v2 integrations. */
  eventsV2?: { name: string; createdAt?: string }[];
  status?: string;
  /** Escalation policies: how many targets their rules name (undefined: not known offline). */
  targets?: number;
}

export interface RouteNode {
  key: string;
  kind: NodeKind;
  label: string;
  ownership: Ownership;
  /** false: something points at it, but the vendor does not have it (a handle without its service object, a deleted row). */
  exists: boolean;
  facts: NodeFacts;
}

export interface RouteEdge {
  from: string;
  to: string;
}

/** Every node and edge of one inventory (one stack's plan, or the accounts as read). */
export interface AccountGraph {
  nodes: Map<string, RouteNode>;
  edges: RouteEdge[];
}

export interface EnvironmentGraph {
  environment: string;
  /** The stack whose map this is (the committed stack file's name). */
  stack: string;
  nodes: RouteNode[];
  /** Edges from this environment's nodes; `toEnvironment` when the target is another environment's. */
  edges: (RouteEdge & { toEnvironment?: string })[];
}

export interface RoutingMap {
  source: "offline" | "live";
  environments: EnvironmentGraph[];
  /** Nodes of environments not shown that a shown one routes to (a cross-environment page). */
  referenced?: { environment: string; node: RouteNode }[];
}

export const nodeKey = {
  project: (slug: string) => `sentry-project:${slug}`,
  alert: (api: string, name: string) => `sentry-alert:${api}:${name}`,
  row: (table: string, label: string) => `sentry-row:${table}:${label}`,
  missingRow: (table: string, id: string) => `sentry-row:${table}:#${id}`,
  monitor: (name: string) => `datadog-monitor:${name}`,
  /** Datadog compares handles without regard to case. */
  handle: (handle: string) => `datadog-handle:${handle.toLowerCase()}`,
  service: (name: string) => `pagerduty-service:${name}`,
  policy: (name: string) => `escalation-policy:${name}`,
  team: (name: string) => `opsgenie-team:${name}`,
  channel: (account: string, channel: string) => `slack-channel:${account.toLowerCase()}/${channel.replace(/^#/, "")}`,
  token: (name: string) => `splunk-token:${name}`,
  index: (name: string) => `splunk-index:${name}`,
};

/** Nodes and edges added once each, whatever order the builder meets them in. */
export class GraphBuilder {
  readonly graph: AccountGraph = { nodes: new Map(), edges: [] };
  readonly #edges = new Set<string>();

  node(node: Omit<RouteNode, "facts" | "exists"> & { facts?: NodeFacts; exists?: boolean }): string {
    const found = this.graph.nodes.get(node.key);
    if (!found) this.graph.nodes.set(node.key, { exists: true, facts: {}, ...node });
    else if (node.exists !== false) found.exists = true;
    return node.key;
  }

  edge(from: string, to: string): void {
    const id = `${from}\n${to}`;
    if (this.#edges.has(id)) return;
    this.#edges.add(id);
    this.graph.edges.push({ from, to });
  }
}

/** `owned` when the plan creates it, `external` when it only uses it, `unowned` when no plan says (a live read). */
export function ownershipOf(owned: boolean | undefined): Ownership {
  return owned === undefined ? "unowned" : owned ? "owned" : "external";
}

/** The same map with nodes and edges in a fixed order: two maps compare with a deep equality. */
export function sortedEnvironment(graph: EnvironmentGraph): EnvironmentGraph {
  const edgeText = (e: RouteEdge & { toEnvironment?: string }) => `${e.from}\n${e.to}\n${e.toEnvironment ?? ""}`;
  return {
    ...graph,
    nodes: [...graph.nodes].sort((a, b) => a.key.localeCompare(b.key)),
    edges: [...graph.edges].sort((a, b) => edgeText(a).localeCompare(edgeText(b))),
  };
}

/** Every node of the map by key, those of other environments it references included: where a crossing edge's target is found. */
export function allNodes(map: RoutingMap): Map<string, RouteNode> {
  return new Map([...map.environments.flatMap((g) => g.nodes), ...(map.referenced ?? []).map((r) => r.node)].map((n) => [n.key, n] as const));
}
