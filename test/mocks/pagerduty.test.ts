import * as http from "node:http";
import * as net from "node:net";
import { acknowledge, api, event, resolve, trigger } from "@pagerduty/pdjs";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { pagerdutyMock } from "../../mock-endpoints/pagerduty";

// Credentials built from obviously fake parts, in the shapes PagerDuty issues.
const routingKey = "mock".padEnd(32, "0");
const otherRoutingKey = "mock".padEnd(32, "1");
const accountKey = "mock_account".padEnd(20, "0");
const userKey = `u+${"mockuser".padEnd(18, "0")}`;
const serviceId = "PMOCK01";
const integrationId = "PMOCKI1";

let mock: RunningService;
let control: MockControl;
const agents: http.Agent[] = [];

/**
 * pdjs's event() always builds `https://${server}/v2/enqueue` (pdjs build/src/events.js lines 6-7)
 * and hands its other options to node-fetch (common.js lines 14-23), so it cannot be pointed at
 * `http://127.0.0.1`. Its `agent` option can carry that unchanged request over plain TCP: Node
 * only checks that the agent's protocol matches the URL's. The same trick reaches the default
 * `api.pagerduty.com`, where pdjs's `resource`/`all()` work (they look for `.com/` in the URL).
 */
function plainTcpToMock(): http.Agent {
  const agent = Object.assign(new http.Agent(), { protocol: "https:", createConnection: () => net.connect(mock.port, "127.0.0.1") });
  agents.push(agent);
  return agent;
}
const viaMock = () => ({ server: `127.0.0.1:${mock.port}`, agent: plainTcpToMock() });

/**
 * The request pdjs's event() makes, reproduced with fetch as the brief asks: POST /v2/enqueue, the
 * body `JSON.stringify({...data, event_action})` (events.js lines 13 and 18-27), headers
 * `Content-Type: application/json; charset=utf-8` and `User-Agent: pdjs/2.0.0 (<node>/<platform>)`
 * (common.js lines 8, 16-22 and 54-57). A test below checks it against what pdjs really sends.
 */
function pdjsStyleEvent(action: "trigger" | "acknowledge" | "resolve", data: object): Promise<Response> {
  return fetch(`${mock.url}/v2/enqueue`, {
    method: "POST",
    headers: { "Content-Type": "application/json; charset=utf-8", "User-Agent": `pdjs/2.0.0 (${process.version}/${process.platform})` },
    body: JSON.stringify({ ...data, event_action: action }),
  });
}

