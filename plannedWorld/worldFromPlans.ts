import { assignedAtDeploy, replaceStrings } from "../plan/recordingMocks";
import { type PlannedResource, type PlannedStack, type StackFacts, worldSentryIntegrations } from "./plannedStack";
import { worldIds } from "./worldIds";

type Ok = Extract<PlannedStack, { ok: true }>;
type Json = Record<string, unknown>;

/** One Sentry alert to create once the seeds are in (its project's detector id comes from the mock). */
export interface WorldSentryAlert {
  organization: string;
  project: string;
  /** The resource it stands for, and whose id the outputs name. */
  resource: string;
  stack: string;
  kind: "workflow" | "rule";
  body: Json;
}

/** One stack as deployed into the world: its facts and its outputs, as `pulumi stack output --show-secrets` would print them. */
export interface WorldStack {
  stack: string;
  facts: StackFacts;
  outputs: Json;
}

/** The mocks' state for the committed stacks together, and what each stack's `pulumi up` would have given. */
export interface MockWorld {
  seeds: { pagerduty: Json; datadog: Json; opsgenie: Json; slack: Json; sentry: Json };
  sentryAlerts: WorldSentryAlert[];
  stacks: WorldStack[];
}

/** Sentry project ids of the world (above the Sentry mock's own `mock-project`, id 1). */
const firstProjectId = 1001;
/** Datadog monitor ids of the world. */
const firstMonitorId = 200_000_001;

const byType = (plan: Ok, type: string): PlannedResource[] => plan.resources.filter((r) => r.type === type);
const policyPlaceholder = (name: string) => `(escalation policy "${name}": looked up at deploy)`;

/**
 * What a deploy assigns in one stack, by the offline plan's placeholder: every resource's id, the
 * routing keys PagerDuty generates, the Opsgenie keys and team ids, the Sentry row ids. Team ids
 * and looked-up policies are keyed by name (one team or policy whatever stack names it); row ids
 * draw on the organization's one counter.
 */
function assignedValues(plan: Ok, rowIds: { next: number }, monitorIds: { next: number }): Map<string, string> {
  const stack = plan.facts.stack;
  const values = new Map<string, string>();
  for (const r of plan.resources) {
    // The Sentry mock assigns these when seedWorld creates them.
    if (r.type === "pulumi-nodejs:dynamic/sentry:Workflow" || r.type === "sentry:index/sentryIssueAlert:SentryIssueAlert") continue;
    const seed = `${stack}/${r.name}`;
    const id =
      r.type.startsWith("pagerduty:") ? worldIds.pagerduty(seed)
      : r.type === "datadog:index/monitor:Monitor" ? String(monitorIds.next++)
      : r.type === "pulumi-nodejs:dynamic/opsgenie:ApiIntegration" ? worldIds.uuid(`integration:${seed}`)
      : worldIds.uuid(seed);
    values.set(assignedAtDeploy(`${r.name} id`), id);
    if (r.type === "pagerduty:index/serviceIntegration:ServiceIntegration") values.set(`offline-routing-key-for-${r.name}`, worldIds.routingKey(seed));
    if (r.type === "pulumi-nodejs:dynamic/opsgenie:ApiIntegration") values.set(`offline-opsgenie-key-for-${r.name}`, worldIds.uuid(`key:${seed}`));
    if (r.type === "pulumi-nodejs:dynamic/splunk:HecToken") values.set(`offline-hec-token-for-${r.name}`, worldIds.uuid(`hec:${seed}`));
    if (r.type === "pulumi-nodejs:dynamic/opsgenie:Team") values.set(assignedAtDeploy(`team "${String(r.inputs.name)}" id`), worldIds.uuid(`team:${String(r.inputs.name)}`));
    if (r.type === "pulumi-nodejs:dynamic/sentry:ServiceTableRow") values.set(assignedAtDeploy(`${r.name} row id`), String(rowIds.next++));
    if (r.type === "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow") values.set(assignedAtDeploy(`${r.name} row id`), `${worldSentryIntegrations.opsgenie}-${String(r.inputs.team)}`);
  }
  for (const name of plan.lookedUpPolicies) values.set(policyPlaceholder(name), worldIds.pagerduty(`policy:${name}`));
  return values;
}

