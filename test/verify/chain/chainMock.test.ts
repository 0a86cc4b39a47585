import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { MockControl } from "../../../mock-endpoints/controlClient";
import { type RunningMocks, startMocks } from "../../../mock-endpoints/startMocks";
import type { PlannedStack } from "../../../plannedWorld/plannedStack";
import type { MockWorld } from "../../../plannedWorld/worldFromPlans";
import { mockEndpoints } from "../../../verify/chain/chainEndpoints";
import { runChain } from "../../../verify/chain/runChain";
import { Interrupted } from "../../../verify/http/httpErrors";
import { chainOver, planCommitted, planEdited, reseed, stillOpen } from "../../support/chainWorld";

// verify --chain in mock mode (V12), over the committed stacks deployed together into the mocks:
// each marked alert is followed to every target its stack wires; a broken wiring fails with the
// exact first broken hop and why; nothing is left open.

const token = `sntryu_${"0".repeat(64)}`;
let mocks: RunningMocks;
let plans: PlannedStack[];
let world: MockWorld;

beforeAll(async () => {
  [mocks, plans] = await Promise.all([startMocks({ anyFreePort: true }), planCommitted()]);
}, 60_000);
afterAll(() => mocks.close());
beforeEach(async () => {
  world = await reseed(mocks, plans);
});