/** Any body, as is, to the Events API. */
async function rawEvent(body: string | object): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${mock.url}/v2/enqueue`, { method: "POST", body: typeof body === "string" ? body : JSON.stringify(body) });
  return { status: response.status, body: await response.json() };
}

/** A REST GET; `null` sends no Authorization header at all. */
async function rest(path: string, authorization: string | null = `Token token=${accountKey}`): Promise<{ status: number; body: any }> {
  const response = await fetch(`${mock.url}${path}`, { headers: authorization === null ? {} : { authorization } });
  return { status: response.status, body: await response.json() };
}

const triggerData = (dedupKey?: string, key = routingKey) => ({
  routing_key: key,
  ...(dedupKey === undefined ? {} : { dedup_key: dedupKey }),
  payload: { summary: "disk full on db-1", source: "db-1", severity: "critical" as const },
});
// pdjs types every event as a trigger payload; acknowledge and resolve need only key and dedup key.
const followUp = (dedupKey: string, key = routingKey) => ({ routing_key: key, dedup_key: dedupKey }) as ReturnType<typeof triggerData> & { event_action: "resolve" };

interface Snapshot {
  services: { id: string; name: string; status: string; integrations: { id: string; type: string; name: string; integration_key: string }[] }[];
  incidents: { id: string; incident_key: string | null; service_id: string; status: string; title: string; resolved_at: string | null; acknowledged_at: string | null; alert_ids: string[] }[];
  alerts: { id: string; alert_key: string; incident_id: string; status: string; summary: string }[];
  pending: number;
}
/** Events take effect before the 202: for the tests of what an event does, not when. */
const atOnce = { processing: { polls: 0 } };

beforeAll(async () => {
  mock = await startService(pagerdutyMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(async () => {
  for (const agent of agents) agent.destroy();
  await mock.close();
});
beforeEach(async () => {
  await control.reset();
  await control.seed({ services: [{ id: serviceId, name: "checkout", integrations: [{ id: integrationId, integration_key: routingKey }] }], ...atOnce });
});

describe("Events API v2, through @pagerduty/pdjs", () => {
  it("triggers and resolves with pdjs's own trigger() and resolve(): 202 Event processed, incident opened then resolved", async () => {
    const triggered = await trigger({ ...viaMock(), data: { ...triggerData("db-1/disk"), event_action: "trigger" } });
    expect([triggered.status, triggered.data]).toEqual([202, { status: "success", message: "Event processed", dedup_key: "db-1/disk" }]);
    const opened = await control.state<Snapshot>();
    // An Events v2 incident has a child alert carrying the dedup key, and no incident key of its own.
    expect(opened.incidents.map((i) => [i.incident_key, i.service_id, i.status, i.title])).toEqual([[null, serviceId, "triggered", "disk full on db-1"]]);
    expect(opened.alerts.map((a) => [a.alert_key, a.incident_id, a.status])).toEqual([["db-1/disk", opened.incidents[0].id, "triggered"]]);

    const resolved = await resolve({ ...viaMock(), data: followUp("db-1/disk") });
    expect([resolved.status, resolved.data]).toEqual([202, { status: "success", message: "Event processed", dedup_key: "db-1/disk" }]);
    const { incidents: [incident], alerts } = await control.state<Snapshot>();
    expect([incident.status, typeof incident.resolved_at, alerts[0].status]).toEqual(["resolved", "string", "resolved"]);
  });

  it("reproduces pdjs's request exactly with fetch: same method, path, headers and body as pdjs sends", async () => {
    await event({ ...viaMock(), data: { ...triggerData("same"), event_action: "trigger" } });
    await pdjsStyleEvent("trigger", triggerData("same"));
    const [fromPdjs, fromFetch] = await control.requests({ path: "/v2/enqueue" });
    const wire = (r: typeof fromPdjs) => [r.method, r.path, r.headers["content-type"], r.headers["user-agent"], r.body];
    expect(wire(fromFetch)).toEqual(wire(fromPdjs));
  });

  it("walks an incident triggered → acknowledged → resolved, each step visible via GET /incidents?incident_key=", async () => {
    const pd = api({ token: accountKey });
    const statusNow = async () => {
      const response = await pd({ url: `${mock.url}/incidents`, queryParameters: { incident_key: "web/5xx" } });
      return response.data.incidents.map((i: { status: string; incident_key: string; service: { id: string } }) => [i.status, i.incident_key, i.service.id]);
    };
    await trigger({ ...viaMock(), data: { ...triggerData("web/5xx"), event_action: "trigger" } });
    // Found through its alert's alert_key: the incident's own incident_key is null.
    expect(await statusNow()).toEqual([["triggered", null, serviceId]]);
    await acknowledge({ ...viaMock(), data: followUp("web/5xx") });
    expect(await statusNow()).toEqual([["acknowledged", null, serviceId]]);
    await resolve({ ...viaMock(), data: followUp("web/5xx") });
    expect(await statusNow()).toEqual([["resolved", null, serviceId]]);
  });

  it("dedups a repeated trigger into the open incident, and opens a new one after the resolve", async () => {
    for (let i = 0; i < 3; i++) expect((await pdjsStyleEvent("trigger", triggerData("dup"))).status).toBe(202);
    expect((await control.state<Snapshot>()).incidents).toHaveLength(1);
    await pdjsStyleEvent("resolve", followUp("dup"));
    await pdjsStyleEvent("trigger", triggerData("dup"));
    expect((await control.state<Snapshot>()).incidents.map((i) => i.status)).toEqual(["resolved", "triggered"]);
  });

  it("generates a 32-hex dedup_key for a trigger without one", async () => {
    const body = (await (await pdjsStyleEvent("trigger", triggerData())).json()) as { dedup_key: string };
    expect(body.dedup_key).toMatch(/^[0-9a-f]{32}$/);
    expect((await control.state<Snapshot>()).alerts[0].alert_key).toBe(body.dedup_key);
  });

  it("answers 202 to acknowledge and resolve for an unknown dedup key and changes nothing", async () => {
    for (const action of ["acknowledge", "resolve"] as const) {
      const response = await pdjsStyleEvent(action, followUp("never-triggered"));
      expect([response.status, await response.json()]).toEqual([202, { status: "success", message: "Event processed", dedup_key: "never-triggered" }]);
    }
    expect((await control.state<Snapshot>()).incidents).toEqual([]);
  });

  it("ignores a resolve sent through another routing key, as PagerDuty does", async () => {
    await pdjsStyleEvent("trigger", triggerData("mine"));
    await pdjsStyleEvent("resolve", followUp("mine", otherRoutingKey));
    expect((await control.state<Snapshot>()).incidents.map((i) => i.status)).toEqual(["triggered"]);
  });

  it("accepts a well-formed key nobody seeded and provisions Mock Service <first 6 chars>", async () => {
    await control.reset();
    await control.seed(atOnce);
    expect((await pdjsStyleEvent("trigger", triggerData("x", otherRoutingKey))).status).toBe(202);
    const state = await control.state<Snapshot>();
    expect(state.services.map((s) => [s.name, s.status, s.integrations.map((i) => [i.type, i.integration_key])])).toEqual([
      ["Mock Service mock11", "active", [["events_api_v2_inbound_integration", otherRoutingKey]]],
    ]);
    expect(state.incidents.map((i) => i.service_id)).toEqual([state.services[0].id]);
  });

  it("answers 202 for a disabled service and opens no incident", async () => {
    await control.seed({ services: [{ id: serviceId, name: "checkout", status: "disabled", integrations: [{ integration_key: routingKey }] }] });
    const response = await pdjsStyleEvent("trigger", triggerData("paused"));
    expect([response.status, await response.json()]).toEqual([202, { status: "success", message: "Event processed", dedup_key: "paused" }]);
    expect((await control.state<Snapshot>()).incidents).toEqual([]);
  });
});

describe("Events API v2 validation", () => {
  const valid = { routing_key: routingKey, event_action: "trigger", payload: { summary: "s", source: "h", severity: "info" } };
  const invalid = (errors: string[]) => ({ status: 400, body: { status: "invalid event", message: "Event object is invalid", errors } });

  it.each([
    ["a 20-character key", { ...valid, routing_key: "mock".padEnd(20, "0") }, ["Length of 'routing_key' is incorrect (should be 32 characters)"]],
    ["a key with punctuation", { ...valid, routing_key: "mock-".padEnd(32, "0") }, ["'routing_key' cannot contain non-alphanumeric characters."]],
    [
      "a REST-shaped key",
      { ...valid, routing_key: "e+mock_key".padEnd(20, "0") },
      ["Length of 'routing_key' is incorrect (should be 32 characters)", "'routing_key' cannot contain non-alphanumeric characters."],
    ],
    ["no routing key", { ...valid, routing_key: undefined }, ["'routing_key' cannot be blank"]],
    ["no event_action", { ...valid, event_action: undefined }, ["'event_action' is missing or blank"]],
    ["an unknown event_action", { ...valid, event_action: "snooze" }, ["'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')"]],
    [
      "a trigger without payload",
      { ...valid, payload: undefined },
      ["'payload.summary' is missing or blank", "'payload.source' is missing or blank", "'payload.severity' is missing or blank"],
    ],
    [
      "an upper-case severity",
      { ...valid, payload: { ...valid.payload, severity: "CRITICAL" } },
      ["'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')"],
    ],
    ["a 1025-character summary", { ...valid, payload: { ...valid.payload, summary: "s".repeat(1025) } }, ["'payload.summary' is too long (maximum is 1024 characters)"]],
    ["a 256-character dedup_key", { ...valid, dedup_key: "d".repeat(256) }, ["'dedup_key' is too long (maximum is 255 characters)"]],
    ["a resolve without dedup_key", { routing_key: routingKey, event_action: "resolve" }, ["'dedup_key' is missing or blank"]],
  ])("refuses %s with 400 invalid event", async (_what, body, errors) => {
    expect(await rawEvent(body)).toEqual(invalid(errors));
    expect((await control.state<Snapshot>()).incidents).toEqual([]);
  });

  it("accepts a 1024-character summary and a 255-character dedup_key", async () => {
    const body = { ...valid, dedup_key: "d".repeat(255), payload: { ...valid.payload, summary: "s".repeat(1024) } };
    expect((await rawEvent(body)).status).toBe(202);
  });

  it.each([
    ["a body that is not JSON", "{oops"],
    ["a JSON array", "[]"],
  ])("answers %s with 400 Unrecognized object", async (_what, body) => {
    expect(await rawEvent(body)).toEqual({
      status: 400,
      body: { status: "Unrecognized object", message: "Event object format is unrecognized", errors: ["JSON parse error"] },
    });
  });

  it("refuses an event over 512 KB", async () => {
    const body = { ...valid, payload: { ...valid.payload, custom_details: { blob: "x".repeat(512 * 1024) } } };
    expect(await rawEvent(body)).toEqual(invalid(["Event object is too large (maximum is 512 KB)"]));
  });
});

describe("REST API v2 credentials", () => {
  it.each([
    ["no Authorization header", null],
    ["an empty token", "Token token="],
    ["the token without the Token scheme", accountKey],
    ["a lower-case scheme", `token token=${accountKey}`],
    ["a 19-character key", `Token token=${accountKey.slice(1)}`],
    ["a 21-character key", `Token token=${accountKey}0`],
    ["a key with a character PagerDuty never issues", `Token token=${accountKey.slice(1)}!`],
    ["a user key too short", "Token token=u+mock"],
    ["a Bearer token too short", "Bearer mock"],
  ])("refuses %s with 401 Authentication failed", async (_what, authorization) => {
    expect(await rest("/services", authorization)).toEqual({ status: 401, body: { error: { message: "Authentication failed", code: 2006 } } });
  });

  it.each(["/services", `/services/${serviceId}`, `/services/${serviceId}/integrations/${integrationId}`, "/incidents", "/services/PNOPE00"])(
    "checks the credential before anything else on %s",
    async (path) => {
      expect((await rest(path, null)).status).toBe(401);
    },
  );

  it("refuses pdjs called without a token (it sends `Token token=undefined`)", async () => {
    const response = await api({ url: `${mock.url}/services` });
    expect([response.status, response.data]).toEqual([401, { error: { message: "Authentication failed", code: 2006 } }]);
  });

  it.each([
    ["an account key", `Token token=${accountKey}`],
    ["an account key with + and -", `Token token=${"e+mock-key".padEnd(20, "0")}`],
    ["a user key", `Token token=${userKey}`],
    ["an OAuth token", `Bearer ${"pdus+mock".padEnd(40, "0")}`],
  ])("accepts %s", async (_what, authorization) => {
    expect((await rest("/services", authorization)).status).toBe(200);
  });
});

describe("REST API v2 resources, through pdjs api()", () => {
  const pd = () => api({ token: accountKey });

  it("lists services with PagerDuty's pagination fields and integration references", async () => {
    const response = await pd()({ url: `${mock.url}/services`, queryParameters: { query: "CHECK" } });
    const base = `http://127.0.0.1:${mock.port}`;
    expect(response.status).toBe(200);
    expect(response.data).toMatchObject({ limit: 25, offset: 0, more: false, total: null });
    expect(response.data.services).toHaveLength(1);
    expect(response.data.services[0]).toMatchObject({
      id: serviceId,
      type: "service",
      summary: "checkout",
      self: `${base}/services/${serviceId}`,
      html_url: `https://mock.pagerduty.com/service-directory/${serviceId}`,
      name: "checkout",
      status: "active",
      integrations: [
        {
          id: integrationId,
          type: "events_api_v2_inbound_integration_reference",
          summary: "Events API V2",
          self: `${base}/services/${serviceId}/integrations/${integrationId}`,
          html_url: `https://mock.pagerduty.com/services/${serviceId}/integrations/${integrationId}`,
        },
      ],
    });
    expect(Object.keys(response.data.services[0].integrations[0])).toEqual(["id", "type", "summary", "self", "html_url"]);
  });

  it("filters services by query and counts only with total=true", async () => {
    await control.seed({ services: [{ name: "search" }, { name: "billing" }] });
    expect((await rest("/services?query=zzz")).body).toEqual({ services: [], limit: 25, offset: 0, more: false, total: null });
    const counted = (await rest("/services?total=true&limit=2")).body;
    expect([counted.services.map((s: { name: string }) => s.name), counted.more, counted.total]).toEqual([["billing", "checkout"], true, 3]);
  });

  it("pages through every service with pdjs's all() on the default api.pagerduty.com host", async () => {
    await control.seed({ services: [{ name: "search" }, { name: "billing" }] });
    const all = await pd().all("/services", { agent: plainTcpToMock(), queryParameters: { limit: "1" } } as object);
    expect(all.resource.map((s: { name: string }) => s.name)).toEqual(["billing", "checkout", "search"]);
    expect((await control.requests({ path: "/services" })).map((r) => r.query.offset)).toEqual([undefined, "1", "2"]);
  });

  it("gets a service with integrations as references, and whole with include[]=integrations", async () => {
    const plain = await pd()({ url: `${mock.url}/services/${serviceId}` });
    expect(plain.data.service.integrations[0].type).toBe("events_api_v2_inbound_integration_reference");
    expect(plain.data.service.integrations[0].integration_key).toBeUndefined();

    const full = await pd()({ url: `${mock.url}/services/${serviceId}`, queryParameters: { "include[]": ["integrations"] } });
    expect(full.data.service.integrations).toEqual([
      {
        id: integrationId,
        type: "events_api_v2_inbound_integration",
        summary: "Events API V2",
        self: `http://127.0.0.1:${mock.port}/services/${serviceId}/integrations/${integrationId}`,
        html_url: `https://mock.pagerduty.com/services/${serviceId}/integrations/${integrationId}`,
        name: "Events API V2",
        service: expect.objectContaining({ id: serviceId, type: "service_reference", summary: "checkout" }),
        created_at: expect.any(String),
        vendor: null,
        integration_key: routingKey,
      },
    ]);
  });

  it("gets one integration with its key, type and vendor", async () => {
    const response = await pd()({ url: `${mock.url}/services/${serviceId}/integrations/${integrationId}` });
    expect(response.data.integration).toMatchObject({ id: integrationId, type: "events_api_v2_inbound_integration", vendor: null, integration_key: routingKey });
  });

  it.each([
    ["an unknown service", "/services/PNOPE00"],
    ["an unknown integration", `/services/${serviceId}/integrations/PNOPE00`],
    ["an integration under another service", `/services/PNOPE00/integrations/${integrationId}`],
  ])("answers 404 Not Found (2100) for %s", async (_what, path) => {
    expect(await rest(path)).toEqual({ status: 404, body: { error: { message: "Not Found", code: 2100 } } });
  });

  it("filters incidents by service_ids[] and statuses[]", async () => {
    await control.seed({ services: [{ id: "POTHER1", name: "other", integrations: [{ integration_key: otherRoutingKey }] }] });
    await pdjsStyleEvent("trigger", triggerData("a"));
    await pdjsStyleEvent("trigger", triggerData("b"));
    await pdjsStyleEvent("resolve", followUp("b"));
    await pdjsStyleEvent("trigger", triggerData("c", otherRoutingKey));
    const titles = async (query: string) => (await rest(`/incidents?${query}`)).body.incidents.map((i: { incident_number: number }) => i.incident_number);
    expect(await titles(`service_ids[]=${serviceId}`)).toEqual([1, 2]);
    expect(await titles("statuses[]=triggered&statuses[]=acknowledged")).toEqual([1, 3]);
    expect(await titles(`service_ids[]=POTHER1&statuses[]=resolved`)).toEqual([]);
    expect(await titles("incident_key=b")).toEqual([2]);
  });

  it("shows an incident with the fields PagerDuty clients read", async () => {
    await pdjsStyleEvent("trigger", triggerData("shape"));
    const [incident] = (await rest("/incidents?incident_key=shape")).body.incidents;
    expect(incident).toMatchObject({
      type: "incident",
      summary: "[#1] disk full on db-1",
      incident_number: 1,
      title: "disk full on db-1",
      status: "triggered",
      incident_key: null,
      service: { id: serviceId, type: "service_reference", summary: "checkout" },
      urgency: "high",
      resolved_at: null,
      alert_counts: { all: 1, triggered: 1, resolved: 0 },
    });
    expect(incident.id).toMatch(/^P[A-Z0-9]{6}$/);
  });

  it("refuses an unknown status with 400 Invalid Input Provided (2001)", async () => {
    expect(await rest("/incidents?statuses[]=acknowleged")).toEqual({
      status: 400,
      body: { error: { message: "Invalid Input Provided", code: 2001, errors: ["Status must be a list of triggered, acknowledged, or resolved."] } },
    });
  });
});

