import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { sentryWorkflowProvider } from "../../components/dynamic/sentryWorkflow";
import { environments } from "../../config/projectKeys";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningMocks, startMocks } from "../../mock-endpoints/startMocks";
import type { Finding } from "../../routes/lint/finding";
import { lintMap } from "../../routes/lint/lintMap";
import { type PlannedRoutes, deployToMocks, liveRoutes } from "../../routes/planRoutes";
import { deprecationRadar } from "../../routes/radar/deprecationRadar";
import { type EnvironmentGraph, type RoutingMap, sortedEnvironment } from "../../routes/routingGraph";
import { rehearsalCredentialEnv } from "../../rehearsal/rehearsalCredentials";
import { datadogPaths, datadogRequest } from "../../vendors/datadog/datadogApi";
import { sentryRequest } from "../../vendors/sentry/sentryApi";
import { mockCredentials, mockUrlEnv } from "../../verify/inputs/mockDefaults";
import { parseMode } from "../../verify/mode";
import { sentryIntegrationIds } from "../../rehearsal/mockWorld";
import { committedRoutes } from "../support/committedRoutes";

let mocks: RunningMocks;
let plans: PlannedRoutes[];
let env: Record<string, string>;
const control = (service: keyof RunningMocks["urls"]) => new MockControl(mocks.urls[service] ?? "");
const datadog = () => ({ apiUrl: mocks.urls.datadog ?? "", apiKey: mockCredentials.datadogApiKey, appKey: mockCredentials.datadogAppKey });
const sentry = () => `${mocks.urls.sentry}/api/0`;

beforeAll(async () => {
  mocks = await startMocks({ anyFreePort: true });
  env = mockUrlEnv(mocks.urls);
  // What a whole-stack pulumi up of every committed stack would leave in the vendors (planToMocks.ts).
  const [planned, deployed] = await Promise.all([committedRoutes(), deployToMocks(environments, mocks)]);
  expect(deployed.map((d) => d.ok)).toEqual([true, true, true]);
  plans = planned as PlannedRoutes[];
}, 240_000);
afterAll(() => mocks?.close());

async function liveMap(): Promise<RoutingMap> {
  const { map, unread } = await liveRoutes(plans, environments, parseMode("mock"), env);
  expect(unread).toEqual([]);
  return map;
}
const lint = async (rule: string): Promise<Finding[]> => lintMap(await liveMap(), plans.map((p) => p.facts)).filter((f) => f.rule === rule);
const radar = async (rule: string, today: string, extra: Partial<Parameters<typeof deprecationRadar>[0]> = {}): Promise<Finding[]> =>
  deprecationRadar({ map: await liveMap(), facts: plans.map((p) => p.facts), today: new Date(today), draftDays: 150, rotationDays: 90, pinned: [], ...extra }).filter((f) => f.rule === rule);
const graphOf = (map: RoutingMap, environment: string) => map.environments.find((g) => g.environment === environment) as EnvironmentGraph;
/** The map as it compares: ids and dates (facts) are what a deploy assigns, the rest must agree. */
const comparable = (graph: EnvironmentGraph) => ({ ...sortedEnvironment(graph), nodes: sortedEnvironment(graph).nodes.map(({ facts: _facts, ...node }) => node) });

async function handMadeMonitor(body: Record<string, unknown>): Promise<{ id: number; remove: () => Promise<unknown> }> {
  const made = await datadogRequest(datadog(), { method: "POST", path: datadogPaths.monitors, body: { type: "query alert", query: "avg(last_5m):avg:trace.http.request.duration{service:checkout} > 2", ...body } });
  const id = (made.body as { id: number }).id;
  return { id, remove: () => datadogRequest(datadog(), { method: "DELETE", path: datadogPaths.monitor(id) }) };
}
type PagerDutyState = { services: { id: string; name: string; status: string; integrations: { id: string; name: string; integration_key: string }[] }[]; escalationPolicies: { id: string; name: string; serviceIds: string[] }[] };
const pagerduty = () => control("pagerduty").state<PagerDutyState>();
type SentryRow = { id: number; service: string; integration_key: string };
const pagerdutyTable = async () =>
  ((await control("sentry").state<{ organizations: { slug: string; integrations: { id: string; configData: { service_table?: SentryRow[] } }[] }[] }>()).organizations
    .find((o) => o.slug === "example-org")
    ?.integrations.find((i) => i.id === sentryIntegrationIds.pagerduty)?.configData.service_table ?? []) as SentryRow[];
