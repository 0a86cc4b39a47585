import type { NodeKind, RouteNode } from "../routingGraph";

/** One problem the lint or the radar found: how bad, where, which objects, and what to do. */
export interface Finding {
  rule: string;
  /** `error`: alerts go astray or nowhere (exit 1). `warning`: works today, breaks later or confuses. */
  severity: "error" | "warning";
  environment: string;
  /** The objects involved, as the vendors name them. */
  objects: string[];
  message: string;
  fix: string;
  /** Node keys the picture marks with this finding's colour. */
  nodes: string[];
}

const kindTitles: Record<NodeKind, string> = {
  "sentry-project": "Sentry project",
  "sentry-alert": "Sentry alert",
  "sentry-row": "Sentry row",
  "datadog-monitor": "Datadog monitor",
  "datadog-handle": "Datadog handle",
  "pagerduty-service": "PagerDuty service",
  "escalation-policy": "PagerDuty escalation policy",
  "opsgenie-team": "Opsgenie team",
  "slack-channel": "Slack channel",
  "splunk-token": "Splunk HEC token",
  "splunk-index": "Splunk index",
};

/** `Datadog monitor "integration-validation …"`; a Sentry alert says which API holds it, a row which table. */
export function describeNode(node: RouteNode): string {
  if (node.kind === "sentry-alert") return `Sentry ${node.facts.api === "rules" ? "legacy rule" : "workflow"} "${node.label}"`;
  if (node.kind === "sentry-row") return `${node.facts.table === "opsgenie" ? "Sentry Opsgenie team-table" : "Sentry PagerDuty service-table"} row "${node.label}"`;
  return `${kindTitles[node.kind]} "${node.label}"`;
}
