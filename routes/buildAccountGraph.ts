import { isValidationMonitor, opsgenieHandle, opsgenieIntegrationNamed, pagerdutyHandle, serviceSlug, slackHandle } from "../config/naming";
import { eventsV2IntegrationType as eventsV2 } from "../vendors/pagerduty/pagerdutyApi";
import { notificationHandles } from "../vendors/datadog/datadogApi";
import type { Inventory } from "./inventory";
import { type AccountGraph, GraphBuilder, nodeKey, ownershipOf } from "./routingGraph";


/**
 * Where a stack-named Opsgenie integration leads: Opsgenie and Datadog never show an integration's
 * key after it was made, so the link from a Sentry team row (labelled with the PagerDuty service
 * name) or a Datadog Opsgenie service object (`<service-slug>-<env>`) to the owner team follows
 * the stack's naming (config/naming.ts, opsgenieIntegrationName). A route made by hand under
 * another name ends at its row or handle.
 */
function opsgenieTeamsByName(inventory: Inventory): { byRowLabel: Map<string, string>; byServiceObject: Map<string, string> } {
  const byRowLabel = new Map<string, string>();
  const byServiceObject = new Map<string, string>();
  for (const integration of inventory.opsgenie.integrations) {
    const named = opsgenieIntegrationNamed(integration.name);
    if (!named || !integration.team) continue;
    byRowLabel.set(named.pagerdutyServiceName, integration.team);
    byServiceObject.set(serviceSlug(named.pagerdutyServiceName), integration.team);
  }
  return { byRowLabel, byServiceObject };
}

/**
 * The one builder of the routing map, for the offline plan and the live read alike: source
 * (Sentry project and alert, Datadog monitor) → row or handle → PagerDuty service → escalation
 * policy; Opsgenie team; Slack channel; Splunk token → index. A PagerDuty row links by its
 * routing key (what Sentry sends with), a Datadog PagerDuty handle by the service name (Datadog's
 * key is write-only). Something pointed at that is not there is a node with `exists: false`.
 */
