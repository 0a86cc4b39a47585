/**
 * The offline plan deployed into the mock endpoints: what a `pulumi up` of the stack would leave
 * in the vendors, for the live map to read back. A whole-stack `pulumi up` cannot run here (the
 * PagerDuty, Datadog and @pulumiverse/sentry provider plugins cannot be built: README, "What was
 * and was not exercised here"), so this stands in for it, resource by resource, in the plan's
 * order (inputs resolve before a resource registers, so every value a resource needs is known):
 * - our dynamic providers run as the engine runs them: the serialized `__provider` text the plan
 *   carries is loaded from its text, then `check` and `create`;
 * - PagerDuty's and Datadog's resources are created through the vendor's API where the mock has
 *   it (Datadog service objects, Slack channels, monitors: refused as Datadog would refuse them)
 *   and seeded where it does not (PagerDuty services, policies and integrations);
 * - PagerDuty Slack connections and the Sentry → Datadog Webhooks plugin are not deployed: no mock
 *   serves them, and the map does not draw them.
 * The placeholders the plan carries for what a deploy assigns (ids, routing keys, row ids) are
 * replaced by what the mocks answered, as the engine resolves outputs into inputs.
 *
 * One module, so that this translation and the closed-loop chain's (issue 10) can be made one.
 */
import Module from "node:module";
import path from "node:path";
import { MockControl } from "../mock-endpoints/controlClient";
import type { StackSettings } from "../config/stackSettings";
import type { RunningMocks } from "../mock-endpoints/startMocks";
import type { PlannedResource } from "../plan/evaluateStack";
import { type DeclaredInvoke, RecordingMocks, plainValue, replaceStrings } from "../plan/recordingMocks";
import { seedWorld } from "../rehearsal/mockWorld";
import { rehearsalSecretConfig } from "../rehearsal/rehearsalCredentials";
import { datadogPaths, datadogRequest } from "../vendors/datadog/datadogApi";

export interface DeployedPlan {
  /** Resources put into the mocks, by Pulumi type. */
  deployed: Record<string, number>;
  /** Resources left out, by Pulumi type (no mock serves them). */
  notDeployed: Record<string, number>;
}

type Inputs = Record<string, any>;

const notDeployed = new Set(["pagerduty:index/slackConnection:SlackConnection", "sentry:index/sentryPlugin:SentryPlugin"]);

/** The inputs with secrets unwrapped and every placeholder replaced by what the deploy assigned. */
const resolved = (value: unknown, assigned: ReadonlyMap<string, unknown>): unknown => replaceStrings(plainValue(value), assigned);

/** A dynamic provider loaded from the text the plan carries, as the engine's dynamic-provider host loads it. */
function loadProvider(text: string): { check?: (olds: Inputs, news: Inputs) => Promise<{ inputs?: Inputs; failures?: { property: string; reason: string }[] }>; create: (inputs: Inputs) => Promise<{ id: string; outs?: Inputs }> } {
  const filename = path.join(process.cwd(), "serialized-provider.js");
  const loaded = new Module(filename) as Module & { _compile(text: string, filename: string): void };
  loaded.filename = filename;
  loaded.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(process.cwd());
  loaded._compile(text, filename);
  return (loaded.exports as { handler: () => ReturnType<typeof loadProvider> }).handler();
}

const datadogBody = {
  monitor: (i: Inputs) => ({
    name: i.name,
    type: i.type,
    query: i.query,
    message: i.message,
    tags: i.tags,
    priority: i.priority === undefined ? undefined : Number(i.priority),
    draft_status: i.draftStatus,
    options: {
      thresholds: { critical: Number(i.monitorThresholds?.critical) },
      notify_no_data: i.notifyNoData ?? false,
      include_tags: i.includeTags ?? true,
    },
  }),
};

/**
 * What an operator sets up by hand before any stack's `pulumi up`, once for the accounts the
 * stacks share (one Sentry organization, one Opsgenie account, as the committed stacks do): the
 * rehearsal's world (rehearsal/mockWorld.ts) for all of them at once, so that a second stack
 * does not seed the organization's integrations or the adopted teams over the first one's; and
 * what the rehearsal never got to (its whole-stack preview stops at the first plugin resource):
 * the escalation policies stacks look up by name, each paging a schedule, and the Datadog Slack
 * app in the routes' Slack accounts.
 */
