import { client, v1, v2 } from "@datadog/datadog-api-client";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { datadogMock } from "../../mock-endpoints/datadog";

// Right shape (32 and 40 hex characters), obviously fake.
const apiKey = "0".repeat(32);
const appKey = "0".repeat(40);
const edgeForbidden = {
  status: "error",
  code: 403,
  errors: ["Forbidden"],
  statuspage: "http://status.datadoghq.com",
  twitter: "http://twitter.com/datadogops",
  email: "support@datadoghq.com",
};
const cpuQuery = "avg(last_5m):avg:system.cpu.user{env:test} > 90";

let mock: RunningService;
let control: MockControl;
let configuration: client.Configuration;

beforeAll(async () => {
  mock = await startService(datadogMock, { port: 0 });
  control = new MockControl(mock.url);
  // The official client, unchanged: only the server and the keys are configured. Its retries are off
  // by default (enableRetry: false) and it compresses nothing unless asked, so nothing is disabled here.
  configuration = client.createConfiguration({
    baseServer: new client.BaseServerConfiguration(mock.url, {}),
    authMethods: { apiKeyAuth: apiKey, appKeyAuth: appKey },
  });
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

/** What the official client throws for an HTTP error: the status and Datadog's `errors`. */
async function apiFailure(promise: Promise<unknown>): Promise<{ code: number; errors: unknown }> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof client.ApiException) return { code: error.code, errors: (error.body as { errors?: unknown }).errors };
    throw error;
  }
  throw new Error("expected the Datadog call to fail");
}