const seedPagerdutyTable = (rows: SentryRow[]) =>
  control("sentry").seed({ organizations: [{ slug: "example-org", integrations: [{ provider: "pagerduty", id: sentryIntegrationIds.pagerduty, name: "PagerDuty (rehearsal)", externalId: "rehearsal", serviceTable: rows }] }] });
/** A service re-seeded as it is, but for `change` (the seed replaces a service by id). */
async function reseedService(name: string, change: (integrations: PagerDutyState["services"][number]["integrations"]) => unknown[]): Promise<() => Promise<unknown>> {
  const state = await pagerduty();
  const service = state.services.find((s) => s.name === name) as PagerDutyState["services"][number];
  const policy = state.escalationPolicies.find((p) => p.serviceIds.includes(service.id))?.id;
  const seed = (integrations: unknown[]) => control("pagerduty").seed({ services: [{ id: service.id, name, status: service.status, escalation_policy: policy, integrations }] });
  await seed(change(service.integrations));
  return () => seed(service.integrations.map(({ id, name: n, integration_key }) => ({ id, name: n, integration_key })));
}

describe("the live map after the committed stacks' plans are deployed into the mocks", () => {
  it("equals the offline map of each committed stack, and the lint finds nothing", async () => {
    const map = await liveMap();
    for (const plan of plans) expect(comparable(graphOf(map, plan.facts.environment))).toEqual(comparable(plan.graph));
    expect(lintMap(map, plans.map((p) => p.facts))).toEqual([]);
  });

  it("shows a monitor written by hand with a stack's handle in that stack's map, unowned", async () => {
    const monitor = await handMadeMonitor({ name: "Checkout latency (hand-made)", message: "Latency is high @pagerduty-Checkout-API-prod", tags: ["team:checkout"] });
    try {
      const prod = graphOf(await liveMap(), "prod");
      expect(prod.nodes.find((n) => n.key === "datadog-monitor:Checkout latency (hand-made)")).toMatchObject({ ownership: "unowned", exists: true, facts: { draft: false, validation: false } });
      expect(prod.edges).toContainEqual({ from: "datadog-monitor:Checkout latency (hand-made)", to: "datadog-handle:@pagerduty-checkout-api-prod" });
      expect(graphOf(await liveMap(), "staging").nodes.map((n) => n.key)).not.toContain("datadog-monitor:Checkout latency (hand-made)");
    } finally {
      await monitor.remove();
    }
  });

  it("shows a Sentry alert created in the UI that pages a stack's row, unowned, under its project", async () => {
    // The provider reads its token where pulumi up has it; the UI would use the user's session.
    vi.stubEnv("SENTRY_AUTH_TOKEN", rehearsalCredentialEnv.SENTRY_AUTH_TOKEN);
    const row = (await pagerdutyTable()).find((r) => r.service === "Checkout API prod") as SentryRow;
    const made = await sentryWorkflowProvider.create({
      apiUrl: sentry(),
      organization: "example-org",
      project: "checkout-api",
      name: "Checkout errors (made in the UI)",
      environment: "production",
      frequencyMinutes: 60,
      pagerduty: { integrationId: sentryIntegrationIds.pagerduty, rowId: String(row.id), serviceName: row.service, priority: "default" },
    });
    try {
      const prod = graphOf(await liveMap(), "prod");
      const key = "sentry-alert:workflows:Checkout errors (made in the UI)";
      expect(prod.nodes.find((n) => n.key === key)).toMatchObject({ ownership: "unowned", facts: { api: "workflows", sentryEnvironment: "production" } });
      expect(prod.edges.filter((e) => e.from === key || e.to === key)).toEqual([
        { from: "sentry-project:checkout-api", to: key },
        { from: key, to: "sentry-row:pagerduty:Checkout API prod" },
      ]);
    } finally {
      await sentryRequest({ apiUrl: sentry(), method: "DELETE", path: `/organizations/example-org/workflows/${made.id}/` });
      vi.unstubAllEnvs();
    }
  });
});