async function sentry(method: string, path: string, body?: unknown): Promise<any> {
  const response = await fetch(`${mocks.urls.sentry}/api/0${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return text === "" ? undefined : JSON.parse(text);
}
const outputsOf = (stack: string) => world.stacks.find((s) => s.stack === stack)?.outputs as Record<string, any>;
const summary = (results: Awaited<ReturnType<typeof chainOver>>) => results.map((r) => [r.stack, r.source, r.status, r.hops.map((h) => h.status).join(" "), r.elsewhere.status, r.cleanup]);

describe("verify --chain in mock mode, over dev, staging and prod", () => {
  it("passes on all three committed stacks: every alert reaches every target and nothing else, and all is resolved", async () => {
    const results = await chainOver(mocks, world, ["dev", "staging", "prod"]);
    expect(summary(results)).toEqual([
      ["dev", 'Sentry project "default-service" (Default Service, environment operator-wiring-chain)', "PASS", "PASS PASS PASS", "PASS", "done"],
      ["staging", 'Sentry project "checkout-api" (Checkout API, environment staging)', "PASS", "PASS PASS PASS", "PASS", "done"],
      ["staging", 'Sentry project "payments-worker" (Payments Worker, environment staging)', "PASS", "PASS PASS PASS PASS", "PASS", "done"],
      ["prod", 'Sentry project "checkout-api" (Checkout API, environment production)', "PASS", "PASS PASS PASS PASS PASS", "PASS", "done"],
      ["prod", 'Sentry project "payments-worker" (Payments Worker, environment production)', "PASS", "PASS PASS PASS PASS", "PASS", "done"],
    ]);
    const prodCheckout = results[3];
    expect(prodCheckout.hops.map((h) => h.hop)).toEqual([
      'Sentry project "checkout-api" ← error in environment "production"',
      "Sentry stores it in an issue",
      `PagerDuty service "Checkout API prod" (${outputsOf("prod").services["Checkout API"].pagerdutyServiceId})`,
      "Slack #checkout-alerts (C0CHECKOUT1) from PagerDuty",
      "Slack #checkout-alerts (C0CHECKOUT1) from Sentry",
    ]);
    expect(results.every((r) => r.hops.every((h) => h.latencyMs !== undefined))).toBe(true);
    expect(await stillOpen(mocks)).toEqual([]);
  });

  it("fails at the PagerDuty hop when a Sentry row holds a wrong routing key, naming PagerDuty's refusal", async () => {
    const table = (await sentry("GET", "/organizations/example-org/integrations/101/")).configData.service_table as { id: number; service: string; integration_key: string }[];
    await sentry("POST", "/organizations/example-org/integrations/101/", {
      service_table: table.map((row) => (row.service === "Default Service dev" ? { ...row, integration_key: "f".repeat(32) } : row)),
    });
    const [dev] = await chainOver(mocks, world, ["dev"]);
    expect([dev.status, dev.brokenHop]).toEqual(["FAIL", `PagerDuty service "Default Service dev" (${outputsOf("dev").services["Default Service"].pagerdutyServiceId})`]);
    expect(dev.diagnosis).toBe(
      'sentry: PagerDuty action → service-table row "Default Service dev" (1): refused with routing key …ffff, dedup key DEFAULT-SERVICE-1: PagerDuty answered 400 Invalid routing key; pagerduty: trigger event: refused (400 Invalid routing key): routing key …ffff is no integration\'s key',
    );
    expect(await stillOpen(mocks)).toEqual([]);
  });

  it("fails at PagerDuty's Slack hop when the connected channel was deleted", async () => {
    await new MockControl(mocks.urls.slack as string).seed({ workspaces: [{ id: "T0EXAMPLE1", name: "example-org", channels: [{ id: "C0CHECKOUT1", name: "checkout-alerts", status: "deleted" }] }] });
    const results = await chainOver(mocks, world, ["prod"]);
    const checkout = results.find((r) => r.source.includes("checkout-api"));
    expect([checkout?.status, checkout?.brokenHop]).toEqual(["FAIL", "Slack #checkout-alerts (C0CHECKOUT1) from PagerDuty"]);
    expect(checkout?.diagnosis).toMatch(
      /^pagerduty: Slack connection P[A-Z0-9]{6} → Slack channel #checkout-alerts \(C0CHECKOUT1\): incident\.triggered for incident #\d+ refused by Slack: channel_not_found; slack: chat\.postMessage: PagerDuty could not post to C0CHECKOUT1 in workspace example-org: channel_not_found \(the channel does not exist or was deleted\)$/,
    );
    expect(results.find((r) => r.source.includes("payments-worker"))?.status).toBe("PASS");
    expect(await stillOpen(mocks)).toEqual([]);
  });

  it("fails, and shows the alert reached prod, when a dev project is wired to a prod service", async () => {
    const devWorkflow = outputsOf("dev").services["Default Service"].sentry.alertId as string;
    const prodRow = outputsOf("prod").services["Checkout API"].sentry.pagerdutyRowId as string;
    const workflow = await sentry("GET", `/organizations/example-org/workflows/${devWorkflow}/`);
    workflow.actionFilters[0].actions[0].config = { targetType: "specific", targetIdentifier: prodRow, targetDisplay: "Checkout API prod" };
    await sentry("PUT", `/organizations/example-org/workflows/${devWorkflow}/`, workflow);

    const [dev] = await chainOver(mocks, world, ["dev"]);
    const prodService = outputsOf("prod").services["Checkout API"].pagerdutyServiceId;
    expect([dev.status, dev.brokenHop]).toEqual(["FAIL", `PagerDuty service "Default Service dev" (${outputsOf("dev").services["Default Service"].pagerdutyServiceId})`]);
    expect(dev.diagnosis).toMatch(new RegExp(`^the alert paged "Checkout API prod" \\(${prodService}\\) instead; sent as PagerDuty action → service-table row "Checkout API prod" \\(${prodRow}\\) \\(sent with routing key …`));
    // PagerDuty then posts prod's incident to prod's Slack channel: the negative proof finds that too.
    expect(dev.elsewhere).toMatchObject({
      status: "FAIL",
      detail: expect.stringMatching(new RegExp(`^the alert also reached PagerDuty service "Checkout API prod" \\(${prodService}; prod, stack prod\\): incident #\\d+; Slack #checkout-alerts \\(C0CHECKOUT1; prod\\)$`)),
    });
    expect(await stillOpen(mocks)).toEqual([]);
  });
});

describe("verify --chain in mock mode, interrupted", () => {
  it("stops the hop that is waiting, still cleans up everything it opened, and says so", async () => {
    // Opsgenie never answers Sentry's alert, so that hop waits; PagerDuty's incidents open meanwhile.
    await new MockControl(mocks.urls.opsgenie as string).addFault({ fault: "hang", route: "POST /v2/alerts" });
    const interrupt = new AbortController();
    const run = runChain({ stacks: world.stacks, scope: ["prod"], endpoints: mockEndpoints(mocks.urls), runId: "ow-ctrl-c", hopTimeoutMs: 30_000, interrupt: interrupt.signal, log: () => undefined });
    const pd = new MockControl(mocks.urls.pagerduty as string);
    await vi.waitFor(async () => expect((await pd.state<{ incidents: unknown[] }>()).incidents.length).toBe(2), { timeout: 10_000 });
    interrupt.abort(new Interrupted("interrupted by Ctrl-C"));
    const payments = (await run).results.find((r) => r.source.includes("payments-worker"));
    expect(payments?.hops.filter((h) => h.hop.startsWith("Opsgenie")).map((h) => [h.status, h.detail])).toEqual([["FAIL", "interrupted (Ctrl-C) before it arrived"]]);
    expect([payments?.status, payments?.cleanup]).toEqual(["FAIL", "done"]);
    expect(await stillOpen(mocks)).toEqual([]);
  });
});