/** A raw request, for what the client hides (headers, exact bodies, missing keys). */
async function call(method: string, path: string, options: { body?: unknown; keys?: { api?: string; app?: string }; contentType?: string } = {}) {
  const keys = options.keys ?? { api: apiKey, app: appKey };
  const headers: Record<string, string> = { "content-type": options.contentType ?? "application/json" };
  if (keys.api !== undefined) headers["dd-api-key"] = keys.api;
  if (keys.app !== undefined) headers["dd-application-key"] = keys.app;
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const response = await fetch(`${mock.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? undefined : (JSON.parse(text) as unknown) };
}

const monitorsApi = () => new v1.MonitorsApi(configuration);
const pagerDutyApi = () => new v1.PagerDutyIntegrationApi(configuration);

describe("Datadog intake, through @datadog/datadog-api-client", () => {
  it("validates the API key", async () => {
    expect((await new v1.AuthenticationApi(configuration).validate()).valid).toBe(true);
  });

  it("accepts v2 series: 202 {errors: []}, and the point is kept by metric name with its tags", async () => {
    const result = await new v2.MetricsApi(configuration).submitMetrics({
      body: { series: [{ metric: "operator_wiring.verify", type: 3, points: [{ timestamp: 1_700_000_000, value: 1 }], tags: ["stack:dev", "run:42"] }] },
    });
    expect(result.errors).toEqual([]);
    const state = await control.state<{ metrics: Record<string, unknown[]> }>();
    expect(state.metrics["operator_wiring.verify"]).toEqual([{ timestamp: 1_700_000_000, value: 1, tags: ["stack:dev", "run:42"], type: 3, api: "v2" }]);
  });

  it("accepts v1 series sent as text/json: 202 {status: ok}", async () => {
    const result = await new v1.MetricsApi(configuration).submitMetrics({
      body: { series: [{ metric: "operator_wiring.verify", type: "gauge", points: [[1_700_000_000, 1]], tags: ["stack:dev"], host: "ci" }] },
    });
    expect(result.status).toBe("ok");
    const [request] = await control.requests({ path: "/api/v1/series" });
    expect(request.headers["content-type"]).toBe("text/json");
    const state = await control.state<{ metrics: Record<string, unknown[]> }>();
    expect(state.metrics["operator_wiring.verify"]).toEqual([{ timestamp: 1_700_000_000, value: 1, tags: ["stack:dev"], type: "gauge", host: "ci", api: "v1" }]);
  });

  it("posts an event: 202 with the event echoed, its id and its URL", async () => {
    const result = await new v1.EventsApi(configuration).createEvent({
      body: { title: "operator-wiring verify", text: "run 42", tags: ["stack:dev"], alertType: "info", dateHappened: 1_700_000_000 },
    });
    const id = result.event?.id as number;
    expect(result.status).toBe("ok");
    expect({ title: result.event?.title, text: result.event?.text, tags: result.event?.tags, url: result.event?.url, idStr: result.event?.idStr }).toEqual({
      title: "operator-wiring verify",
      text: "run 42",
      tags: ["stack:dev"],
      url: `https://app.datadoghq.com/event/event?id=${id}`,
      idStr: String(id),
    });
    // Indexed asynchronously: the first read does not find it yet, the next one does.
    expect(await apiFailure(new v1.EventsApi(configuration).getEvent({ eventId: id }))).toEqual({ code: 404, errors: ["Event not found"] });
    const fetched = await new v1.EventsApi(configuration).getEvent({ eventId: id });
    expect([fetched.event?.title, fetched.event?.alertType]).toEqual(["operator-wiring verify", "info"]);
  });

  it("stores tags as Datadog does: lowercase, other characters as underscores, starting with a letter", async () => {
    await control.seed({ eventIndexing: { polls: 0 } });
    const tags = ["run_id:ow-20260601T101500-1A2B", "Team:Payments Core", "9lives", "env:prod!"];
    const event = (await call("POST", "/api/v1/events", { body: { title: "t", text: "x", tags } })).body as { event: { id: number; tags: string[] } };
    // The 202 echoes what was sent; what Datadog keeps, and answers on read, is normalised.
    expect(event.event.tags).toEqual(tags);
    const read = await new v1.EventsApi(configuration).getEvent({ eventId: event.event.id });
    expect(read.event?.tags).toEqual(["run_id:ow-20260601t101500-1a2b", "team:payments_core", "lives", "env:prod"]);
    await call("POST", "/api/v2/series", { body: { series: [{ metric: "m", points: [{ timestamp: 1_700_000_000, value: 1 }], tags: ["Stack:Dev"] }] } });
    expect((await control.state<{ metrics: Record<string, { tags: string[] }[]> }>()).metrics.m[0].tags).toEqual(["stack:dev"]);
  });

  it("finds an event after delayMs without any read", async () => {
    await control.seed({ eventIndexing: { delayMs: 0 } });
    const { id } = (await new v1.EventsApi(configuration).createEvent({ body: { title: "t", text: "x" } })).event!;
    expect((await new v1.EventsApi(configuration).getEvent({ eventId: id! })).event?.title).toBe("t");
  });

  it("links events to the seeded site's web app", async () => {
    await control.seed({ site: "datadoghq.eu" });
    const result = await call("POST", "/api/v1/events", { body: { title: "t", text: "x" }, keys: { api: apiKey } });
    const event = (result.body as { event: { id: number; url: string } }).event;
    expect([result.status, event.url]).toEqual([202, `https://app.datadoghq.eu/event/event?id=${event.id}`]);
  });

  it("refuses an event without a title or text: 400 {errors}", async () => {
    expect(await apiFailure(new v1.EventsApi(configuration).createEvent({ body: { title: "", text: "x" } }))).toEqual({ code: 400, errors: ["Event title is required"] });
    expect(await call("POST", "/api/v1/events", { body: { title: "t" } })).toMatchObject({ status: 400, body: { errors: ["Event text is required"] } });
  });

  it("refuses malformed series with 400 {errors} and keeps nothing", async () => {
    const v2Bad = await call("POST", "/api/v2/series", { body: { series: [{ metric: "m", points: [[1, 2]] }] } });
    expect([v2Bad.status, v2Bad.body]).toEqual([400, { errors: ['Invalid payload: series[0].points must be {"timestamp": <int>, "value": <number>} objects'] }]);
    const v1Bad = await call("POST", "/api/v1/series", { body: "{not json", contentType: "text/json" });
    expect([v1Bad.status, v1Bad.body]).toEqual([400, { errors: ['Invalid payload: expected {"series": [...]}'] }]);
    expect((await control.state<{ metrics: object }>()).metrics).toEqual({});
  });
});