export async function seedOperatorWorld(mocks: RunningMocks, stacks: readonly StackSettings[]): Promise<void> {
  const organizations = new Set(stacks.flatMap((s) => (s.sentry ? [s.sentry.organization] : [])));
  const regions = new Set(stacks.flatMap((s) => (s.opsgenie ? [s.opsgenie.region] : [])));
  if (organizations.size > 1 || regions.size > 1) {
    throw new Error(`These stacks use ${organizations.size} Sentry organizations and ${regions.size} Opsgenie regions: one set of mocks stands for one account of each; deploy them one at a time.`);
  }
  const [first] = stacks;
  const all: StackSettings = {
    ...first,
    services: stacks.flatMap((s) => s.services),
    sentry: stacks.find((s) => s.sentry)?.sentry,
    opsgenie: stacks.find((s) => s.opsgenie)?.opsgenie,
  };
  await seedWorld(mocks, all);
  const policies = [...new Set(all.services.flatMap((s) => ("existing" in s.escalationPolicy ? [s.escalationPolicy.existing.name] : [])))];
  const accounts = [...new Set(all.services.flatMap((s) => s.slackRoutes.map((r) => r.account)))];
  const onCall = { targets: [{ id: "PONCALL", type: "schedule_reference" }] };
  await Promise.all([
    policies.length > 0 ? new MockControl(mocks.urls.pagerduty ?? "").seed({ escalation_policies: policies.map((name) => ({ name, escalation_rules: [onCall] })) }) : undefined,
    accounts.length > 0 ? new MockControl(mocks.urls.datadog ?? "").seed({ slackAccounts: accounts.map((name) => ({ name })) }) : undefined,
  ]);
}

/**
 * Deploys the plan (evaluated with the mocks' endpoints, after seedOperatorWorld) into the mocks
 * at `urls`.
 */
