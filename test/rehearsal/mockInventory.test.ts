import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningMocks, startMocks } from "../../mock-endpoints/startMocks";
import { expectedInventory, readInventory } from "../../rehearsal/mockInventory";
import { sentryIntegrationIds, seedWorld } from "../../rehearsal/mockWorld";
import { mockEndpoints, rehearsalStackConfig } from "../../rehearsal/rehearsalStackConfig";

let mocks: RunningMocks;
beforeAll(async () => {
  mocks = await startMocks({ anyFreePort: true });
});
afterAll(() => mocks.close());

const key = (n: number) => String(n).repeat(32).slice(0, 32);

async function freshWorld(environment: "dev" | "staging" | "prod") {
  await Promise.all(Object.values(mocks.urls).map((url) => new MockControl(url ?? "").reset()));
  const { settings } = rehearsalStackConfig(environment, mockEndpoints(mocks));
  await seedWorld(mocks, settings);
  return settings;
}

describe("the rehearsal's read-back of the mocks", () => {
  it("finds only what an operator sets up by hand in a fresh world: the adopted Opsgenie team", async () => {
    const settings = await freshWorld("staging");
    const found = await readInventory(mocks);
    expect(found).toEqual({ sentryRows: [], sentryWorkflows: [], opsgenieTeams: ["Payments"], opsgenieIntegrations: [], splunkTokens: [] });
    // ...which is exactly what staging leaves after a destroy.
    expect(expectedInventory(settings, found, { routingKeyOf: () => key(1), routing: false, destroyed: true })).toEqual(found);
  });

  it("tells a row that holds an old routing key from one that holds the current key", async () => {
    const settings = await freshWorld("dev");
    await new MockControl(mocks.urls.sentry ?? "").seed({
      organizations: [{ slug: "example-org", integrations: [{ provider: "pagerduty", id: sentryIntegrationIds.pagerduty, name: "PagerDuty (rehearsal)", externalId: "rehearsal", serviceTable: [{ service: "Default Service dev", integration_key: key(1) }] }] }],
    });
    const found = await readInventory(mocks);
    expect(found.sentryRows).toEqual([{ table: "pagerduty", name: "Default Service dev", key: key(1) }]);
    const current = expectedInventory(settings, found, { routingKeyOf: () => key(1), routing: false });
    const rotated = expectedInventory(settings, found, { routingKeyOf: () => key(2), routing: false });
    expect(current.sentryRows).toEqual(found.sentryRows);
    expect(rotated.sentryRows).not.toEqual(found.sentryRows);
  });

  it("expects prod to keep its rows, integrations, teams and token after a destroy, and dev none of its own", () => {
    const prod = rehearsalStackConfig("prod", mockEndpoints(mocks)).settings;
    const none = { sentryRows: [], sentryWorkflows: [], opsgenieTeams: [], opsgenieIntegrations: [], splunkTokens: [] };
    const kept = expectedInventory(prod, none, { routingKeyOf: (s) => `key of ${s}`, routing: true, destroyed: true });
    expect(kept.sentryRows.map((r) => [r.table, r.name])).toEqual([
      ["opsgenie", "Payments Worker prod"],
      ["pagerduty", "Checkout API prod"],
      ["pagerduty", "Payments Worker prod"],
    ]);
    expect([kept.sentryWorkflows, kept.opsgenieTeams, kept.splunkTokens.map((t) => t.name)]).toEqual([[], ["Payments"], ["operator-wiring-prod"]]);
    const dev = rehearsalStackConfig("dev", mockEndpoints(mocks)).settings;
    expect(expectedInventory(dev, none, { routingKeyOf: () => "k", routing: true, destroyed: true })).toEqual(none);
  });

  it("expects every workflow's actions to target its own service's rows and channels", () => {
    const prod = rehearsalStackConfig("prod", mockEndpoints(mocks)).settings;
    const none = { sentryRows: [], sentryWorkflows: [], opsgenieTeams: [], opsgenieIntegrations: [], splunkTokens: [] };
    expect(expectedInventory(prod, none, { routingKeyOf: () => "k", routing: true }).sentryWorkflows).toEqual([
      { name: "operator-wiring: Checkout API prod", environment: "production", actions: ["pagerduty → Checkout API prod", "slack → checkout-alerts"] },
      { name: "operator-wiring: Payments Worker prod", environment: "production", actions: ["opsgenie → Payments Worker prod", "pagerduty → Payments Worker prod"] },
    ]);
  });
});