describe("Datadog keys", () => {
  it.each([
    ["missing", undefined],
    ["malformed (31 characters)", "0".repeat(31)],
    ["malformed (not hex)", "z".repeat(32)],
  ])("refuses a %s API key on intake with the edge's 403", async (_what, key) => {
    const result = await call("POST", "/api/v2/series", { body: { series: [] }, keys: { api: key } });
    expect([result.status, result.body]).toEqual([403, edgeForbidden]);
  });

  it("refuses a malformed API key through the client: 403 Forbidden", async () => {
    const bad = client.createConfiguration({ baseServer: new client.BaseServerConfiguration(mock.url, {}), authMethods: { apiKeyAuth: "not-a-key" } });
    expect(await apiFailure(new v1.AuthenticationApi(bad).validate())).toEqual({ code: 403, errors: ["Forbidden"] });
  });

  it("needs no application key on intake", async () => {
    expect((await call("GET", "/api/v1/validate", { keys: { api: apiKey } })).body).toEqual({ valid: true });
  });

  it.each([
    ["missing", undefined],
    ["malformed (39 characters)", "0".repeat(39)],
    ["malformed (an API key)", apiKey],
  ])("refuses a %s application key on management: 403 {errors: [Forbidden]}", async (_what, key) => {
    const result = await call("GET", "/api/v1/monitor", { keys: { api: apiKey, app: key } });
    expect([result.status, result.body]).toEqual([403, { errors: ["Forbidden"] }]);
  });

  it("refuses a missing API key on management at the edge, even with an application key", async () => {
    const result = await call("POST", "/api/v1/monitor/validate", { body: { type: "query alert", query: cpuQuery }, keys: { app: appKey } });
    expect([result.status, result.body]).toEqual([403, edgeForbidden]);
  });

  it("refuses management through the client without an application key", async () => {
    const apiOnly = client.createConfiguration({ baseServer: new client.BaseServerConfiguration(mock.url, {}), authMethods: { apiKeyAuth: apiKey } });
    expect(await apiFailure(new v1.MonitorsApi(apiOnly).getMonitor({ monitorId: 1 }))).toEqual({ code: 403, errors: ["Forbidden"] });
  });
});