describe("each lint rule, its condition seeded into the mocks", () => {
  it("handle-without-service-object: a service object deleted by hand leaves its monitor's handle matching nothing", async () => {
    await datadogRequest(datadog(), { method: "DELETE", path: datadogPaths.pagerdutyServiceObject("Checkout API staging") });
    try {
      expect(await lint("handle-without-service-object")).toEqual([
        {
          rule: "handle-without-service-object",
          severity: "error",
          environment: "staging",
          objects: ['Datadog monitor "integration-validation datadog-to-pagerduty Checkout API staging"', 'Datadog handle "@pagerduty-Checkout-API-staging"'],
          message: 'Datadog monitor "integration-validation datadog-to-pagerduty Checkout API staging" notifies @pagerduty-Checkout-API-staging, which matches no Datadog service object or channel: the alert goes nowhere.',
          fix: "create the service object @pagerduty-Checkout-API-staging names (pulumi up the stack that owns the service), or correct the handle in the monitor's message.",
          nodes: ["datadog-handle:@pagerduty-checkout-api-staging", "datadog-monitor:integration-validation datadog-to-pagerduty Checkout API staging"],
        },
      ]);
    } finally {
      await datadogRequest(datadog(), { method: "POST", path: datadogPaths.pagerdutyServiceObjects, body: { service_name: "Checkout API staging", service_key: "0".repeat(32) } });
    }
  });

  it("cross-environment-page: a monitor tagged env:staging that pages prod's service", async () => {
    const monitor = await handMadeMonitor({ name: "Staging checkout latency", message: "@pagerduty-Checkout-API-prod latency", tags: ["env:staging"] });
    try {
      expect(await lint("cross-environment-page")).toEqual([
        {
          rule: "cross-environment-page",
          severity: "error",
          environment: "staging",
          objects: ['Datadog monitor "Staging checkout latency"', 'Datadog handle "@pagerduty-Checkout-API-prod"'],
          message: `Datadog monitor "Staging checkout latency" in staging routes to Datadog handle "@pagerduty-Checkout-API-prod" of prod: staging's alerts page prod's on-call.`,
          fix: "point it at staging's own handle (its names carry staging), or move it into prod's stack if it belongs there.",
          nodes: ["datadog-monitor:Staging checkout latency", "datadog-handle:@pagerduty-checkout-api-prod"],
        },
      ]);
    } finally {
      await monitor.remove();
    }
  });

  it("service-without-events-v2: a service whose Events v2 integration was removed", async () => {
    const restore = await reseedService("Payments Worker staging", () => []);
    try {
      expect((await lint("service-without-events-v2")).map((f) => [f.environment, f.objects])).toEqual([["staging", ['PagerDuty service "Payments Worker staging"']]]);
    } finally {
      await restore();
    }
  });

  it("service-without-escalation-target: a policy whose one rule lost its target", async () => {
    const policy = (await pagerduty()).escalationPolicies.find((p) => p.name === "Payments Worker prod escalation") as { id: string };
    await control("pagerduty").seed({ escalation_policies: [{ id: policy.id, name: "Payments Worker prod escalation", escalation_rules: [{ targets: [] }] }] });
    try {
      const [finding] = await lint("service-without-escalation-target");
      expect([finding.environment, finding.objects, finding.message]).toEqual([
        "prod",
        ['PagerDuty service "Payments Worker prod"', 'PagerDuty escalation policy "Payments Worker prod escalation"'],
        'PagerDuty service "Payments Worker prod" escalates to PagerDuty escalation policy "Payments Worker prod escalation", whose rules name no user or schedule: an incident opens and nobody is paged.',
      ]);
    } finally {
      await control("pagerduty").seed({ escalation_policies: [{ id: policy.id, name: "Payments Worker prod escalation", escalation_rules: [{ targets: [{ id: "PPAYPRI", type: "schedule_reference" }] }] }] });
    }
  });

  it("sentry-row-dangling: a workflow whose row was deleted, and a row whose key no integration has", async () => {
    const table = await pagerdutyTable();
    await seedPagerdutyTable(
      table.filter((r) => r.service !== "Checkout API staging").map((r) => (r.service === "Default Service dev" ? { ...r, integration_key: "f".repeat(32) } : r)),
    );
    try {
      const deleted = table.find((r) => r.service === "Checkout API staging") as SentryRow;
      expect((await lint("sentry-row-dangling")).map((f) => [f.environment, f.objects])).toEqual([
        ["dev", ['Sentry PagerDuty service-table row "Default Service dev"']],
        ["staging", ['Sentry workflow "operator-wiring: Checkout API staging"', `row ${deleted.id}`]],
      ]);
    } finally {
      await seedPagerdutyTable(table);
    }
  });

  it("duplicate-rows: a second row for one service, under its label and under another", async () => {
    const table = await pagerdutyTable();
    const prodKey = (table.find((r) => r.service === "Checkout API prod") as SentryRow).integration_key;
    await seedPagerdutyTable([...table, { id: 9001, service: "Checkout API prod", integration_key: "e".repeat(32) }, { id: 9002, service: "Checkout (old)", integration_key: prodKey }]);
    try {
      expect((await lint("duplicate-rows")).map((f) => [f.severity, f.environment, f.objects])).toEqual([
        ["warning", "prod", ['Sentry PagerDuty service-table row "Checkout API prod"', 'Sentry PagerDuty service-table row "Checkout (old)"', 'PagerDuty service "Checkout API prod"']],
      ]);
    } finally {
      await seedPagerdutyTable(table);
    }
  });

  it("validation-monitor-published: a validation monitor published outside a controlled test", async () => {
    const monitors = (await datadogRequest(datadog(), { method: "GET", path: datadogPaths.monitors })).body as { id: number; name: string }[];
    const monitor = monitors.find((m) => m.name === "integration-validation datadog-to-pagerduty Default Service dev") as { id: number };
    await datadogRequest(datadog(), { method: "PUT", path: datadogPaths.monitor(monitor.id), body: { draft_status: "published" } });
    try {
      expect((await lint("validation-monitor-published")).map((f) => [f.environment, f.objects, f.fix])).toEqual([
        ["dev", ['Datadog monitor "integration-validation datadog-to-pagerduty Default Service dev"'], "set it back to draft (pulumi up does, unless operator-wiring:controlledIncidentTest is true in dev)."],
      ]);
    } finally {
      await datadogRequest(datadog(), { method: "PUT", path: datadogPaths.monitor(monitor.id), body: { draft_status: "draft" } });
    }
  });

  it("service-object-orphan: Datadog's service object names a PagerDuty service that was deleted", async () => {
    const restore = await reseedService("Checkout API staging", (integrations) => integrations);
    const service = (await pagerduty()).services.find((s) => s.name === "Checkout API staging") as { id: string };
    await fetch(`${mocks.urls.pagerduty}/services/${service.id}`, { method: "DELETE", headers: { authorization: `Token token=${mockCredentials.pagerdutyApiToken}` } });
    try {
      expect((await lint("service-object-orphan")).map((f) => [f.environment, f.objects])).toEqual([
        ["staging", ['Datadog handle "@pagerduty-Checkout-API-staging"', 'PagerDuty service "Checkout API staging"']],
      ]);
    } finally {
      await restore();
    }
  });
});