function pagerdutySeed(plans: { plan: Ok; resolve: (v: unknown) => any }[]): Json {
  const policies = new Map<string, Json>();
  const services: Json[] = [];
  const slackConnections: Json[] = [];
  for (const { plan, resolve } of plans) {
    for (const name of plan.lookedUpPolicies) policies.set(name, { id: worldIds.pagerduty(`policy:${name}`), name });
    for (const r of byType(plan, "pagerduty:index/escalationPolicy:EscalationPolicy")) policies.set(String(r.inputs.name), { id: resolve(assignedAtDeploy(`${r.name} id`)), name: r.inputs.name });
    const integrations = byType(plan, "pagerduty:index/serviceIntegration:ServiceIntegration").map((r) => ({ r, inputs: resolve(r.inputs) }));
    for (const r of byType(plan, "pagerduty:index/service:Service")) {
      const id = resolve(assignedAtDeploy(`${r.name} id`));
      const inputs = resolve(r.inputs);
      services.push({
        id,
        name: inputs.name,
        escalation_policy: inputs.escalationPolicy,
        integrations: integrations.filter((i) => i.inputs.service === id).map((i) => ({ id: resolve(assignedAtDeploy(`${i.r.name} id`)), name: i.inputs.name, integration_key: resolve(`offline-routing-key-for-${i.r.name}`) })),
      });
    }
    for (const r of byType(plan, "pagerduty:index/slackConnection:SlackConnection")) {
      const inputs = resolve(r.inputs);
      const route = plan.facts.services.flatMap((s) => s.slackRoutes).find((route) => route.channelId === inputs.channelId);
      slackConnections.push({
        id: resolve(assignedAtDeploy(`${r.name} id`)),
        source_id: inputs.sourceId,
        workspace_id: inputs.workspaceId,
        channel_id: inputs.channelId,
        channel_name: route?.channel.replace(/^#/, "") ?? "",
        events: inputs.configs?.[0]?.events,
        notification_type: inputs.notificationType,
      });
    }
  }
  // Every routing key of the account is known here, so an unknown one is refused as PagerDuty does.
  return { escalation_policies: [...policies.values()], services, slackConnections, unknownRoutingKeys: "refuse" };
}

function datadogSeed(plans: { plan: Ok; resolve: (v: unknown) => any }[]): Json {
  const pagerdutyServices: Json[] = [];
  const opsgenieServices: Json[] = [];
  const slackChannels: Json[] = [];
  const monitors: Json[] = [];
  for (const { plan, resolve } of plans) {
    for (const r of byType(plan, "datadog:pagerduty/serviceObject:ServiceObject").map((r) => resolve(r.inputs))) pagerdutyServices.push({ service_name: r.serviceName, service_key: r.serviceKey });
    for (const r of byType(plan, "datadog:opsgenie/serviceObject:ServiceObject").map((r) => resolve(r.inputs))) opsgenieServices.push({ name: r.name, region: r.region, opsgenie_api_key: r.opsgenieApiKey });
    for (const r of byType(plan, "datadog:slack/channel:Channel").map((r) => resolve(r.inputs))) slackChannels.push({ account: r.accountName, channel_name: r.channelName });
    for (const r of byType(plan, "datadog:index/monitor:Monitor")) {
      const m = resolve(r.inputs);
      monitors.push({
        id: Number(resolve(assignedAtDeploy(`${r.name} id`))),
        type: m.type,
        query: m.query,
        name: m.name,
        message: m.message,
        tags: m.tags,
        priority: m.priority === undefined ? null : Number(m.priority),
        draft_status: m.draftStatus,
        options: { thresholds: { critical: Number(m.monitorThresholds?.critical) }, include_tags: m.includeTags, notify_no_data: m.notifyNoData },
      });
    }
  }
  return { pagerdutyIntegrationActive: true, pagerdutyServices, opsgenieServices, slackChannels, monitors };
}

function opsgenieSeed(plans: { plan: Ok; resolve: (v: unknown) => any }[]): Json {
  const teams = new Map<string, Json>();
  const integrations: Json[] = [];
  const regions = new Set(plans.flatMap(({ plan }) => (plan.facts.opsgenie ? [plan.facts.opsgenie.region] : [])));
  if (regions.size > 1) throw new Error(`the stacks use Opsgenie in both regions (${[...regions].join(", ")}); the planned world has one Opsgenie mock`);
  for (const { plan, resolve } of plans) {
    for (const r of byType(plan, "pulumi-nodejs:dynamic/opsgenie:Team")) {
      const name = String(r.inputs.name);
      teams.set(name, { id: worldIds.uuid(`team:${name}`), name, description: r.inputs.adopt ? "adopted by the stack, created by hand" : "Managed by operator-wiring." });
    }
    for (const r of byType(plan, "pulumi-nodejs:dynamic/opsgenie:ApiIntegration")) {
      const inputs = resolve(r.inputs);
      const team = [...teams.values()].find((t) => t.id === inputs.teamId);
      integrations.push({ id: resolve(assignedAtDeploy(`${r.name} id`)), name: inputs.name, apiKey: resolve(`offline-opsgenie-key-for-${r.name}`), team: team?.name });
    }
  }
  return { region: [...regions][0] ?? "us", teams: [...teams.values()], integrations, strictTeams: true };
}

/** Slack as an operator set it up: each routes' account a workspace (PagerDuty's connected one keeps its id), each channel with its id. */
function slackSeed(plans: Ok[]): Json {
  const workspaces = new Map<string, { id: string; name: string; channels: Map<string, Json> }>();
  for (const plan of plans) {
    for (const route of plan.facts.services.flatMap((s) => s.slackRoutes)) {
      const workspace = workspaces.get(route.account) ?? { id: plan.facts.pagerdutySlackWorkspaceId ?? worldIds.slack("T", route.account), name: route.account, channels: new Map() };
      if (plan.facts.pagerdutySlackWorkspaceId) workspace.id = plan.facts.pagerdutySlackWorkspaceId;
      const name = route.channel.replace(/^#/, "");
      workspace.channels.set(name, { id: route.channelId ?? worldIds.slack("C", `${route.account}/${name}`), name });
      workspaces.set(route.account, workspace);
    }
  }
  return { workspaces: [...workspaces.values()].map((w) => ({ id: w.id, name: w.name, channels: [...w.channels.values()] })) };
}

function sentrySeed(plans: { plan: Ok; resolve: (v: unknown) => any }[], slack: Json): { seed: Json; alerts: WorldSentryAlert[] } {
  const orgs = new Map<string, { projects: Set<string>; environments: Set<string>; serviceTable: Json[]; teamTable: Json[]; pagerdutyName?: string }>();
  const alerts: WorldSentryAlert[] = [];
  for (const { plan, resolve } of plans) {
    const sentry = plan.facts.sentry;
    if (!sentry) continue;
    const org = orgs.get(sentry.organization) ?? { projects: new Set(), environments: new Set(), serviceTable: [], teamTable: [] };
    org.pagerdutyName ??= sentry.pagerdutyIntegrationName;
    for (const service of plan.facts.services) {
      if (!service.sentry) continue;
      org.projects.add(service.sentry.project);
      if (service.sentry.environment) org.environments.add(service.sentry.environment);
    }
    for (const r of byType(plan, "pulumi-nodejs:dynamic/sentry:ServiceTableRow")) {
      const inputs = resolve(r.inputs);
      org.serviceTable.push({ id: Number(resolve(assignedAtDeploy(`${r.name} row id`))), service: inputs.service, integration_key: inputs.integrationKey });
    }
    for (const r of byType(plan, "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow")) {
      const inputs = resolve(r.inputs);
      org.teamTable.push({ id: resolve(assignedAtDeploy(`${r.name} row id`)), team: inputs.team, integration_key: inputs.integrationKey });
    }
    for (const r of byType(plan, "pulumi-nodejs:dynamic/sentry:Workflow")) {
      alerts.push({ organization: sentry.organization, project: String(r.inputs.project), resource: r.name, stack: plan.facts.stack, kind: "workflow", body: resolve(plan.workflowBodies[r.name]) });
    }
    for (const r of byType(plan, "sentry:index/sentryIssueAlert:SentryIssueAlert")) {
      const { organization, project, name, environment, frequency, actionMatch, filterMatch, conditions, actions } = resolve(r.inputs);
      alerts.push({ organization, project, resource: r.name, stack: plan.facts.stack, kind: "rule", body: { name, environment: environment ?? null, frequency, actionMatch, filterMatch, conditions, actions } });
    }
    orgs.set(sentry.organization, org);
  }
  const workspace = ((slack.workspaces as Json[])[0] ?? undefined) as Json | undefined;
  const allProjects = [...new Set([...orgs.values()].flatMap((o) => [...o.projects]))].sort();
  const organizations = [...orgs].map(([slug, org]) => ({
    slug,
    environments: [...org.environments],
    projects: [...org.projects].sort().map((project) => ({ id: String(firstProjectId + allProjects.indexOf(project)), slug: project })),
    integrations: [
      { provider: "pagerduty", id: worldSentryIntegrations.pagerduty, name: org.pagerdutyName ?? "PagerDuty", externalId: slug, serviceTable: org.serviceTable },
      // The installation's base_url (where Sentry sends alerts and checks keys) is the Opsgenie mock as Sentry's mock reaches it: set when seeded.
      { provider: "opsgenie", id: worldSentryIntegrations.opsgenie, name: "Opsgenie", teamTable: org.teamTable },
      { provider: "slack", id: worldSentryIntegrations.slack, name: String(workspace?.name ?? "Slack"), externalId: String(workspace?.id ?? "T0MOCK000") },
    ],
  }));
  return { seed: { organizations }, alerts };
}

/**
 * The mocks' state for stacks deployed together, translated from their offline plans (the program
 * under Pulumi's mock runtime, every resource with its inputs): what `pulumi up` of each would
 * have created in PagerDuty (escalation policies, services and their Events v2 integrations,
 * Slack connections), Datadog (PagerDuty and Opsgenie service objects, Slack tile channels,
 * monitors), Opsgenie (teams, team-owned API integrations), Sentry (rows of the PagerDuty service
 * table and the Opsgenie team table, workflows and rules to create), plus what an operator sets
 * up by hand (the Sentry organization with its projects and three integrations, escalation
 * policies looked up by name, the Slack workspaces and channels). Each stack's outputs come with
 * every id and key filled, as `pulumi stack output --show-secrets` would print them; only what the
 * Sentry mock assigns when seeded (detector and alert ids) is left to seedWorld.
 */
export function worldFromPlans(planned: readonly PlannedStack[]): MockWorld {
  const failed = planned.filter((p): p is Extract<PlannedStack, { ok: false }> => !p.ok);
  if (failed.length > 0) throw new Error(failed.map((f) => `the offline plan of ${f.stack} failed: ${f.error}`).join("\n"));
  const plans = planned as Ok[];
  const rowIds = { next: 1 };
  const monitorIds = { next: firstMonitorId };
  const resolved = plans.map((plan) => {
    const values = assignedValues(plan, rowIds, monitorIds);
    return { plan, resolve: (value: unknown): any => replaceStrings(value, values) };
  });
  const slack = slackSeed(plans);
  const sentry = sentrySeed(resolved, slack);
  return {
    seeds: { pagerduty: pagerdutySeed(resolved), datadog: datadogSeed(resolved), opsgenie: opsgenieSeed(resolved), slack, sentry: sentry.seed },
    sentryAlerts: sentry.alerts,
    stacks: resolved.map(({ plan, resolve }) => ({ stack: plan.facts.stack, facts: plan.facts, outputs: resolve(plan.outputs) })),
  };
}