describe("Datadog monitors, through @datadog/datadog-api-client", () => {
  it("validates a definition: 200 {}", async () => {
    expect(await monitorsApi().validateMonitor({ body: { type: "query alert", query: cpuQuery, options: { thresholds: { critical: 90, warning: 80 } } } })).toEqual({});
  });

  it("creates a draft monitor, reads it back as a draft, deletes it, then answers 404", async () => {
    const created = await monitorsApi().createMonitor({
      body: { type: "metric alert", query: cpuQuery, name: "CPU high", message: "CPU is high", tags: ["stack:dev"], priority: 2, draftStatus: "draft" },
    });
    expect(created).toMatchObject({ type: "query alert", query: cpuQuery, name: "CPU high", tags: ["stack:dev"], priority: 2, draftStatus: "draft", overallState: "No Data" });
    expect(created.options?.thresholds?.critical).toBe(90);

    const fetched = await monitorsApi().getMonitor({ monitorId: created.id as number });
    expect([fetched.id, fetched.draftStatus, fetched.created?.toISOString()]).toEqual([created.id, "draft", created.created?.toISOString()]);

    expect((await monitorsApi().deleteMonitor({ monitorId: created.id as number })).deletedMonitorId).toBe(created.id);
    expect(await apiFailure(monitorsApi().getMonitor({ monitorId: created.id as number }))).toEqual({ code: 404, errors: ["Monitor not found"] });
    expect(await apiFailure(monitorsApi().deleteMonitor({ monitorId: created.id as number }))).toEqual({ code: 404, errors: ["Monitor not found"] });
    expect((await control.state<{ monitors: unknown[] }>()).monitors).toEqual([]);
  });

  it("edits a monitor: a draft published, its creation date kept; a handle that matches nothing refused", async () => {
    const created = await monitorsApi().createMonitor({ body: { type: "query alert", query: cpuQuery, name: "CPU high", draftStatus: "draft" } });
    const edited = await monitorsApi().updateMonitor({ monitorId: created.id as number, body: { draftStatus: "published", message: "CPU is high" } });
    expect([edited.draftStatus, edited.message, edited.name, edited.created?.toISOString()]).toEqual(["published", "CPU is high", "CPU high", created.created?.toISOString()]);
    const refused = await apiFailure(monitorsApi().updateMonitor({ monitorId: created.id as number, body: { message: "@pagerduty-Nobody" } }));
    expect(refused).toEqual({ code: 400, errors: ["Invalid notification handle: @pagerduty-Nobody matches no PagerDuty service"] });
  });

  it("publishes by default", async () => {
    const created = await monitorsApi().createMonitor({ body: { type: "query alert", query: cpuQuery } });
    expect(created.draftStatus).toBe("published");
    expect((await monitorsApi().listMonitors()).map((m) => m.id)).toEqual([created.id]);
  });

  it("refuses a critical threshold that differs from the query's, as Datadog words it", async () => {
    const body = { type: "query alert" as const, query: cpuQuery, options: { thresholds: { critical: 80 } } };
    const expected = { code: 400, errors: ["Alert threshold (80.0) does not match that used in the query (90.0)."] };
    expect(await apiFailure(monitorsApi().validateMonitor({ body }))).toEqual(expected);
    expect(await apiFailure(monitorsApi().createMonitor({ body }))).toEqual(expected);
  });

  it("refuses a warning threshold without a critical one", async () => {
    const body = { type: "query alert" as const, query: cpuQuery, options: { thresholds: { warning: 80 } } };
    expect(await apiFailure(monitorsApi().validateMonitor({ body }))).toEqual({ code: 400, errors: ["Alert status is required."] });
  });

  it("refuses a query it cannot parse", async () => {
    const result = await call("POST", "/api/v1/monitor/validate", { body: { type: "metric alert", query: "THIS IS A BAD QUERY" } });
    expect([result.status, result.body]).toEqual([400, { errors: ["The value provided for parameter 'query' is invalid"] }]);
  });

  it("refuses an unknown monitor type", async () => {
    const result = await call("POST", "/api/v1/monitor", { body: { type: "cpu alert", query: cpuQuery } });
    expect([result.status, result.body]).toEqual([400, { errors: ["The value provided for parameter 'type' is invalid"] }]);
  });

  it("refuses a @pagerduty handle that maps to no PagerDuty service object, and creates nothing", async () => {
    await control.seed({ pagerdutyServices: ["Checkout API"] });
    const body = { type: "query alert" as const, query: cpuQuery, message: "Page @pagerduty-Payments-API" };
    const expected = { code: 400, errors: ["Invalid notification handle: @pagerduty-Payments-API matches no PagerDuty service"] };
    expect(await apiFailure(monitorsApi().validateMonitor({ body }))).toEqual(expected);
    expect(await apiFailure(monitorsApi().createMonitor({ body }))).toEqual(expected);
    expect((await control.state<{ monitors: unknown[] }>()).monitors).toEqual([]);
  });

  it("accepts handles that map to service objects: spaces in the PagerDuty name become dashes", async () => {
    await pagerDutyApi().createPagerDutyIntegrationService({ body: { serviceName: "Checkout API", serviceKey: "1".repeat(32) } });
    await new v2.OpsgenieIntegrationApi(configuration).createOpsgenieService({
      body: { data: { type: "opsgenie-service", attributes: { name: "ops-team", opsgenieApiKey: "00000000-0000-0000-0000-000000000000", region: "eu" } } },
    });
    const message = "{{#is_alert}}@pagerduty-Checkout-API @opsgenie-ops-team{{/is_alert}}";
    expect(await monitorsApi().validateMonitor({ body: { type: "query alert", query: cpuQuery, message } })).toEqual({});
  });

  it("refuses an @opsgenie handle with no Opsgenie service object", async () => {
    const body = { type: "query alert" as const, query: cpuQuery, message: "@opsgenie-ops-team" };
    expect(await apiFailure(monitorsApi().validateMonitor({ body }))).toEqual({ code: 400, errors: ["Invalid notification handle: @opsgenie-ops-team matches no Opsgenie service"] });
  });

  it("accepts unmapped handles when seeded with strictHandles false", async () => {
    await control.seed({ strictHandles: false });
    expect(await monitorsApi().validateMonitor({ body: { type: "query alert", query: cpuQuery, message: "@pagerduty-Nobody" } })).toEqual({});
  });

  it("serves seeded monitors", async () => {
    const state = await control.seed<{ monitors: { id: number }[] }>({ monitors: [{ type: "query alert", query: cpuQuery, name: "seeded", draft_status: "draft" }] });
    const fetched = await monitorsApi().getMonitor({ monitorId: state.monitors[0].id });
    expect([fetched.name, fetched.draftStatus]).toEqual(["seeded", "draft"]);
  });
});