describe("PagerDuty's asynchronous processing, alerts and alert grouping", () => {
  const alertsOf = async (incidentId: string, query = "") =>
    (await rest(`/incidents/${incidentId}/alerts${query}`)).body.alerts.map((a: { alert_key: string; status: string }) => [a.alert_key, a.status]);

  it("shows a trigger from the second read after its 202, and a resolve likewise (the default policy)", async () => {
    await control.seed({ processing: { polls: 1 } });
    await pdjsStyleEvent("trigger", triggerData("slow"));
    expect((await rest("/incidents?incident_key=slow")).body.incidents).toEqual([]);
    const [incident] = (await rest("/incidents?incident_key=slow")).body.incidents;
    expect([incident.status, incident.incident_key]).toEqual(["triggered", null]);

    await pdjsStyleEvent("resolve", followUp("slow"));
    expect(await alertsOf(incident.id)).toEqual([["slow", "triggered"]]);
    expect(await alertsOf(incident.id)).toEqual([["slow", "resolved"]]);
    expect((await control.state<Snapshot>()).incidents.map((i) => i.status)).toEqual(["resolved"]);
  });

  it("applies an event after delayMs without any read, in acceptance order", async () => {
    await control.seed({ processing: { delayMs: 0 } });
    await pdjsStyleEvent("trigger", triggerData("timed"));
    await pdjsStyleEvent("resolve", followUp("timed"));
    expect((await control.state<Snapshot>()).alerts.map((a) => [a.alert_key, a.status])).toEqual([["timed", "resolved"]]);
  });

  it("keeps an event pending while neither reads nor time have come", async () => {
    await control.seed({ processing: { polls: 5 } });
    await pdjsStyleEvent("trigger", triggerData("waiting"));
    expect(await control.state<Snapshot>()).toMatchObject({ incidents: [], alerts: [], pending: 1 });
  });

  it("lists an incident's alerts, filtered by alert_key and statuses[]", async () => {
    await control.seed({ services: [{ id: serviceId, name: "checkout", alertGrouping: "time", integrations: [{ id: integrationId, integration_key: routingKey }] }] });
    await pdjsStyleEvent("trigger", triggerData("first"));
    await pdjsStyleEvent("trigger", triggerData("second"));
    await pdjsStyleEvent("resolve", followUp("first"));
    const [incident] = (await rest("/incidents?incident_key=second")).body.incidents;
    expect(await alertsOf(incident.id)).toEqual([["first", "resolved"], ["second", "triggered"]]);
    expect(await alertsOf(incident.id, "?alert_key=second")).toEqual([["second", "triggered"]]);
    expect(await alertsOf(incident.id, "?statuses[]=resolved")).toEqual([["first", "resolved"]]);
    const [alert] = (await rest(`/incidents/${incident.id}/alerts?alert_key=second`)).body.alerts;
    expect(alert).toMatchObject({ type: "alert", alert_key: "second", status: "triggered", incident: { id: incident.id, type: "incident_reference" }, service: { id: serviceId } });
    expect(await rest("/incidents/PNOPE00/alerts")).toEqual({ status: 404, body: { error: { message: "Not Found", code: 2100 } } });
  });

  it("groups a new alert into the service's open incident under time-based grouping; the incident resolves with its last alert", async () => {
    await control.seed({ services: [{ id: serviceId, name: "checkout", alertGrouping: "time", integrations: [{ id: integrationId, integration_key: routingKey }] }] });
    await pdjsStyleEvent("trigger", triggerData("earlier"));
    await pdjsStyleEvent("trigger", triggerData("later"));
    const state = await control.state<Snapshot>();
    expect(state.incidents.map((i) => [i.title, i.alert_ids.length, i.status])).toEqual([["disk full on db-1", 2, "triggered"]]);
    expect((await rest("/services/" + serviceId)).body.service.alert_grouping_parameters).toEqual({ type: "time" });

    await pdjsStyleEvent("resolve", followUp("later"));
    expect((await control.state<Snapshot>()).incidents.map((i) => i.status)).toEqual(["triggered"]);
    await pdjsStyleEvent("resolve", followUp("earlier"));
    expect((await control.state<Snapshot>()).incidents.map((i) => i.status)).toEqual(["resolved"]);
  });

  it("opens one incident per alert without grouping, PagerDuty's default", async () => {
    await pdjsStyleEvent("trigger", triggerData("one"));
    await pdjsStyleEvent("trigger", triggerData("two"));
    expect((await control.state<Snapshot>()).incidents.map((i) => i.alert_ids.length)).toEqual([1, 1]);
  });
});