describe("verify --chain in mock mode, with prod's validation monitors published for a controlled test", () => {
  let published: PlannedStack[];
  beforeAll(async () => {
    published = [plans[0], plans[1], await planEdited("prod", "  operator-wiring:controlledIncidentTest: true")];
  }, 60_000);
  beforeEach(async () => {
    world = await reseed(mocks, published);
  });
  const datadogOf = (results: Awaited<ReturnType<typeof chainOver>>) => results.find((r) => r.source.startsWith("Datadog"));
  const monitorId = (name: string) => (world.seeds.datadog.monitors as { id: number; name: string }[]).find((m) => m.name === name)?.id;

  it("follows the metric to each monitor's Alert and on to PagerDuty, Opsgenie and Slack", async () => {
    const datadog = datadogOf(await chainOver(mocks, world, ["prod"]));
    expect([datadog?.status, datadog?.hops.map((h) => `${h.status} ${h.hop}`)]).toEqual([
      "PASS",
      [
        "PASS Datadog ← metric meeting the validation monitors of prod",
        `PASS Datadog monitor "integration-validation datadog-to-pagerduty Checkout API prod" (${monitorId("integration-validation datadog-to-pagerduty Checkout API prod")}) → Alert`,
        `PASS Datadog monitor "integration-validation datadog-to-pagerduty Payments Worker prod" (${monitorId("integration-validation datadog-to-pagerduty Payments Worker prod")}) → Alert`,
        `PASS Datadog monitor "integration-validation datadog-to-opsgenie payments-worker-prod" (${monitorId("integration-validation datadog-to-opsgenie payments-worker-prod")}) → Alert`,
        `PASS Datadog monitor "integration-validation datadog-to-slack example-org #checkout-alerts prod" (${monitorId("integration-validation datadog-to-slack example-org #checkout-alerts prod")}) → Alert`,
        `PASS PagerDuty service "Checkout API prod" (${outputsOf("prod").services["Checkout API"].pagerdutyServiceId})`,
        `PASS PagerDuty service "Payments Worker prod" (${outputsOf("prod").services["Payments Worker"].pagerdutyServiceId})`,
        'PASS Opsgenie team "Payments" through "operator-wiring Payments Worker prod for team Payments"',
        "PASS Slack #checkout-alerts (C0CHECKOUT1) from Datadog",
      ],
    ]);
    expect(await stillOpen(mocks)).toEqual([]);
  });

  it("fails at the monitor's hop when a monitor is still in draft", async () => {
    const name = "integration-validation datadog-to-pagerduty Checkout API prod";
    const id = monitorId(name);
    await fetch(`${mocks.urls.datadog}/api/v1/monitor/${id}`, {
      method: "PUT",
      headers: { "content-type": "application/json", "dd-api-key": "0".repeat(32), "dd-application-key": "0".repeat(40) },
      body: JSON.stringify({ draft_status: "draft" }),
    });
    const datadog = datadogOf(await chainOver(mocks, world, ["prod"]));
    expect([datadog?.status, datadog?.brokenHop]).toEqual(["FAIL", `Datadog monitor "${name}" (${id}) → Alert`]);
    expect(datadog?.diagnosis).toBe(
      "the monitor is still a draft: Datadog does not evaluate a draft, and it never notifies (publish it: operator-wiring:controlledIncidentTest true, pulumi up)",
    );
    expect(await stillOpen(mocks)).toEqual([]);
  });

  it("fails at the PagerDuty hop when the Datadog service object is missing, naming the handle", async () => {
    await fetch(`${mocks.urls.datadog}/api/v1/integration/pagerduty/configuration/services/Checkout%20API%20prod`, {
      method: "DELETE",
      headers: { "dd-api-key": "0".repeat(32), "dd-application-key": "0".repeat(40) },
    });
    const datadog = datadogOf(await chainOver(mocks, world, ["prod"]));
    expect([datadog?.status, datadog?.brokenHop]).toEqual(["FAIL", `PagerDuty service "Checkout API prod" (${outputsOf("prod").services["Checkout API"].pagerdutyServiceId})`]);
    expect(datadog?.diagnosis).toBe(
      "datadog: notify @pagerduty-Checkout-API-prod: no PagerDuty service object's name gives @pagerduty-Checkout-API-prod (the service object is missing): nothing sent",
    );
    expect(await stillOpen(mocks)).toEqual([]);
  });
});