describe("Datadog PagerDuty service objects, through @datadog/datadog-api-client", () => {
  it("creates, reads (name only, never the key), updates and deletes a service object", async () => {
    const created = await pagerDutyApi().createPagerDutyIntegrationService({ body: { serviceName: "Checkout API", serviceKey: "1".repeat(32) } });
    expect(created.serviceName).toBe("Checkout API");
    const fetched = await call("GET", "/api/v1/integration/pagerduty/configuration/services/Checkout%20API");
    expect([fetched.status, fetched.body]).toEqual([200, { service_name: "Checkout API" }]);
    expect((await pagerDutyApi().getPagerDutyIntegrationService({ serviceName: "Checkout API" })).serviceName).toBe("Checkout API");

    await pagerDutyApi().updatePagerDutyIntegrationService({ serviceName: "Checkout API", body: { serviceKey: "2".repeat(32) } });
    expect((await control.state<{ pagerdutyServices: unknown[] }>()).pagerdutyServices).toEqual([{ service_name: "Checkout API", service_key: "****2222" }]);

    await pagerDutyApi().deletePagerDutyIntegrationService({ serviceName: "Checkout API" });
    expect(await apiFailure(pagerDutyApi().getPagerDutyIntegrationService({ serviceName: "Checkout API" }))).toEqual({ code: 404, errors: ["Service not found"] });
    expect((await control.state<{ pagerdutyServices: unknown[] }>()).pagerdutyServices).toEqual([]);
  });

  it("refuses to create a service object twice: 400 Service already exists", async () => {
    await control.seed({ pagerdutyServices: ["Checkout API"] });
    expect(await apiFailure(pagerDutyApi().createPagerDutyIntegrationService({ body: { serviceName: "Checkout API", serviceKey: "1".repeat(32) } }))).toEqual({
      code: 400,
      errors: ["Service already exists"],
    });
  });

  it("refuses service objects while the PagerDuty tile is not installed", async () => {
    await control.seed({ pagerdutyIntegrationActive: false });
    expect(await apiFailure(pagerDutyApi().createPagerDutyIntegrationService({ body: { serviceName: "Checkout API", serviceKey: "1".repeat(32) } }))).toEqual({
      code: 400,
      errors: ["Pagerduty Integration not found"],
    });
    expect((await control.state<{ pagerdutyServices: unknown[] }>()).pagerdutyServices).toEqual([]);
  });

  it("answers the tile itself (GET /api/v1/integration/pagerduty) with its services, or 404 while it is not installed", async () => {
    await control.seed({ pagerdutyServices: ["Checkout API"] });
    expect(await call("GET", "/api/v1/integration/pagerduty")).toMatchObject({ status: 200, body: { services: [{ service_name: "Checkout API" }], subdomain: "mock", schedules: [] } });
    await control.seed({ pagerdutyIntegrationActive: false });
    expect(await call("GET", "/api/v1/integration/pagerduty")).toMatchObject({ status: 404, body: { errors: ["Pagerduty Integration not found"] } });
    expect(await call("GET", "/api/v1/integration/pagerduty", { keys: { api: apiKey } })).toMatchObject({ status: 403, body: { errors: ["Forbidden"] } });
  });
});

