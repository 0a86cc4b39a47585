import { afterAll, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import type { Hop } from "../../mock-endpoints/core/hopLog";
import { correlationHeader } from "../../mock-endpoints/core/hopLog";
import type { ServiceName } from "../../mock-endpoints/core/types";
import { type RunningMocks, startMocks } from "../../mock-endpoints/startMocks";

// The mocks run together and act on the wiring in their state: a Sentry issue alert pages the
// PagerDuty mock, a Datadog monitor notifies through its service objects, a PagerDuty Slack
// connection posts to the Slack mock; every step is a hop of the chain's correlation id.

const token = `sntryu_${"0".repeat(64)}`;
const pdKey = "a".repeat(32);
const ogKey = "00000000-0000-4000-8000-00000000aaaa";
const dsnKey = "0".repeat(32);

let mocks: RunningMocks;
const control = (name: ServiceName) => new MockControl(mocks.urls[name] as string);

beforeAll(async () => {
  mocks = await startMocks({ anyFreePort: true });
});
afterAll(() => mocks.close());
beforeEach(async () => {
  await Promise.all((["sentry", "pagerduty", "opsgenie", "slack", "datadog"] as const).map((name) => control(name).reset()));
});

async function api(service: ServiceName, method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const response = await fetch(`${mocks.urls[service]}${path}`, {
    method,
    headers: { ...(body === undefined ? {} : { "content-type": "application/json" }), ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? "" : JSON.parse(text) };
}
const sentryApi = (method: string, path: string, body?: unknown) => api("sentry", method, `/api/0${path}`, body, { authorization: `Bearer ${token}` });

/** Every mock's hops for one chain, in time order. */
async function trace(correlation: string): Promise<Hop[]> {
  const all = await Promise.all((["sentry", "pagerduty", "opsgenie", "slack", "datadog"] as const).map((name) => control(name).hops(correlation)));
  return all.flat().sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
}
const steps = (hops: Hop[]) => hops.map((h) => `${h.service}: ${h.step}: ${h.outcome}`);

/** One Sentry organisation with the three integrations, the PagerDuty, Opsgenie and Slack sides seeded to match. */
async function seedSentryWorld(rowKey = pdKey): Promise<string> {
  await control("pagerduty").seed({ services: [{ id: "PCHECK1", name: "Checkout API prod", integrations: [{ integration_key: pdKey }] }], unknownRoutingKeys: "refuse", processing: { polls: 0 } });
  await control("opsgenie").seed({ teams: [{ name: "Payments" }], integrations: [{ name: "checkout for Payments", apiKey: ogKey, team: "Payments" }], processing: { polls: 0 } });
  await control("slack").seed({ workspaces: [{ id: "T0EXAMPLE1", name: "example-org", channels: [{ id: "C0CHECKOUT1", name: "checkout-alerts" }] }] });
  await control("sentry").seed({
    organizations: [
      {
        slug: "example-org",
        environments: ["production", "staging"],
        projects: [{ id: "7", slug: "checkout-api" }],
        integrations: [
          { provider: "pagerduty", id: "101", serviceTable: [{ id: 11, service: "Checkout API prod", integration_key: rowKey }] },
          { provider: "opsgenie", id: "102", baseUrl: `${mocks.urls.opsgenie}/`, teamTable: [{ id: "102-Checkout", team: "Checkout API prod", integration_key: ogKey }] },
          { provider: "slack", id: "103", name: "example-org", externalId: "T0EXAMPLE1" },
        ],
      },
    ],
    processing: { polls: 0 },
  });
  const detectors = await sentryApi("GET", "/organizations/example-org/detectors/?project=7&query=type:error");
  return detectors.body[0].id as string;
}

function workflow(detectorId: string, overrides: Record<string, unknown> = {}) {
  return {
    name: "operator-wiring: Checkout API prod",
    enabled: true,
    environment: "production",
    config: { frequency: 30 },
    detectorIds: [detectorId],
    triggers: {
      logicType: "any-short",
      conditions: ["first_seen_event", "regression_event"].map((type) => ({ type, comparison: true, conditionResult: true })),
    },
    actionFilters: [
      {
        logicType: "all",
        conditions: [],
        actions: [
          { type: "pagerduty", integrationId: "101", config: { targetType: "specific", targetIdentifier: "11", targetDisplay: "Checkout API prod" }, data: { priority: "critical" } },
          { type: "opsgenie", integrationId: "102", config: { targetType: "specific", targetIdentifier: "102-Checkout", targetDisplay: "Checkout API prod" }, data: { priority: "P1" } },
          { type: "slack", integrationId: "103", config: { targetType: "specific", targetIdentifier: "C0CHECKOUT1", targetDisplay: "#checkout-alerts" }, data: { tags: "", notes: "" } },
        ],
      },
    ],
    ...overrides,
  };
}

/** An error event through the store endpoint, in an environment, with a fingerprint and the chain's id. */
async function raise(correlation: string, environment: string, fingerprint: string): Promise<string> {
  const reply = await fetch(`${mocks.urls.sentry}/api/7/store/?sentry_version=7&sentry_key=${dsnKey}`, {
    method: "POST",
    headers: { "content-type": "application/json", [correlationHeader]: correlation },
    body: JSON.stringify({ environment, fingerprint: [fingerprint], exception: { values: [{ type: "ChainError", value: `operator-wiring chain ${fingerprint}` }] } }),
  });
  return ((await reply.json()) as { id: string }).id;
}

describe("Sentry issue alerts, when the mocks run together", () => {
  it("pages PagerDuty through the row's routing key, alerts Opsgenie through the team row's key and posts to Slack, for a new issue", async () => {
    const detectorId = await seedSentryWorld();
    expect((await sentryApi("POST", "/organizations/example-org/workflows/", workflow(detectorId))).status).toBe(201);
    await raise("chain-1", "production", "fp-1");

    // Sentry records each action's hop when the other mock has answered, so by then that mock's hops are in.
    await vi.waitFor(async () => expect((await trace("chain-1")).filter((h) => h.step.includes("action →")).length).toBe(3));
    const hops = await trace("chain-1");
    const workflowHop = hops.find((h) => h.step.startsWith("workflow"));
    expect(steps(hops).sort()).toEqual(
      [
        "sentry: event stored: done",
        "sentry: issue: done",
        `sentry: ${workflowHop?.step}: done`,
        'sentry: PagerDuty action → service-table row "Checkout API prod" (11): done',
        'sentry: Opsgenie action → team-table row "Checkout API prod" (102-Checkout): done',
        "sentry: Slack action → #checkout-alerts (C0CHECKOUT1): done",
        "pagerduty: trigger event: done",
        "pagerduty: alert opened: done",
        "opsgenie: create alert: done",
        "opsgenie: alert created: done",
        "slack: chat.postMessage: done",
      ].sort(),
    );
    const [enqueue] = await control("pagerduty").requests({ path: "/v2/enqueue" });
    const sent = JSON.parse(enqueue.body);
    expect(sent).toMatchObject({
      routing_key: pdKey,
      event_action: "trigger",
      client: "sentry",
      dedup_key: "CHECKOUT-API-1",
      payload: { summary: "ChainError: operator-wiring chain fp-1", severity: "critical", source: "<unknown>", component: "checkout-api" },
    });
    const { incidents } = await control("pagerduty").state<{ incidents: { service_id: string; title: string }[] }>();
    expect(incidents.map((i) => [i.service_id, i.title])).toEqual([["PCHECK1", "ChainError: operator-wiring chain fp-1"]]);
    const { alerts } = await control("opsgenie").state<{ alerts: { alias: string; source: string; priority: string; responders: { name: string }[] }[] }>();
    expect(alerts.map((a) => [a.alias.startsWith("sentry: "), a.source, a.priority, a.responders.map((r) => r.name)])).toEqual([[true, "Sentry", "P1", ["Payments"]]]);
    const { messages } = await control("slack").state<{ messages: { channelId: string; app: string; text: string }[] }>();
    expect(messages.map((m) => [m.channelId, m.app, m.text])).toEqual([["C0CHECKOUT1", "Sentry", "ChainError: operator-wiring chain fp-1"]]);
  });

  it("fires again for a resolved issue that regresses, and not for an event joining an open issue", async () => {
    const detectorId = await seedSentryWorld();
    await sentryApi("POST", "/organizations/example-org/workflows/", workflow(detectorId, { actionFilters: [{ ...workflow(detectorId).actionFilters[0], actions: [workflow(detectorId).actionFilters[0].actions[0]] }], config: { frequency: 0 } }));
    const eventId = await raise("first", "production", "fp-2");
    await vi.waitFor(async () => expect(steps(await trace("first"))).toContain("pagerduty: alert opened: done"));
    await raise("again", "production", "fp-2");
    await vi.waitFor(async () => expect(steps(await trace("again"))).toContain("sentry: issue: skipped"));

    const event = await sentryApi("GET", `/projects/example-org/checkout-api/events/${eventId}/`);
    expect((await sentryApi("PUT", `/organizations/example-org/issues/${event.body.groupID}/`, { status: "resolved" })).body.status).toBe("resolved");
    await raise("regressed", "production", "fp-2");
    await vi.waitFor(async () => expect(steps(await trace("regressed"))).toContain("pagerduty: alert opened: skipped"));
    // The same issue keeps its dedup key: PagerDuty folds the regression into the open alert.
    expect((await trace("regressed")).find((h) => h.step === "issue")?.detail).toMatch(/^regressed issue CHECKOUT-API-1/);
  });

  it("skips a workflow of another environment, naming both", async () => {
    const detectorId = await seedSentryWorld();
    await sentryApi("POST", "/organizations/example-org/workflows/", workflow(detectorId));
    await raise("staging-error", "staging", "fp-3");
    await vi.waitFor(async () => expect((await trace("staging-error")).some((h) => h.step.startsWith("workflow"))).toBe(true));
    const hop = (await trace("staging-error")).find((h) => h.step.startsWith("workflow"));
    expect([hop?.outcome, hop?.detail]).toEqual(["skipped", 'for environment "production", the event\'s is "staging"']);
    expect(await control("pagerduty").requests({ path: "/v2/enqueue" })).toEqual([]);
  });

  it("sends a legacy rule's actions too", async () => {
    await seedSentryWorld();
    const rule = {
      name: "legacy",
      actionMatch: "any",
      filterMatch: "all",
      frequency: 30,
      environment: "production",
      conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
      actions: [{ id: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction", account: "101", service: "11", severity: "default" }],
    };
    expect((await sentryApi("POST", "/projects/example-org/checkout-api/rules/", rule)).status).toBe(200);
    await raise("rule-chain", "production", "fp-4");
    await vi.waitFor(async () => expect(steps(await trace("rule-chain"))).toContain("pagerduty: alert opened: done"));
    expect(JSON.parse((await control("pagerduty").requests({ path: "/v2/enqueue" }))[0].body).payload.severity).toBe("error");
  });

  it("breaks at PagerDuty, 400 Invalid routing key, when the row holds a key no integration has", async () => {
    const detectorId = await seedSentryWorld("b".repeat(32));
    await sentryApi("POST", "/organizations/example-org/workflows/", workflow(detectorId));
    await raise("wrong-key", "production", "fp-5");
    await vi.waitFor(async () => expect((await trace("wrong-key")).some((h) => h.step.startsWith("PagerDuty action"))).toBe(true));
    const hops = await trace("wrong-key");
    expect(hops.filter((h) => h.outcome === "failed").map((h) => `${h.service}: ${h.detail}`)).toEqual([
      "pagerduty: refused (400 Invalid routing key): routing key …bbbb is no integration's key",
      "sentry: refused with routing key …bbbb, dedup key CHECKOUT-API-1: PagerDuty answered 400 Invalid routing key",
    ]);
  });
});

describe("PagerDuty Slack connections, when the mocks run together", () => {
  async function seedConnection(channelStatus: "active" | "deleted") {
    await control("slack").seed({ workspaces: [{ id: "T0EXAMPLE1", name: "example-org", channels: [{ id: "C0CHECKOUT1", name: "checkout-alerts", status: channelStatus }] }] });
    await control("pagerduty").seed({
      services: [{ id: "PCHECK1", name: "Checkout API prod", integrations: [{ integration_key: pdKey }] }],
      slackConnections: [{ id: "PSLACK1", source_id: "PCHECK1", workspace_id: "T0EXAMPLE1", channel_id: "C0CHECKOUT1", channel_name: "checkout-alerts" }],
      processing: { polls: 0 },
    });
  }
  const trigger = (correlation: string) =>
    api("pagerduty", "POST", "/v2/enqueue", { routing_key: pdKey, event_action: "trigger", dedup_key: correlation, payload: { summary: `incident ${correlation}`, source: "test", severity: "error" } }, { [correlationHeader]: correlation });

  it("posts a new incident to the connected channel", async () => {
    await seedConnection("active");
    await trigger("pd-1");
    await vi.waitFor(async () => expect(steps(await trace("pd-1"))).toContain("pagerduty: Slack connection PSLACK1 → Slack channel #checkout-alerts (C0CHECKOUT1): done"));
    const { messages } = await control("slack").state<{ messages: { channelId: string; app: string; text: string }[] }>();
    expect(messages.map((m) => [m.channelId, m.app, m.text])).toEqual([["C0CHECKOUT1", "PagerDuty", "Triggered: [#1] incident pd-1"]]);
  });

  it("breaks at Slack, channel_not_found, when the connected channel was deleted", async () => {
    await seedConnection("deleted");
    await trigger("pd-2");
    await vi.waitFor(async () => expect((await trace("pd-2")).some((h) => h.step.startsWith("Slack connection"))).toBe(true));
    const failed = (await trace("pd-2")).filter((h) => h.outcome === "failed").map((h) => `${h.service}: ${h.detail}`);
    expect(failed).toEqual([
      "slack: PagerDuty could not post to C0CHECKOUT1 in workspace example-org: channel_not_found (the channel does not exist or was deleted)",
      "pagerduty: incident.triggered for incident #1 refused by Slack: channel_not_found",
    ]);
  });
});

describe("Datadog monitors, when the mocks run together", () => {
  const ddHeaders = { "dd-api-key": "0".repeat(32), "dd-application-key": "0".repeat(40) };
  const query = "avg(last_5m):avg:system.load.1{*} > 100000";

  async function seedMonitor(draft: "draft" | "published", withServiceObject = true, message = "@pagerduty-Checkout-API-prod @opsgenie-checkout-prod @slack-example-org-checkout-alerts"): Promise<number> {
    await control("pagerduty").seed({ services: [{ id: "PCHECK1", name: "Checkout API prod", integrations: [{ integration_key: pdKey }] }], processing: { polls: 0 } });
    await control("opsgenie").seed({ teams: [{ name: "Checkout" }], integrations: [{ name: "checkout for Checkout", apiKey: ogKey, team: "Checkout" }], processing: { polls: 0 } });
    await control("slack").seed({ workspaces: [{ id: "T0EXAMPLE1", name: "example-org", channels: [{ id: "C0CHECKOUT1", name: "checkout-alerts" }] }] });
    await control("datadog").seed({
      pagerdutyServices: [{ service_name: "Checkout API prod", service_key: pdKey }],
      opsgenieServices: [{ name: "checkout-prod", region: "us", opsgenie_api_key: ogKey }],
      slackChannels: [{ account: "example-org", channel_name: "#checkout-alerts" }],
      monitors: [{ type: "query alert", query, name: "validation", message, draft_status: draft }],
    });
    if (!withServiceObject) await api("datadog", "DELETE", "/api/v1/integration/pagerduty/configuration/services/Checkout%20API%20prod", undefined, ddHeaders);
    return (await control("datadog").state<{ monitors: { id: number }[] }>()).monitors[0].id;
  }
  const submit = (correlation: string, value: number) =>
    api("datadog", "POST", "/api/v2/series", { series: [{ metric: "system.load.1", type: 3, points: [{ timestamp: Math.floor(Date.now() / 1000), value }] }] }, { ...ddHeaders, [correlationHeader]: correlation });
  const readMonitor = (id: number) => api("datadog", "GET", `/api/v1/monitor/${id}`, undefined, ddHeaders);

  it("goes to Alert once a submitted point meets the query and notifies PagerDuty, Opsgenie and Slack", async () => {
    const id = await seedMonitor("published");
    await submit("dd-1", 200_000);
    expect((await readMonitor(id)).body.overall_state).toBe("No Data");
    expect((await readMonitor(id)).body.overall_state).toBe("Alert");
    await vi.waitFor(async () => expect((await trace("dd-1")).filter((h) => h.service === "datadog" && h.step.startsWith("notify")).length).toBe(3));
    expect(steps((await trace("dd-1")).filter((h) => h.service === "datadog"))).toEqual([
      `datadog: monitor "validation" (${id}): done`,
      "datadog: notify @pagerduty-Checkout-API-prod: done",
      "datadog: notify @opsgenie-checkout-prod: done",
      "datadog: notify @slack-example-org-checkout-alerts: done",
    ].sort((a, b) => (a.includes("monitor") ? -1 : b.includes("monitor") ? 1 : 0)).filter(Boolean));
    const { incidents } = await control("pagerduty").state<{ incidents: { title: string }[] }>();
    expect(incidents.map((i) => i.title)).toEqual(["[Triggered] validation"]);
  });

  it("never evaluates or notifies a draft, and says so in the chain", async () => {
    const id = await seedMonitor("draft");
    await submit("dd-2", 200_000);
    await readMonitor(id);
    expect((await readMonitor(id)).body.overall_state).toBe("No Data");
    expect((await trace("dd-2")).map((h) => `${h.outcome}: ${h.detail}`)).toEqual(["skipped: is a draft: Datadog does not evaluate a draft monitor, and it sends no notification"]);
    expect(await control("pagerduty").requests({ path: "/v2/enqueue" })).toEqual([]);
  });

  it("breaks at the handle whose service object is missing, and still notifies the others", async () => {
    const id = await seedMonitor("published", false, "@pagerduty-Checkout-API-prod");
    await submit("dd-3", 200_000);
    await readMonitor(id);
    await readMonitor(id);
    const failed = (await trace("dd-3")).filter((h) => h.outcome === "failed").map((h) => `${h.step}: ${h.detail}`);
    expect(failed).toEqual(["notify @pagerduty-Checkout-API-prod: no PagerDuty service object's name gives @pagerduty-Checkout-API-prod (the service object is missing): nothing sent"]);
  });

  it("refuses clearly a query shape it does not evaluate", async () => {
    await seedMonitor("published");
    await control("datadog").seed({ monitors: [{ type: "query alert", query: "avg(last_5m):avg:system.load.1{*} by {host} > 100000", name: "grouped", message: "" }] });
    await submit("dd-4", 200_000);
    await api("datadog", "GET", "/api/v1/monitor", undefined, ddHeaders);
    await api("datadog", "GET", "/api/v1/monitor", undefined, ddHeaders);
    const refused = (await trace("dd-4")).find((h) => h.step.includes('"grouped"'));
    expect(refused?.detail).toBe(
      'not evaluated: the query "avg(last_5m):avg:system.load.1{*} by {host} > 100000" is not of the shape the mock evaluates (<avg|max|min|sum>(last_<n><m|h|d>):<avg|max|min|sum>:<metric>{<* or tag,tag>} <comparator> <threshold>; no "by {…}" groups, no formulas)',
    );
  });
});
