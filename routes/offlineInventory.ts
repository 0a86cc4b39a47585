import type { DeclaredInvoke } from "../plan/recordingMocks";
import { RecordingMocks, plainValue } from "../plan/recordingMocks";
import type { PlannedResource } from "../plan/evaluateStack";
import { type Inventory, emptyInventory } from "./inventory";
import { ruleActionRecords } from "./sentryAlertActions";

/** The state the offline plan's mocks gave a resource: its id and generated values, as placeholders. */
function plannedState(resource: PlannedResource): { id: string; state: Record<string, unknown> } {
  return new RecordingMocks().newResource({ type: resource.type, name: resource.name, inputs: {}, custom: true });
}

/**
 * What the vendors would hold after a `pulumi up` of this plan, in the inventory's shape. Needs
 * the plan evaluated in this process (secret inputs readable: a Sentry row's routing key is the
 * placeholder of the integration it follows). Looked-up and adopted objects are `owned: false`.
 */
export function offlineInventory(resources: readonly PlannedResource[], invokes: readonly DeclaredInvoke[]): Inventory {
  const inventory = emptyInventory();
  const inputsOf = (r: PlannedResource) => plainValue(r.inputs) as Record<string, any>;
  const byType = (type: string) => resources.filter((r) => r.type === type);
  const idOf = (r: PlannedResource) => plannedState(r).id;

  for (const invoke of invokes.filter((i) => i.token === "pagerduty:index/getEscalationPolicy:getEscalationPolicy")) {
    const name = String(invoke.args.name);
    inventory.pagerduty.escalationPolicies.push({ id: new RecordingMocks().call({ token: invoke.token, inputs: invoke.args } as never).id as string, name, owned: false });
  }
  for (const r of byType("pagerduty:index/escalationPolicy:EscalationPolicy")) {
    const inputs = inputsOf(r);
    const targets = (inputs.rules as { targets: unknown[] }[]).reduce((n, rule) => n + rule.targets.length, 0);
    inventory.pagerduty.escalationPolicies.push({ id: idOf(r), name: inputs.name, targets, owned: true });
  }
  const integrations = byType("pagerduty:index/serviceIntegration:ServiceIntegration").map((r) => ({ resource: r, inputs: inputsOf(r), state: plannedState(r) }));
  for (const r of byType("pagerduty:index/service:Service")) {
    const inputs = inputsOf(r);
    const id = idOf(r);
    inventory.pagerduty.services.push({
      id,
      name: inputs.name,
      status: "active",
      escalationPolicyId: inputs.escalationPolicy,
      integrations: integrations
        .filter((i) => i.inputs.service === id)
        .map((i) => ({ id: i.state.id, type: i.inputs.type, name: i.inputs.name, key: String(i.state.state.integrationKey) })),
      owned: true,
    });
  }

  for (const r of byType("datadog:pagerduty/serviceObject:ServiceObject")) inventory.datadog.pagerdutyServiceObjects.push({ name: inputsOf(r).serviceName, owned: true });
  for (const r of byType("datadog:opsgenie/serviceObject:ServiceObject")) inventory.datadog.opsgenieServiceObjects.push({ name: inputsOf(r).name, owned: true });
  for (const r of byType("datadog:slack/channel:Channel")) inventory.datadog.slackChannels.push({ account: inputsOf(r).accountName, channel: inputsOf(r).channelName, owned: true });
  for (const r of byType("datadog:index/monitor:Monitor")) {
    const inputs = inputsOf(r);
    inventory.datadog.monitors.push({ id: idOf(r), name: inputs.name, message: inputs.message ?? "", tags: inputs.tags ?? [], draft: inputs.draftStatus === "draft", owned: true });
  }

  const teamNames = new Map<string, string>();
  for (const r of byType("pulumi-nodejs:dynamic/opsgenie:Team")) {
    const inputs = inputsOf(r);
    teamNames.set(String(new RecordingMocks().newResource({ type: r.type, name: r.name, inputs: { name: inputs.name }, custom: true }).state.teamId), inputs.name);
    inventory.opsgenie.teams.push({ id: idOf(r), name: inputs.name, owned: !inputs.adopt });
  }
  for (const r of byType("pulumi-nodejs:dynamic/opsgenie:ApiIntegration")) {
    const inputs = inputsOf(r);
    inventory.opsgenie.integrations.push({ name: inputs.name, team: teamNames.get(inputs.teamId) ?? null, owned: true });
  }

  for (const r of byType("pulumi-nodejs:dynamic/sentry:ServiceTableRow")) {
    const inputs = inputsOf(r);
    inventory.sentry.organization = inputs.organization;
    inventory.sentry.pagerdutyRows.push({ id: String(plannedState(r).state.rowId), label: inputs.service, key: inputs.integrationKey, owned: true });
  }
  for (const r of byType("pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow")) {
    const inputs = inputsOf(r);
    inventory.sentry.opsgenieRows.push({ id: String(plannedState(r).state.rowId), label: inputs.team, key: inputs.integrationKey, owned: true });
  }
  // Offline no one says which Slack workspace Sentry has; the program picks the one named like the route's account, as Datadog's channel names it.
  const accountOfChannel = new Map(inventory.datadog.slackChannels.map((c) => [c.channel.replace(/^#/, ""), c.account]));
  for (const r of byType("pulumi-nodejs:dynamic/sentry:Workflow")) {
    const inputs = inputsOf(r);
    const slack = (inputs.slack ?? []) as { integrationId: string; channel: string }[];
    for (const s of slack) inventory.sentry.slackWorkspaces[s.integrationId] ??= accountOfChannel.get(s.channel.replace(/^#/, "")) ?? "Slack";
    inventory.sentry.alerts.push({
      id: idOf(r),
      name: inputs.name,
      api: "workflows",
      enabled: true,
      environment: inputs.environment ?? null,
      projects: [inputs.project],
      actions: [
        { type: "pagerduty", target: inputs.pagerduty.rowId, integrationId: inputs.pagerduty.integrationId },
        ...(inputs.opsgenie ? [{ type: "opsgenie" as const, target: inputs.opsgenie.teamRowId, integrationId: inputs.opsgenie.integrationId }] : []),
        ...slack.map((s) => ({ type: "slack" as const, target: s.channel.replace(/^#/, ""), integrationId: s.integrationId })),
      ],
      owned: true,
    });
  }
  for (const r of byType("sentry:index/sentryIssueAlert:SentryIssueAlert")) {
    const inputs = inputsOf(r);
    const actions = ruleActionRecords(inputs.actions ?? []);
    for (const a of actions.filter((x) => x.type === "slack")) inventory.sentry.slackWorkspaces[a.integrationId] ??= accountOfChannel.get(a.target) ?? "Slack";
    inventory.sentry.alerts.push({ id: idOf(r), name: inputs.name, api: "rules", enabled: true, environment: inputs.environment ?? null, projects: [inputs.project], actions, owned: true });
  }

  for (const r of byType("pulumi-nodejs:dynamic/splunk:HecToken")) inventory.splunk.tokens.push({ name: inputsOf(r).name, index: inputsOf(r).defaultIndex, owned: true });
  return inventory;
}