export function buildAccountGraph(inventory: Inventory): AccountGraph {
  const g = new GraphBuilder();
  const teams = opsgenieTeamsByName(inventory);
  const team = (name: string) => {
    const found = inventory.opsgenie.teams.find((t) => t.name === name);
    return g.node({ key: nodeKey.team(name), kind: "opsgenie-team", label: name, ownership: ownershipOf(found?.owned), exists: found !== undefined });
  };

  const policies = new Map(inventory.pagerduty.escalationPolicies.map((p) => [p.id, p]));
  const serviceByName = new Map(inventory.pagerduty.services.map((s) => [s.name, s]));
  for (const service of inventory.pagerduty.services) {
    const v2 = service.integrations.filter((i) => i.type === eventsV2);
    const key = g.node({
      key: nodeKey.service(service.name),
      kind: "pagerduty-service",
      label: service.name,
      ownership: ownershipOf(service.owned),
      facts: { status: service.status, eventsV2: v2.map((i) => (i.createdAt ? { name: i.name, createdAt: i.createdAt } : { name: i.name })) },
    });
    const policy = policies.get(service.escalationPolicyId);
    const policyKey = g.node({
      key: nodeKey.policy(policy?.name ?? service.escalationPolicyId),
      kind: "escalation-policy",
      label: policy?.name ?? service.escalationPolicyId,
      ownership: ownershipOf(policy?.owned),
      exists: policy !== undefined,
      facts: policy?.targets === undefined ? {} : { targets: policy.targets },
    });
    g.edge(key, policyKey);
  }
  const serviceNode = (name: string) =>
    serviceByName.has(name) ? nodeKey.service(name) : g.node({ key: nodeKey.service(name), kind: "pagerduty-service", label: name, ownership: "unowned", exists: false });

  // Sentry: rows first (alerts point at them by id), then alerts with their projects. Rows of one
  // label are one node, counted: Sentry keeps both, and an alert names one of them by id.
  const rowsById = new Map<string, string>();
  const rowCount = (rows: { label: string }[], label: string) => rows.filter((r) => r.label === label).length;
  for (const row of inventory.sentry.pagerdutyRows) {
    const facts = { table: "pagerduty" as const, rows: rowCount(inventory.sentry.pagerdutyRows, row.label) };
    const key = g.node({ key: nodeKey.row("pagerduty", row.label), kind: "sentry-row", label: row.label, ownership: ownershipOf(row.owned), facts });
    rowsById.set(`pagerduty:${row.id}`, key);
    const target = inventory.pagerduty.services.find((s) => s.integrations.some((i) => i.type === eventsV2 && i.key === row.key));
    if (target) g.edge(key, nodeKey.service(target.name));
  }
  for (const row of inventory.sentry.opsgenieRows) {
    const facts = { table: "opsgenie" as const, rows: rowCount(inventory.sentry.opsgenieRows, row.label) };
    const key = g.node({ key: nodeKey.row("opsgenie", row.label), kind: "sentry-row", label: row.label, ownership: ownershipOf(row.owned), facts });
    rowsById.set(`opsgenie:${row.id}`, key);
    const owner = teams.byRowLabel.get(row.label);
    if (owner) g.edge(key, team(owner));
  }
  for (const alert of inventory.sentry.alerts) {
    const key = g.node({
      key: nodeKey.alert(alert.api, alert.name),
      kind: "sentry-alert",
      label: alert.name,
      ownership: ownershipOf(alert.owned),
      facts: { api: alert.api, enabled: alert.enabled, sentryEnvironment: alert.environment },
    });
    for (const project of alert.projects) g.edge(g.node({ key: nodeKey.project(project), kind: "sentry-project", label: project, ownership: "external" }), key);
    for (const action of alert.actions) {
      if (action.type === "slack") {
        const workspace = inventory.sentry.slackWorkspaces[action.integrationId] ?? `Slack integration ${action.integrationId}`;
        g.edge(key, g.node({ key: nodeKey.channel(workspace, action.target), kind: "slack-channel", label: `${workspace} #${action.target}`, ownership: "external" }));
        continue;
      }
      const row =
        rowsById.get(`${action.type}:${action.target}`) ??
        g.node({ key: nodeKey.missingRow(action.type, action.target), kind: "sentry-row", label: `row ${action.target}`, ownership: "unowned", exists: false, facts: { table: action.type } });
      g.edge(key, row);
    }
  }

  // Datadog: the handles its service objects and channels make, then the monitors that mention them.
  for (const object of inventory.datadog.pagerdutyServiceObjects) {
    const handle = pagerdutyHandle(object.name);
    g.edge(g.node({ key: nodeKey.handle(handle), kind: "datadog-handle", label: handle, ownership: ownershipOf(object.owned) }), serviceNode(object.name));
  }
  for (const object of inventory.datadog.opsgenieServiceObjects) {
    const handle = opsgenieHandle(object.name);
    const key = g.node({ key: nodeKey.handle(handle), kind: "datadog-handle", label: handle, ownership: ownershipOf(object.owned) });
    const owner = teams.byServiceObject.get(object.name);
    if (owner) g.edge(key, team(owner));
  }
  for (const channel of inventory.datadog.slackChannels) {
    const name = channel.channel.replace(/^#/, "");
    const handle = slackHandle(channel.account, name);
    const key = g.node({ key: nodeKey.handle(handle), kind: "datadog-handle", label: handle, ownership: ownershipOf(channel.owned) });
    g.edge(key, g.node({ key: nodeKey.channel(channel.account, name), kind: "slack-channel", label: `${channel.account} #${name}`, ownership: "external" }));
  }
  for (const monitor of inventory.datadog.monitors) {
    const mentioned = notificationHandles(monitor.message);
    if (mentioned.length === 0) continue;
    const key = g.node({
      key: nodeKey.monitor(monitor.name),
      kind: "datadog-monitor",
      label: monitor.name,
      ownership: ownershipOf(monitor.owned),
      facts: {
        draft: monitor.draft,
        validation: isValidationMonitor(monitor.name, monitor.tags),
        tags: monitor.tags,
        ...(monitor.createdAt ? { createdAt: monitor.createdAt } : {}),
      },
    });
    for (const { handle } of mentioned) {
      g.edge(key, g.node({ key: nodeKey.handle(handle), kind: "datadog-handle", label: handle, ownership: "unowned", exists: false }));
    }
  }

  for (const token of inventory.splunk.tokens) {
    const key = g.node({ key: nodeKey.token(token.name), kind: "splunk-token", label: token.name, ownership: ownershipOf(token.owned) });
    g.edge(key, g.node({ key: nodeKey.index(token.index), kind: "splunk-index", label: token.index, ownership: "external" }));
  }
  return g.graph;
}