describe("Datadog Opsgenie service objects, through @datadog/datadog-api-client", () => {
  it("creates a service object (v2, JSON:API): 201 with id, name and region, never the key", async () => {
    const api = new v2.OpsgenieIntegrationApi(configuration);
    const created = await api.createOpsgenieService({
      body: { data: { type: "opsgenie-service", attributes: { name: "ops-team", opsgenieApiKey: "00000000-0000-0000-0000-000000000000", region: "us" } } },
    });
    expect(created.data.id).toMatch(/^[0-9a-f-]{36}$/);
    expect([created.data.type, created.data.attributes.name, created.data.attributes.region, created.data.attributes.customUrl]).toEqual(["opsgenie-service", "ops-team", "us", null]);
    const raw = await call("GET", `/api/v2/integration/opsgenie/services/${created.data.id}`);
    expect(raw.body).toEqual({ data: { type: "opsgenie-service", id: created.data.id, attributes: { custom_url: null, region: "us", name: "ops-team" } } });

    await api.deleteOpsgenieService({ integrationServiceId: created.data.id });
    expect((await call("GET", `/api/v2/integration/opsgenie/services/${created.data.id}`)).status).toBe(404);
  });

  it("refuses a second service object of the same name: 409", async () => {
    await control.seed({ opsgenieServices: ["ops-team"] });
    const api = new v2.OpsgenieIntegrationApi(configuration);
    const body = { data: { type: "opsgenie-service" as const, attributes: { name: "ops-team", opsgenieApiKey: "00000000-0000-0000-0000-000000000000", region: "us" as const } } };
    expect((await apiFailure(api.createOpsgenieService({ body }))).code).toBe(409);
  });

  it("refuses a custom region without custom_url", async () => {
    const body = { data: { type: "opsgenie-service", attributes: { name: "ops", opsgenie_api_key: "k", region: "custom" } } };
    const result = await call("POST", "/api/v2/integration/opsgenie/services", { body });
    expect([result.status, result.body]).toEqual([400, { errors: ["custom_url is required when region is custom"] }]);
  });
});

describe("Datadog Slack channels, through @datadog/datadog-api-client", () => {
  it("adds, lists, reads and removes a channel of an account the Datadog Slack app is installed in", async () => {
    await control.seed({ slackAccounts: [{ name: "acme", channels: ["#general"] }] });
    const api = new v1.SlackIntegrationApi(configuration);
    const added = await api.createSlackIntegrationChannel({ accountName: "acme", body: { name: "#checkout-alerts", display: { notified: false } } });
    expect([added.name, added.display?.notified, added.display?.message, added.display?.muteButtons]).toEqual(["#checkout-alerts", false, true, false]);
    expect((await api.getSlackIntegrationChannels({ accountName: "acme" })).map((c) => c.name)).toEqual(["#general", "#checkout-alerts"]);
    expect((await api.getSlackIntegrationChannel({ accountName: "acme", channelName: "#checkout-alerts" })).name).toBe("#checkout-alerts");
    await api.removeSlackIntegrationChannel({ accountName: "acme", channelName: "#checkout-alerts" });
    expect((await api.getSlackIntegrationChannels({ accountName: "acme" })).map((c) => c.name)).toEqual(["#general"]);
  });

  it("refuses an account without the app (404), a channel added twice (409) and a name without its #", async () => {
    await control.seed({ slackAccounts: [{ name: "acme", channels: ["#general"] }] });
    const path = (account: string) => `/api/v1/integration/slack/configuration/accounts/${account}/channels`;
    expect(await call("GET", path("other"))).toMatchObject({ status: 404, body: { errors: ["Slack account other not found"] } });
    expect(await call("POST", path("acme"), { body: { name: "#general" } })).toMatchObject({ status: 409, body: { errors: ["Channel #general already exists"] } });
    expect(await call("POST", path("acme"), { body: { name: "general" } })).toMatchObject({ status: 400, body: { errors: ["name must be a channel name starting with #"] } });
  });
});