describe("PagerDuty faults", () => {
  it("accepted-no-incident: 202 Event processed, yet no incident and no service", async () => {
    await control.reset();
    await control.addFault({ route: "POST /v2/enqueue", fault: "accepted-no-incident" });
    const response = await pdjsStyleEvent("trigger", triggerData("lost"));
    expect([response.status, await response.json()]).toEqual([202, { status: "success", message: "Event processed", dedup_key: "lost" }]);
    expect(await control.state()).toMatchObject({ services: [], incidents: [], alerts: [], pending: 0 });
  });

  it("accepted-no-incident applies to the Events API only when no route is named", async () => {
    await control.addFault({ fault: "accepted-no-incident" });
    expect((await rest("/services")).status).toBe(200);
    expect((await pdjsStyleEvent("trigger", triggerData("lost"))).status).toBe(202);
    expect((await control.state<{ incidents: unknown[] }>()).incidents).toEqual([]);
  });

  it("invalid-event: 400 invalid event for an event that is valid", async () => {
    await control.addFault({ route: "POST /v2/enqueue", fault: "invalid-event" });
    expect(await rawEvent({ ...triggerData("x"), event_action: "trigger" })).toEqual({
      status: 400,
      body: { status: "invalid event", message: "Event object is invalid", errors: ["'payload.source' is missing or blank"] },
    });
  });

  it("rate-limited on the Events API: 429 throttle exceeded with Retry-After, once", async () => {
    await control.addFault({ route: "POST /v2/enqueue", fault: "rate-limited", times: 1 });
    const first = await pdjsStyleEvent("trigger", triggerData("x"));
    expect([first.status, first.headers.get("retry-after"), await first.json()]).toEqual([
      429,
      "1",
      { status: "throttle exceeded", message: "Requests for this service are arriving too quickly.  Please retry later." },
    ]);
    expect((await pdjsStyleEvent("trigger", triggerData("x"))).status).toBe(202);
  });

  it("rate-limited on the REST API: 429 Rate Limit Exceeded (2020) with ratelimit-* headers", async () => {
    await control.addFault({ route: "GET /services", fault: "rate-limited" });
    const response = await fetch(`${mock.url}/services`, { headers: { authorization: `Token token=${accountKey}` } });
    const headers = ["ratelimit-limit", "ratelimit-remaining", "ratelimit-reset", "retry-after"].map((h) => response.headers.get(h));
    expect([response.status, headers, await response.json()]).toEqual([429, ["960", "0", "20", "20"], { error: { message: "Rate Limit Exceeded", code: 2020 } }]);
  });

  it("rate-limited once: pdjs retries the 429 by itself and gets the services", async () => {
    await control.addFault({ route: "GET /services", fault: "rate-limited", times: 1 });
    const response = await api({ token: accountKey, url: `${mock.url}/services`, retryTimeout: 1 });
    expect([response.status, response.data.services.length]).toEqual([200, 1]);
    expect((await control.requests({ path: "/services" })).map((r) => r.status)).toEqual([429, 200]);
  });

  it("server-error: 500 on both APIs, with each API's body", async () => {
    await control.addFault({ fault: "server-error" });
    expect(await rawEvent({ ...triggerData("x"), event_action: "trigger" })).toEqual({
      status: 500,
      body: { status: "internal error", message: "An internal error has occurred" },
    });
    expect(await rest("/incidents")).toEqual({
      status: 500,
      body: { error: { message: "An internal error has occurred. PagerDuty team has been notified.", code: 2000 } },
    });
    expect((await control.state<Snapshot>()).incidents).toEqual([]);
  });

  it("token-revoked: 401 Authentication failed for a well-formed key", async () => {
    await control.addFault({ route: "GET /services/*", fault: "token-revoked" });
    expect(await rest(`/services/${serviceId}`)).toEqual({ status: 401, body: { error: { message: "Authentication failed", code: 2006 } } });
  });
});