describe("each deprecation radar item, its condition seeded into the mocks", () => {
  it("sentry-legacy-rules: a legacy rule in use on sentry.io (the stack's Sentry), paging prod", async () => {
    const row = (await pagerdutyTable()).find((r) => r.service === "Checkout API prod") as SentryRow;
    const action = { id: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction", account: sentryIntegrationIds.pagerduty, service: String(row.id), severity: "default" };
    const body = { name: "Checkout (legacy)", actionMatch: "any", frequency: 30, conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }], actions: [action] };
    const made = await sentryRequest({ apiUrl: sentry(), method: "POST", path: "/projects/example-org/checkout-api/rules/", body, token: rehearsalCredentialEnv.SENTRY_AUTH_TOKEN });
    try {
      expect((await radar("sentry-legacy-rules", "2026-12-03")).map((f) => [f.environment, f.objects, f.message])).toEqual([
        [
          "prod",
          ['Sentry legacy rule "Checkout (legacy)"'],
          "legacy alert rules in use on sentry.io: the project rules API is deprecated since 2026-05-14, answers 410 during brown-outs and is being removed; an alert there stops paging when it goes.",
        ],
      ]);
    } finally {
      await sentryRequest({ apiUrl: sentry(), method: "DELETE", path: `/projects/example-org/checkout-api/rules/${(made.body as { id: string }).id}/`, token: rehearsalCredentialEnv.SENTRY_AUTH_TOKEN });
    }
  });

  it("opsgenie-end-of-life: the environments whose routes go through Opsgenie, with the days left", async () => {
    const found = await radar("opsgenie-end-of-life", "2027-01-05T09:00:00Z");
    expect(found.map((f) => [f.environment, f.objects])).toEqual([
      ["staging", ['Datadog handle "@opsgenie-payments-worker-staging"', 'Opsgenie team "Payments"']],
      ["prod", ['Datadog handle "@opsgenie-payments-worker-prod"', 'Opsgenie team "Payments"']],
    ]);
    expect(found[0].message).toBe(
      "Opsgenie in use: Atlassian ends Opsgenie's support and REST API on 2027-04-05, 90 days from 2027-01-05 (sales stopped 2025-06-04); routes through it stop then.",
    );
  });

  it("draft-expiring: a draft made 160 days ago, which Datadog deletes at six months", async () => {
    await control("datadog").seed({
      monitors: [{ type: "query alert", query: "avg(last_5m):avg:system.load.1{*} > 5", name: "load (draft)", message: "@pagerduty-Payments-Worker-prod", draft_status: "draft", tags: ["env:prod"], created: "2026-07-01T00:00:00Z" }],
    });
    const monitor = ((await datadogRequest(datadog(), { method: "GET", path: datadogPaths.monitors })).body as { id: number; name: string }[]).find((m) => m.name === "load (draft)") as { id: number };
    try {
      expect((await radar("draft-expiring", "2026-12-08")).map((f) => [f.environment, f.message])).toEqual([
        ["prod", 'Datadog monitor "load (draft)" has been a draft for 160 days (since 2026-07-01): Datadog deletes a draft six months after it was made, on 2027-01-01, in 24 days.'],
      ]);
    } finally {
      await datadogRequest(datadog(), { method: "DELETE", path: datadogPaths.monitor(monitor.id) });
    }
  });

  it("routing-key-age: an Events v2 key made longer ago than the rotation period", async () => {
    const restore = await reseedService("Checkout API prod", (integrations) => integrations.map(({ id, name, integration_key }) => ({ id, name, integration_key, created_at: "2026-08-01T00:00:00Z" })));
    try {
      expect((await radar("routing-key-age", "2026-12-03")).map((f) => [f.environment, f.objects, f.message])).toEqual([
        [
          "prod",
          ['PagerDuty service "Checkout API prod"', 'Events API v2 integration "Events API v2"'],
          `PagerDuty service "Checkout API prod"'s Events v2 routing key is 124 days old (made 2026-08-01); the rotation period is 90 days (quarterly, checklist §7).`,
        ],
      ]);
    } finally {
      await restore();
    }
  });
});