describe("Datadog faults", () => {
  it("forbidden: the edge's 403, as a key of another site gets", async () => {
    await control.addFault({ fault: "forbidden" });
    expect(await apiFailure(new v1.AuthenticationApi(configuration).validate())).toEqual({ code: 403, errors: ["Forbidden"] });
    const result = await call("POST", "/api/v2/series", { body: { series: [] } });
    expect([result.status, result.body]).toEqual([403, edgeForbidden]);
  });

  it("app-key-forbidden: 403 {errors: [Forbidden]}", async () => {
    await control.addFault({ route: "POST /api/v1/monitor", fault: "app-key-forbidden" });
    const result = await call("POST", "/api/v1/monitor", { body: { type: "query alert", query: cpuQuery } });
    expect([result.status, result.body]).toEqual([403, { errors: ["Forbidden"] }]);
  });

  it("rate-limited: 429 with Datadog's rate-limit headers, for one request", async () => {
    await control.addFault({ route: "POST /api/v1/monitor", fault: "rate-limited", times: 1 });
    const limited = await call("POST", "/api/v1/monitor", { body: { type: "query alert", query: cpuQuery } });
    expect({
      status: limited.status,
      body: limited.body,
      headers: ["x-ratelimit-limit", "x-ratelimit-period", "x-ratelimit-remaining", "x-ratelimit-reset", "x-ratelimit-name", "retry-after"].map((h) => limited.headers.get(h)),
    }).toEqual({
      status: 429,
      body: { errors: ["Rate limit of 1000 requests in 60 seconds reached. Please try again later."] },
      headers: ["1000", "60", "0", "1", "monitor_api", "1"],
    });
    expect((await call("POST", "/api/v1/monitor", { body: { type: "query alert", query: cpuQuery } })).status).toBe(200);
  });

  it("rate-limited: the client reports 429 with the errors", async () => {
    await control.addFault({ fault: "rate-limited" });
    expect(await apiFailure(new v2.MetricsApi(configuration).submitMetrics({ body: { series: [] } }))).toEqual({
      code: 429,
      errors: ["Rate limit of 1000 requests in 60 seconds reached. Please try again later."],
    });
  });

  it("server-error: 500 {errors}", async () => {
    await control.addFault({ fault: "server-error" });
    const result = await call("GET", "/api/v1/validate");
    expect([result.status, result.body]).toEqual([500, { errors: ["Internal Server Error"] }]);
  });

  it("bad-gateway: the edge's 502", async () => {
    await control.addFault({ fault: "bad-gateway" });
    const result = await call("GET", "/api/v1/monitor/1");
    expect([result.status, result.body]).toEqual([502, { ...edgeForbidden, code: 502, errors: ["Bad Gateway"] }]);
  });
});

describe("Datadog seed", () => {
  /** The control API's answer to a seed body, as sent. */
  async function seedReply(body: unknown) {
    const response = await fetch(`${mock.url}/__mock/state`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) });
    return { status: response.status, body: (await response.json()) as unknown };
  }

  it("refuses an unknown key, naming the ones it knows", async () => {
    expect(await seedReply({ pagerdutyService: ["typo"] })).toEqual({
      status: 400,
      body: { error: "unknown seed keys pagerdutyService; expected any of site, pagerdutyIntegrationActive, strictHandles, pagerdutyServices, opsgenieServices, slackChannels, slackAccounts, monitors, eventIndexing, evaluation" },
    });
  });

  it("seeds a monitor made long ago: created is when Datadog made it, and is not part of the definition", async () => {
    await control.seed({ monitors: [{ type: "query alert", query: cpuQuery, name: "old draft", draft_status: "draft", created: "2026-01-05T00:00:00Z" }] });
    const [monitor] = (await call("GET", "/api/v1/monitor")).body as { name: string; created: string; created_at: number }[];
    expect([monitor.name, monitor.created, monitor.created_at]).toEqual(["old draft", "2026-01-05T00:00:00.000000+00:00", Date.parse("2026-01-05T00:00:00Z")]);
    expect(await seedReply({ monitors: [{ type: "query alert", query: cpuQuery, created: "yesterday-ish" }] })).toEqual({ status: 400, body: { error: '"monitors[0].created" must be a date (ISO 8601)' } });
  });

  it("refuses a monitor Datadog would refuse, and applies nothing of that body", async () => {
    const body = { pagerdutyIntegrationActive: false, monitors: [{ type: "query alert", query: cpuQuery, options: { thresholds: { critical: 1 } } }] };
    expect(await seedReply(body)).toEqual({
      status: 400,
      body: { error: '"monitors[0]": Datadog would refuse it: Alert threshold (1.0) does not match that used in the query (90.0).' },
    });
    expect(await control.state()).toMatchObject({ pagerdutyIntegrationActive: true, monitors: [] });
  });
});