describe("REST API v2 deletes, as a destroy makes them", () => {
  const policyId = "PEPCHK1";
  /** A REST call with the account key; `body` is the parsed JSON, or null for an empty reply. */
  async function call(method: string, path: string): Promise<{ status: number; body: unknown }> {
    const response = await fetch(`${mock.url}${path}`, { method, headers: { authorization: `Token token=${accountKey}` } });
    const text = await response.text();
    return { status: response.status, body: text === "" ? null : JSON.parse(text) };
  }
  beforeEach(async () => {
    await control.seed({ escalation_policies: [{ id: policyId, name: "checkout escalation" }], services: [{ id: serviceId, name: "checkout", escalation_policy: policyId }] });
  });

  it("refuses to delete an escalation policy a service still uses: 400 Invalid Input Provided (2001)", async () => {
    expect(await call("DELETE", `/escalation_policies/${policyId}`)).toEqual({
      status: 400,
      body: { error: { message: "Invalid Input Provided", code: 2001, errors: ["Escalation Policy can't be deleted if it's being used by services"] } },
    });
    expect(await call("GET", `/escalation_policies/${policyId}`)).toMatchObject({ status: 200, body: { escalation_policy: { id: policyId, name: "checkout escalation", services: [{ id: serviceId }] } } });
  });

  it("deletes the policy once its service is gone, and the service's routing key with it", async () => {
    expect(await call("DELETE", `/services/${serviceId}`)).toEqual({ status: 204, body: null });
    expect(await call("DELETE", `/escalation_policies/${policyId}`)).toEqual({ status: 204, body: null });
    expect(await call("GET", `/escalation_policies/${policyId}`)).toEqual({ status: 404, body: { error: { message: "Not Found", code: 2100 } } });
    expect((await pdjsStyleEvent("trigger", triggerData("after-delete"))).status).toBe(202);
    const snapshot = await control.state<Snapshot & { escalationPolicies: { id: string }[] }>();
    // The old key no longer reaches the deleted service: the event provisioned a new one.
    expect(snapshot.services.map((s) => s.id)).not.toContain(serviceId);
    expect(snapshot.escalationPolicies.map((p) => p.id)).toEqual(["PMOCKEP"]);
  });

  it("lists escalation policies with their rules and targets; a seeded policy pages the mock user unless its rules are given", async () => {
    await control.seed({ escalation_policies: [{ id: "PEPNONE", name: "emptied policy", escalation_rules: [{ targets: [] }] }] });
    const listed = (await call("GET", "/escalation_policies?limit=2")).body as { escalation_policies: { id: string; escalation_rules: { targets: { id: string; type: string }[] }[] }[]; more: boolean };
    expect(listed.escalation_policies.map((p) => [p.id, p.escalation_rules.map((r) => r.targets.map((t) => `${t.type} ${t.id}`))])).toEqual([
      [policyId, [["user_reference PMOCKUS"]]],
      ["PEPNONE", [[]]],
    ]);
    expect(listed.more).toBe(true);
    expect(((await call("GET", "/escalation_policies?limit=2&offset=2")).body as { escalation_policies: { id: string }[] }).escalation_policies.map((p) => p.id)).toEqual(["PMOCKEP"]);
  });

  it("seeds an integration made long ago: created_at is when PagerDuty made its key", async () => {
    await control.seed({ services: [{ id: serviceId, name: "checkout", escalation_policy: policyId, integrations: [{ name: "Events API V2", created_at: "2025-01-05T00:00:00Z" }] }] });
    const service = (await rest(`/services/${serviceId}?include[]=integrations`)).body.service as { integrations: { created_at: string }[] };
    expect(service.integrations.map((i) => i.created_at)).toEqual(["2025-01-05T00:00:00.000Z"]);
  });

  it("shows a service's own escalation policy", async () => {
    expect((await rest(`/services/${serviceId}`)).body.service.escalation_policy).toMatchObject({ id: policyId, type: "escalation_policy_reference", summary: "checkout escalation" });
  });

  it("checks the credential before saying whether a policy exists", async () => {
    const response = await fetch(`${mock.url}/escalation_policies/${policyId}`, { method: "DELETE" });
    expect([response.status, await response.json()]).toEqual([401, { error: { message: "Authentication failed", code: 2006 } }]);
  });
});

