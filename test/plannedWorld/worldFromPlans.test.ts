import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningMocks, startMocks } from "../../mock-endpoints/startMocks";
import { planWorld } from "../../plannedWorld/planWorld";
import { seedWorld } from "../../plannedWorld/seedWorld";
import type { MockWorld } from "../../plannedWorld/worldFromPlans";

// The committed stacks' offline plans, translated into the mocks' state: every consumer of a
// generated key or id (a Datadog service object, a Sentry row, a workflow, a Slack connection)
// must hold the one the producing resource got.

type Json = Record<string, any>;
let world: MockWorld;

beforeAll(async () => {
  world = await planWorld(["dev", "staging", "prod"]);
}, 60_000);

const services = () => world.seeds.pagerduty.services as Json[];
const serviceNamed = (name: string) => services().find((s) => s.name === name) as Json;
const keyOf = (name: string) => serviceNamed(name).integrations[0].integration_key as string;
const sentryIntegration = (provider: string) => (world.seeds.sentry.organizations as Json[])[0].integrations.find((i: Json) => i.provider === provider) as Json;

describe("the planned world of dev, staging and prod", () => {
  it("has each stack's PagerDuty services, on their own or looked-up escalation policies, each with one Events v2 key", () => {
    expect(services().map((s) => s.name)).toEqual(["Default Service dev", "Checkout API staging", "Payments Worker staging", "Checkout API prod", "Payments Worker prod"]);
    const policies = new Map((world.seeds.pagerduty.escalation_policies as Json[]).map((p) => [p.name, p.id]));
    expect(services().map((s) => [s.name, policies.get(s.name) ?? [...policies].find(([, id]) => id === s.escalation_policy)?.[0]])).toEqual([
      ["Default Service dev", "Default Service dev escalation"],
      ["Checkout API staging", "Platform On-call"],
      ["Payments Worker staging", "Payments On-call"],
      ["Checkout API prod", "Platform On-call"],
      ["Payments Worker prod", "Payments Worker prod escalation"],
    ]);
    expect(services().every((s) => s.integrations.length === 1 && /^[a-f0-9]{32}$/.test(s.integrations[0].integration_key))).toBe(true);
    expect(new Set(services().map((s) => s.integrations[0].integration_key)).size).toBe(5);
    expect(world.seeds.pagerduty.unknownRoutingKeys).toBe("refuse");
  });

  it("gives Datadog's service objects and Sentry's rows the routing key of their own service", () => {
    expect((world.seeds.datadog.pagerdutyServices as Json[]).map((s) => [s.service_name, s.service_key === keyOf(s.service_name)])).toEqual(services().map((s) => [s.name, true]));
    expect((sentryIntegration("pagerduty").serviceTable as Json[]).map((row) => [row.id, row.service, row.integration_key === keyOf(row.service)])).toEqual([
      [1, "Default Service dev", true],
      [2, "Checkout API staging", true],
      [3, "Payments Worker staging", true],
      [4, "Checkout API prod", true],
      [5, "Payments Worker prod", true],
    ]);
  });

  it("points each workflow's PagerDuty action at its own service's row, in its environment, for its project", () => {
    const rows = new Map((sentryIntegration("pagerduty").serviceTable as Json[]).map((r) => [String(r.id), r.service]));
    expect(world.sentryAlerts.map((a) => [a.stack, a.kind, a.project, a.body.environment, rows.get((a.body as Json).actionFilters[0].actions[0].config.targetIdentifier)])).toEqual([
      ["dev", "workflow", "default-service", null, "Default Service dev"],
      ["staging", "workflow", "checkout-api", "staging", "Checkout API staging"],
      ["staging", "workflow", "payments-worker", "staging", "Payments Worker staging"],
      ["prod", "workflow", "checkout-api", "production", "Checkout API prod"],
      ["prod", "workflow", "payments-worker", "production", "Payments Worker prod"],
    ]);
  });

  it("owns each Opsgenie integration by the team, with the key Datadog's service object and Sentry's team row hold", () => {
    const integrations = world.seeds.opsgenie.integrations as Json[];
    expect(integrations.map((i) => [i.name, i.team])).toEqual([
      ["operator-wiring Payments Worker staging for team Payments", "Payments"],
      ["operator-wiring Payments Worker prod for team Payments", "Payments"],
    ]);
    expect((world.seeds.datadog.opsgenieServices as Json[]).map((s) => [s.name, integrations.findIndex((i) => i.apiKey === s.opsgenie_api_key)])).toEqual([
      ["payments-worker-staging", 0],
      ["payments-worker-prod", 1],
    ]);
    expect((sentryIntegration("opsgenie").teamTable as Json[]).map((r) => [r.id, integrations.findIndex((i) => i.apiKey === r.integration_key)])).toEqual([
      ["102-Payments Worker staging", 0],
      ["102-Payments Worker prod", 1],
    ]);
  });

  it("connects prod's Checkout API to its Slack channel, which exists in the connected workspace", () => {
    expect(world.seeds.pagerduty.slackConnections).toMatchObject([{ source_id: serviceNamed("Checkout API prod").id, workspace_id: "T0EXAMPLE1", channel_id: "C0CHECKOUT1", channel_name: "checkout-alerts" }]);
    expect(world.seeds.slack).toEqual({ workspaces: [{ id: "T0EXAMPLE1", name: "example-org", channels: [{ id: "C0CHECKOUT1", name: "checkout-alerts" }] }] });
    expect(world.seeds.datadog.slackChannels).toEqual([{ account: "example-org", channel_name: "#checkout-alerts" }]);
  });

  it("keeps the committed stacks' validation monitors drafts", () => {
    expect((world.seeds.datadog.monitors as Json[]).map((m) => m.draft_status)).toEqual(Array(8).fill("draft"));
  });
});

describe("seeding the planned world", () => {
  let mocks: RunningMocks;
  beforeAll(async () => {
    mocks = await startMocks({ anyFreePort: true });
  });
  afterAll(() => mocks.close());

  it("creates the workflows in the Sentry mock and fills every id the stacks' outputs name", async () => {
    const seeded = await seedWorld(mocks.urls, world);
    const text = JSON.stringify(seeded.stacks.map((s) => s.outputs));
    expect(text.match(/assigned at deploy|looked up at|offline-[a-z-]+-for-/g)).toBeNull();
    const sentry = await new MockControl(mocks.urls.sentry as string).state<{ organizations: { slug: string; workflows: { id: string; name: string }[] }[] }>();
    const workflows = sentry.organizations.find((o) => o.slug === "example-org")?.workflows ?? [];
    expect(seeded.stacks.flatMap((s) => Object.values(s.outputs.services as Json).map((v: Json) => [v.sentry.alertId, workflows.find((w) => w.id === v.sentry.alertId)?.name]))).toEqual([
      [workflows[0].id, "operator-wiring: Default Service dev"],
      [workflows[1].id, "operator-wiring: Checkout API staging"],
      [workflows[2].id, "operator-wiring: Payments Worker staging"],
      [workflows[3].id, "operator-wiring: Checkout API prod"],
      [workflows[4].id, "operator-wiring: Payments Worker prod"],
    ]);
  });

  it("refuses mocks that do not know each other, naming the hops they could not make", async () => {
    const alone = await startMocks({ anyFreePort: true, only: ["sentry"] });
    try {
      await expect(seedWorld({ ...mocks.urls, sentry: alone.urls.sentry }, world)).rejects.toThrow(
        "the mocks do not know each other's addresses (sentry → pagerduty, sentry → opsgenie, sentry → slack), so an alert cannot travel between them.",
      );
    } finally {
      await alone.close();
    }
  });
});