export async function deployPlanToMocks(plan: { resources: readonly PlannedResource[]; invokes: readonly DeclaredInvoke[] }, urls: RunningMocks["urls"]): Promise<DeployedPlan> {
  const control = (service: keyof typeof urls) => new MockControl(urls[service] ?? "");
  const keys = { apiUrl: urls.datadog ?? "", apiKey: rehearsalSecretConfig["datadog:apiKey"], appKey: rehearsalSecretConfig["datadog:appKey"] };
  const assigned = new Map<string, unknown>();
  const result: DeployedPlan = { deployed: {}, notDeployed: {} };
  const count = (bucket: Record<string, number>, type: string) => (bucket[type] = (bucket[type] ?? 0) + 1);

  // The escalation policies the program looked up by name (seeded by seedOperatorWorld), as the invoke answers.
  const policies = (await control("pagerduty").state<{ escalationPolicies: { id: string; name: string }[] }>()).escalationPolicies;
  for (const invoke of plan.invokes.filter((i) => i.token === "pagerduty:index/getEscalationPolicy:getEscalationPolicy")) {
    const found = policies.find((p) => p.name === invoke.args.name);
    if (!found) throw new Error(`escalation policy "${String(invoke.args.name)}" is not in the PagerDuty mock: seedOperatorWorld seeds the policies stacks look up`);
    assigned.set(String(new RecordingMocks().call({ token: invoke.token, inputs: invoke.args } as never).id), found.id);
  }

  for (const resource of plan.resources) {
    if (!resource.custom || resource.type.startsWith("pulumi:providers:")) continue;
    if (notDeployed.has(resource.type)) {
      count(result.notDeployed, resource.type);
      continue;
    }
    const { __provider: code, ...raw } = resource.inputs;
    const inputs = resolved(raw, assigned) as Inputs;
    const planned = new RecordingMocks().newResource({ type: resource.type, name: resource.name, inputs: raw, custom: true });
    const made = await create(resource, inputs, typeof code === "string" ? code : undefined);
    assigned.set(planned.id, made.id);
    for (const [key, value] of Object.entries(planned.state)) {
      if (typeof value === "string" && value !== raw[key] && made.outs[key] !== undefined) assigned.set(value, made.outs[key]);
    }
    count(result.deployed, resource.type);
  }
  return result;

  async function create(resource: PlannedResource, inputs: Inputs, code: string | undefined): Promise<{ id: string; outs: Inputs }> {
    if (code) {
      const provider = loadProvider(code);
      const checked = provider.check ? await provider.check({}, inputs) : { inputs };
      if (checked.failures && checked.failures.length > 0) throw new Error(`${resource.name}: ${checked.failures.map((f) => `${f.property}: ${f.reason}`).join("; ")}`);
      const made = await provider.create(checked.inputs ?? inputs);
      return { id: made.id, outs: made.outs ?? {} };
    }
    switch (resource.type) {
      case "pagerduty:index/escalationPolicy:EscalationPolicy": {
        const rules = (inputs.rules as { escalationDelayInMinutes: number; targets: { id: string; type: string }[] }[]).map((r) => ({ escalation_delay_in_minutes: r.escalationDelayInMinutes, targets: r.targets }));
        const snapshot = await control("pagerduty").seed<{ escalationPolicies: { id: string; name: string }[] }>({ escalation_policies: [{ name: inputs.name, escalation_rules: rules }] });
        return { id: snapshot.escalationPolicies.filter((p) => p.name === inputs.name).at(-1)?.id ?? "", outs: {} };
      }
      case "pagerduty:index/service:Service": {
        const snapshot = await control("pagerduty").seed<{ services: { id: string; name: string }[] }>({ services: [{ name: inputs.name, escalation_policy: inputs.escalationPolicy }] });
        return { id: snapshot.services.filter((s) => s.name === inputs.name).at(-1)?.id ?? "", outs: {} };
      }
      case "pagerduty:index/serviceIntegration:ServiceIntegration": {
        type Service = { id: string; name: string; status: string; integrations: { id: string; name: string; integration_key: string }[] };
        const before = (await control("pagerduty").state<{ services: Service[]; escalationPolicies: { id: string; serviceIds: string[] }[] }>());
        const service = before.services.find((s) => s.id === inputs.service) as Service;
        const policy = before.escalationPolicies.find((p) => p.serviceIds.includes(service.id))?.id;
        const integrations = [...service.integrations.map(({ id, name, integration_key }) => ({ id, name, integration_key })), { name: inputs.name }];
        const after = await control("pagerduty").seed<{ services: Service[] }>({ services: [{ id: service.id, name: service.name, status: service.status, escalation_policy: policy, integrations }] });
        const made = (after.services.find((s) => s.id === service.id) as Service).integrations.at(-1) as Service["integrations"][number];
        return { id: made.id, outs: { integrationKey: made.integration_key } };
      }
      case "datadog:pagerduty/integration:Integration":
        await control("datadog").seed({ pagerdutyIntegrationActive: true });
        return { id: "pagerduty", outs: {} };
      case "datadog:pagerduty/serviceObject:ServiceObject":
        await datadogRequest(keys, { method: "POST", path: datadogPaths.pagerdutyServiceObjects, body: { service_name: inputs.serviceName, service_key: inputs.serviceKey } });
        return { id: inputs.serviceName, outs: {} };
      case "datadog:opsgenie/serviceObject:ServiceObject": {
        const body = { data: { type: "opsgenie-service", attributes: { name: inputs.name, opsgenie_api_key: inputs.opsgenieApiKey, region: inputs.region } } };
        const made = await datadogRequest(keys, { method: "POST", path: datadogPaths.opsgenieServiceObjects, body });
        return { id: String((made.body as { data: { id: string } }).data.id), outs: {} };
      }
      case "datadog:slack/channel:Channel":
        await datadogRequest(keys, { method: "POST", path: datadogPaths.slackChannels(inputs.accountName), body: { name: inputs.channelName, display: inputs.display } });
        return { id: `${inputs.accountName}:${inputs.channelName}`, outs: {} };
      case "datadog:index/monitor:Monitor": {
        const made = await datadogRequest(keys, { method: "POST", path: datadogPaths.monitors, body: datadogBody.monitor(inputs) });
        return { id: String((made.body as { id: number }).id), outs: {} };
      }
      default:
        throw new Error(`${resource.name}: no way to deploy a ${resource.type} into the mocks`);
    }
  }
}