describe("PagerDuty seeding", () => {
  it("returns the snapshot, generating ids and keys that were left out", async () => {
    await control.reset();
    const snapshot = await control.seed<Snapshot>({ services: [{ name: "api", integrations: [{}] }] });
    expect(snapshot.services).toEqual([
      {
        id: expect.stringMatching(/^P[A-Z0-9]{6}$/),
        name: "api",
        status: "active",
        integrations: [
          { id: expect.stringMatching(/^P[A-Z0-9]{6}$/), type: "events_api_v2_inbound_integration", name: "Events API V2", integration_key: expect.stringMatching(/^[0-9a-f]{32}$/) },
        ],
      },
    ]);
    expect(snapshot.incidents).toEqual([]);
  });

  it.each([
    [
      "no services array",
      {},
      'expected { "escalation_policies"?: [{ "id"?, "name", "escalation_rules"?: [{ "escalation_delay_in_minutes"?, "targets": [{ "id", "type" }] }] }], "services"?: [{ "id"?, "name", "status"?, "escalation_policy"?, "alertGrouping"?: "time", "integrations"?: [{ "id"?, "integration_key"?, "name"?, "created_at"? }] }], "slackConnections"?: [{ "source_id", "workspace_id", "channel_id", "channel_name"?, "events"? }], "unknownRoutingKeys"?: "provision" | "refuse", "processing"?: { "polls"?, "delayMs"? } }',
    ],
    [
      "a service on an escalation policy nobody seeded",
      { services: [{ name: "x", escalation_policy: "PNOPE00" }] },
      'services[0] "escalation_policy" must be the id of an escalation policy the mock has or this body seeds',
    ],
    ["an unknown alert grouping", { services: [{ name: "x", alertGrouping: "intelligent" }] }, 'services[0] "alertGrouping" must be one of time (leave it out for no grouping)'],
    ["a processing policy without polls or delay", { processing: {} }, '"processing" needs "polls" (observing reads before an event takes effect) and/or "delayMs", whole numbers, 0 or more'],
    ["a service without name", { services: [{}] }, 'services[0] needs "name", a non-empty string'],
    ["an unknown status", { services: [{ name: "x", status: "maintenance" }] }, 'services[0] "status" must be one of active, disabled'],
    ["a malformed id", { services: [{ id: "svc-1", name: "x" }] }, 'services[0] "id" must look like a PagerDuty id: P and six of A-Z0-9 (e.g. PABC123)'],
    [
      "a short integration key",
      { services: [{ name: "x", integrations: [{ integration_key: "short" }] }] },
      'services[0].integrations[0] "integration_key" must be 32 letters or digits, as PagerDuty issues them',
    ],
    [
      "a key another service owns",
      { services: [{ name: "x", integrations: [{ integration_key: routingKey }] }] },
      `integration_key mock00… is used already by service ${serviceId}; a routing key belongs to one integration`,
    ],
    [
      "one key twice in the body",
      { services: [{ name: "x", integrations: [{ integration_key: otherRoutingKey }, { integration_key: otherRoutingKey }] }] },
      "integration_key mock11… is used twice in this body; a routing key belongs to one integration",
    ],
  ])("refuses %s with 400 and says why, changing nothing", async (_what, body, error) => {
    const before = await control.state();
    const response = await fetch(`${mock.url}/__mock/state`, { method: "POST", body: JSON.stringify(body) });
    expect([response.status, await response.json()]).toEqual([400, { error }]);
    expect(await control.state()).toEqual(before);
  });
});
