import { gzipSync } from "node:zlib";
import * as Sentry from "@sentry/node";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { MockControl } from "../../mock-endpoints/controlClient";
import { opsgenieMock } from "../../mock-endpoints/opsgenie";
import { sentryMock } from "../../mock-endpoints/sentry";

// Credentials of the right shape, built from obviously fake parts.
const dsnKey = "0".repeat(32);
const otherKey = "f".repeat(32);
const userToken = `sntryu_${"0".repeat(64)}`;
const legacyToken = "a".repeat(64);
const orgTokenPayload = Buffer.from(JSON.stringify({ iat: 1, url: "http://mock.invalid", region_url: "http://mock.invalid", org: "mock-org" })).toString("base64");
const orgToken = `sntrys_${orgTokenPayload}_${"M".repeat(43)}`;
const eventId = "1".repeat(32);

let mock: RunningService;
let control: MockControl;

beforeAll(async () => {
  mock = await startService(sentryMock, { port: 0 });
  control = new MockControl(mock.url);
  // Once per file: @sentry/node keeps one global client. Default integrations and the module
  // hooks are off (they instrument the process); the transport is the SDK's real HTTP transport.
  Sentry.init({
    dsn: `http://${dsnKey}@127.0.0.1:${mock.port}/1`,
    defaultIntegrations: false,
    enableRuntimeChannelInjection: false,
    environment: "mock",
    release: "operator-wiring@1.0.0",
  });
});
afterAll(async () => {
  await Sentry.close(5_000);
  await mock.close();
});
beforeEach(() => control.reset());

interface Reply {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(method: string, path: string, options: { token?: string | null; body?: unknown; headers?: Record<string, string> } = {}): Promise<Reply> {
  const headers: Record<string, string> = { ...options.headers };
  const token = options.token === undefined ? userToken : options.token;
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (options.body !== undefined) headers["content-type"] = "application/json";
  const response = await fetch(`${mock.url}${path}`, { method, headers, body: options.body === undefined ? undefined : JSON.stringify(options.body) });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? "" : JSON.parse(text) };
}

/** An envelope: header line, then item header and payload lines. */
const envelope = (...lines: unknown[]): string => lines.map((line) => (typeof line === "string" ? line : JSON.stringify(line))).join("\n");
const anEvent = envelope({ event_id: eventId }, { type: "event" }, { event_id: eventId, level: "warning", message: "hello", tags: { stack: "dev" } });
const queryAuth = `sentry_key=${dsnKey}&sentry_version=7`;

async function ingest(body: string | Buffer, query = queryAuth, headers: Record<string, string> = {}, project = "1"): Promise<Reply> {
  const response = await fetch(`${mock.url}/api/${project}/envelope/${query ? `?${query}` : ""}`, { method: "POST", headers, body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text === "" ? "" : JSON.parse(text) };
}

interface State {
  organizations: {
    slug: string;
    environments: string[];
    projects: { id: string; slug: string; detectors: { id: string; type: string }[] }[];
    integrations: { id: string; provider: string; configData: { service_table?: unknown[]; team_table?: unknown[] } }[];
  }[];
  events: Record<string, { received: number; events: Record<string, unknown>[] }>;
}
const events = async (project = "1") => (await control.state<State>()).events[project]?.events ?? [];

const pagerDuty = { provider: "pagerduty", id: "50", name: "mock-pd", externalId: "mock", serviceTable: [{ id: 100, service: "checkout", integration_key: "k".repeat(32) }] };
const seedPagerDuty = () => control.seed({ organizations: [{ slug: "mock-org", integrations: [pagerDuty] }] });
const integrationPath = "/api/0/organizations/mock-org/integrations/50/";
const serviceTable = async () => ((await call("GET", integrationPath)).body as { configData: { service_table: unknown[] } }).configData.service_table;

describe("Sentry ingestion, through @sentry/node", () => {
  it("takes captureException: the event is in the state, sent with query-string auth and no Content-Type", async () => {
    const id = Sentry.captureException(new Error("operator-wiring verify"));
    await expect(Sentry.flush(5_000)).resolves.toBe(true);

    const [event] = await events();
    expect(event).toMatchObject({
      projectId: "1",
      endpoint: "envelope",
      itemType: "event",
      eventId: id,
      level: "error",
      exception: { type: "Error", value: "operator-wiring verify" },
      environment: "mock",
      release: "operator-wiring@1.0.0",
      sdk: "sentry.javascript.node",
    });
    const [request] = await control.requests({ path: "/api/1/envelope/" });
    expect(request.query).toMatchObject({ sentry_key: dsnKey, sentry_version: "7" });
    expect(request.headers["content-type"]).toBeUndefined();
    expect(request.headers["transfer-encoding"]).toBe("chunked");
    expect(request.status).toBe(200);
  });

  it("parses an event over 32 KiB, which the SDK gzips", async () => {
    Sentry.withScope((scope) => {
      scope.setExtra("blob", "x".repeat(40_000));
      scope.setTag("size", "large");
      Sentry.captureException(new Error("large event"));
    });
    await Sentry.flush(5_000);

    const [request] = await control.requests({ path: "/api/1/envelope/" });
    expect(request.headers["content-encoding"]).toBe("gzip");
    expect(await events()).toMatchObject([{ itemType: "event", exception: { value: "large event" }, tags: { size: "large" } }]);
  });

  it("takes a session envelope from the SDK next to events", async () => {
    Sentry.startSession();
    Sentry.captureSession(true);
    Sentry.captureException(new Error("after the session"));
    await Sentry.flush(5_000);

    const received = await events();
    expect(received.map((e) => e.itemType).sort()).toEqual(["event", "session"]);
    expect(received.find((e) => e.itemType === "session")).toMatchObject({ release: "operator-wiring@1.0.0", environment: "mock" });
    expect((await control.requests({ path: "/api/1/envelope/" })).map((r) => r.status)).toEqual([200, 200]);
  });
});

describe("Sentry envelopes, raw", () => {
  it("answers the envelope header's event id and keeps the event's level, message and tags", async () => {
    const reply = await ingest(anEvent);
    expect([reply.status, reply.body]).toEqual([200, { id: eventId }]);
    expect(await events()).toMatchObject([{ eventId, level: "warning", message: "hello", tags: { stack: "dev" } }]);
  });

  it("accepts the X-Sentry-Auth header instead of the query string", async () => {
    const reply = await ingest(anEvent, "", { "x-sentry-auth": `Sentry sentry_key=${dsnKey}, sentry_version=7, sentry_client=mock/1.0` });
    expect([reply.status, reply.body]).toEqual([200, { id: eventId }]);
  });

  it("answers {} to an envelope with only a session", async () => {
    const session = envelope({ sent_at: "2026-01-01T00:00:00Z" }, { type: "session" }, { sid: "a".repeat(32), status: "exited", attrs: { release: "r1", environment: "prod" } });
    expect(await ingest(session)).toMatchObject({ status: 200, body: {} });
    expect(await events()).toMatchObject([{ itemType: "session", status: "exited", release: "r1", environment: "prod" }]);
  });

  it("reads exactly `length` bytes of an item, newlines included, then an item without length", async () => {
    const attachment = "line one\nline two";
    const body = `${envelope({ event_id: eventId }, { type: "attachment", length: Buffer.byteLength(attachment), filename: "a.txt" })}\n${attachment}\n${envelope({ type: "event" }, { message: "after the attachment" })}`;
    expect(await ingest(body)).toMatchObject({ status: 200, body: { id: eventId } });
    expect((await events()).map((e) => [e.itemType, e.message])).toEqual([["attachment", undefined], ["event", "after the attachment"]]);
  });

  it("accepts a gzip body with Content-Encoding", async () => {
    expect(await ingest(gzipSync(anEvent), queryAuth, { "content-encoding": "gzip" })).toMatchObject({ status: 200, body: { id: eventId } });
  });

  it("takes the legacy store endpoint: one event as JSON", async () => {
    const response = await fetch(`${mock.url}/api/1/store/?${queryAuth}`, { method: "POST", body: JSON.stringify({ event_id: eventId, message: "stored" }) });
    expect([response.status, await response.json()]).toEqual([200, { id: eventId }]);
    expect(await events()).toMatchObject([{ endpoint: "store", message: "stored" }]);
  });

  it.each([
    ["an invalid header line", "{oops\n{}", { detail: "invalid event envelope", causes: ["invalid envelope header"] }],
    ["a payload longer than its length", `${envelope({}, { type: "event", length: 2 })}\n{}x`, { detail: "invalid event envelope", causes: ["missing newline after header or payload"] }],
    ["an empty body", "", { detail: "empty request body" }],
  ])("refuses %s with 400", async (_what, body, expected) => {
    expect(await ingest(body)).toMatchObject({ status: 400, body: expected });
  });

  it("refuses a project id that is not digits", async () => {
    expect(await ingest(anEvent, queryAuth, {}, "mock-project")).toMatchObject({ status: 400, body: { detail: "bad project path parameter" } });
  });

  it.each([
    ["no key at all", "", {}, 401, { detail: "missing authorization information" }],
    ["a key of the wrong length", "sentry_key=abc123&sentry_version=7", {}, 400, { detail: "bad sentry DSN public key", causes: ["invalid project key"] }],
    ["an X-Sentry-Auth header without a key", "", { "x-sentry-auth": "Sentry sentry_version=7" }, 401, { detail: "bad x-sentry-auth header", causes: ["missing public key in auth header"] }],
    ["auth in both the header and the query string", queryAuth, { "x-sentry-auth": `Sentry sentry_key=${dsnKey}` }, 401, { detail: "multiple authorization payloads detected" }],
    ["a protocol version Relay does not speak", `sentry_key=${dsnKey}&sentry_version=9`, {}, 400, { detail: "unsupported protocol version (9)" }],
  ])("refuses %s", async (_what, query, headers, status, body) => {
    expect(await ingest(anEvent, query, headers)).toMatchObject({ status, body });
    expect(await events()).toEqual([]);
  });

  it("refuses a key that belongs to another project with 403 ProjectId", async () => {
    await control.seed({ organizations: [{ slug: "mock-org", projects: [{ id: "2", slug: "other", publicKeys: [otherKey] }] }] });
    expect(await ingest(anEvent, `sentry_key=${otherKey}&sentry_version=7`)).toMatchObject({ status: 403, body: { detail: "event submission rejected with_reason: ProjectId" } });
    expect(await ingest(anEvent, `sentry_key=${otherKey}&sentry_version=7`, {}, "2")).toMatchObject({ status: 200 });
  });
});

describe("Sentry event storage: 200 from ingest means queued", () => {
  const eventPath = `/api/0/projects/mock-org/1/events/${eventId}/`;

  it("stores an accepted event asynchronously: 404 Event not found on the first read, the event on the next", async () => {
    expect(await ingest(anEvent)).toMatchObject({ status: 200, body: { id: eventId } });
    expect(await call("GET", eventPath)).toMatchObject({ status: 404, body: { detail: "Event not found" } });
    const read = await call("GET", eventPath);
    expect(read.status).toBe(200);
    expect(read.body).toMatchObject({ id: eventId, eventID: eventId, projectID: "1", type: "error", message: "hello" });
    expect((read.body as { tags: unknown[] }).tags).toEqual([
      { key: "level", value: "warning" },
      { key: "stack", value: "dev" },
    ]);
    // Project by slug, as Sentry's {project_id_or_slug} allows.
    expect((await call("GET", `/api/0/projects/mock-org/mock-project/events/${eventId}/`)).status).toBe(200);
    expect((await control.state<{ ingested: unknown[] }>()).ingested).toEqual([{ projectId: "1", eventId, outcome: "stored" }]);
  });

  it("answers 200 for a revoked key on a cold cache and drops the event later; refuses the key once its config is cached", async () => {
    await control.seed({ organizations: [{ slug: "mock-org", projects: [{ id: "1", slug: "mock-project", revokedKeys: [dsnKey] }] }], processing: { polls: 0 } });
    expect(await ingest(anEvent)).toMatchObject({ status: 200, body: { id: eventId } });
    expect(await call("GET", eventPath)).toMatchObject({ status: 404, body: { detail: "Event not found" } });
    expect((await control.state<{ ingested: unknown[] }>()).ingested).toEqual([{ projectId: "1", eventId, outcome: "dropped: the DSN key is revoked" }]);
    expect(await ingest(anEvent)).toMatchObject({ status: 403, body: { detail: "event submission rejected with_reason: ProjectId" } });
  });

  it("answers 404 for a project or organisation it does not know, and checks the token first", async () => {
    expect((await call("GET", `/api/0/projects/mock-org/999/events/${eventId}/`)).status).toBe(404);
    expect((await call("GET", `/api/0/projects/other-org/1/events/${eventId}/`)).status).toBe(404);
    expect((await call("GET", eventPath, { token: null })).status).toBe(401);
  });

  it("refuses a processing policy with neither polls nor delay", async () => {
    const response = await fetch(`${mock.url}/__mock/state`, { method: "POST", body: JSON.stringify({ processing: {} }) });
    expect([response.status, await response.json()]).toEqual([
      400,
      { error: '"processing" needs "polls" (reads of events before a new one is stored) and/or "delayMs", whole numbers, 0 or more' },
    ]);
  });
});

describe("Sentry list pagination", () => {
  it("pages a list with per_page and a Link header's cursor, results=\"false\" on the last page", async () => {
    await control.seed({
      organizations: [{ slug: "mock-org", integrations: [1, 2, 3].map((n) => ({ provider: "pagerduty", id: String(60 + n), name: `pd-${n}` })) }],
    });
    const first = await call("GET", "/api/0/organizations/mock-org/integrations/?providerKey=pagerduty&per_page=2");
    expect((first.body as { name: string }[]).map((i) => i.name)).toEqual(["pd-1", "pd-2"]);
    const link = first.headers.get("link") ?? "";
    expect(link).toBe(
      `<${mock.url}/api/0/organizations/mock-org/integrations/?providerKey=pagerduty&per_page=2&cursor=0%3A0%3A1>; rel="previous"; results="false"; cursor="0:0:1", ` +
        `<${mock.url}/api/0/organizations/mock-org/integrations/?providerKey=pagerduty&per_page=2&cursor=0%3A2%3A0>; rel="next"; results="true"; cursor="0:2:0"`,
    );
    const next = /<([^>]+)>; rel="next"/.exec(link)![1];
    const second = await fetch(next, { headers: { authorization: `Bearer ${userToken}` } });
    expect(((await second.json()) as { name: string }[]).map((i) => i.name)).toEqual(["pd-3"]);
    expect(second.headers.get("link")).toContain('rel="next"; results="false"; cursor="0:4:0"');
  });
});

describe("Sentry projects", () => {
  it("lists the organisation's projects by slug, paged like every list", async () => {
    await control.seed({ organizations: [{ slug: "mock-org", projects: [{ id: "7", slug: "payments" }, { id: "3", slug: "checkout" }, { id: "9", slug: "search" }] }] });
    const first = await call("GET", "/api/0/organizations/mock-org/projects/?per_page=2");
    expect((first.body as { id: string; slug: string }[]).map((p) => `${p.id} ${p.slug}`)).toEqual(["3 checkout", "1 mock-project"]);
    expect(first.headers.get("link")).toContain('rel="next"; results="true"; cursor="0:2:0"');
    expect((await call("GET", "/api/0/organizations/other-org/projects/")).status).toBe(404);
  });
});

describe("Sentry faults", () => {
  it("unauthorized: 401 missing authorization information on ingest, for a well-formed request; the web API is untouched", async () => {
    await control.addFault({ fault: "unauthorized" });
    expect(await ingest(anEvent)).toMatchObject({ status: 401, body: { detail: "missing authorization information" } });
    expect((await call("GET", "/api/0/organizations/mock-org/workflows/")).status).toBe(200);
    expect(await events()).toEqual([]);
  });

  it("region-mismatch: 403 ProjectId on ingest", async () => {
    await control.addFault({ fault: "region-mismatch" });
    expect(await ingest(anEvent)).toMatchObject({ status: 403, body: { detail: "event submission rejected with_reason: ProjectId" } });
    const stored = await fetch(`${mock.url}/api/1/store/?${queryAuth}`, { method: "POST", body: "{}" });
    expect(stored.status).toBe(403);
  });

  it("rate-limited on ingest: 429 with Retry-After and X-Sentry-Rate-Limits, for one request", async () => {
    await control.addFault({ route: "POST /api/*/envelope", fault: "rate-limited", times: 1 });
    const limited = await ingest(anEvent);
    expect([limited.status, limited.headers.get("retry-after"), limited.headers.get("x-sentry-rate-limits")]).toEqual([429, "60", "60::organization:usage_exceeded"]);
    expect((limited.body as { detail: string }).detail).toMatch(/^Sentry dropped data due to a quota or internal rate limit/);
    expect((await ingest(anEvent)).status).toBe(200);
  });

  it("rate-limited on the web API: 429 with Sentry's rate-limit headers", async () => {
    await control.addFault({ route: "GET /api/0/organizations/*/integrations", fault: "rate-limited" });
    const reply = await call("GET", "/api/0/organizations/mock-org/integrations/");
    expect([reply.status, reply.headers.get("x-sentry-rate-limit-remaining"), reply.headers.get("retry-after")]).toEqual([429, "0", "1"]);
    expect(reply.body).toEqual({ detail: "You are attempting to use this endpoint too frequently. Limit is 40 requests in 1 seconds" });
  });

  it("server-error: 503 from Relay, 500 with an error id from the web API", async () => {
    await control.addFault({ fault: "server-error" });
    expect(await ingest(anEvent)).toMatchObject({ status: 503, body: { detail: "the service is overloaded" } });
    expect(await call("GET", "/api/0/organizations/mock-org/workflows/")).toMatchObject({ status: 500, body: { detail: "Internal Error", errorId: "0".repeat(32) } });
    expect(await events()).toEqual([]);
  });

  it("rules-brownout: 410 on the legacy rules API only, with the deprecation headers", async () => {
    await control.addFault({ fault: "rules-brownout" });
    await control.addFault({ route: "* /api/0/projects/*/*/rules/*", fault: "rules-brownout" });
    for (const path of ["/api/0/projects/mock-org/mock-project/rules/", "/api/0/projects/mock-org/mock-project/rules/7/"]) {
      const reply = await call("GET", path);
      expect([reply.status, reply.body, reply.headers.get("x-sentry-deprecation-date")]).toEqual([410, { message: "This API no longer exists." }, "2026-05-14T00:00:00+00:00"]);
    }
    expect((await call("GET", "/api/0/organizations/mock-org/workflows/")).status).toBe(200);
  });
});

describe("Sentry web API credentials", () => {
  it.each([
    ["no Authorization header", null, undefined, { detail: "Authentication credentials were not provided." }],
    ["another scheme", null, "Token abc", { detail: "Authentication credentials were not provided." }],
    ["Bearer without a token", null, "Bearer", { detail: "Invalid token header. No credentials provided." }],
    ["a token with a space", null, "Bearer sntryu_abc def", { detail: "Invalid token header. Token string should not contain spaces." }],
    ["a user token of the wrong shape", "sntryu_short", undefined, { detail: "Invalid token" }],
    ["a 63-character legacy token", "a".repeat(63), undefined, { detail: "Invalid token" }],
    ["an org token whose payload is not JSON", `sntrys_bm90anNvbg==_${"M".repeat(43)}`, undefined, { detail: "Invalid org token" }],
  ])("refuses %s with 401", async (_what, token, authorization, body) => {
    const reply = await call("GET", "/api/0/organizations/mock-org/integrations/", { token, headers: authorization ? { authorization } : {} });
    expect([reply.status, reply.body]).toEqual([401, body]);
  });

  it.each([
    ["a user token (sntryu_)", userToken],
    ["a legacy 64-hex token", legacyToken],
    ["an org token (sntrys_)", orgToken],
  ])("accepts %s", async (_what, token) => {
    expect(await call("GET", "/api/0/organizations/mock-org/integrations/?providerKey=pagerduty", { token })).toEqual(expect.objectContaining({ status: 200, body: [] }));
  });

  it("answers 404 for an organisation it does not have", async () => {
    expect(await call("GET", "/api/0/organizations/nope/integrations/")).toMatchObject({ status: 404, body: { detail: "The requested resource does not exist" } });
  });
});

describe("Sentry integrations and the PagerDuty service table", () => {
  it("has no integrations by default, so a stack that needs PagerDuty finds none", async () => {
    expect(await call("GET", "/api/0/organizations/mock-org/integrations/?providerKey=pagerduty")).toMatchObject({ status: 200, body: [] });
  });

  it("lists a seeded integration shaped like Sentry's, and nothing for an unknown provider", async () => {
    await seedPagerDuty();
    const listed = await call("GET", "/api/0/organizations/mock-org/integrations/?providerKey=pagerduty");
    expect(listed.body).toMatchObject([
      { id: "50", name: "mock-pd", provider: { key: "pagerduty", name: "PagerDuty" }, configData: { service_table: [{ id: 100, service: "checkout", integration_key: "k".repeat(32) }] } },
    ]);
    expect((await call("GET", "/api/0/organizations/mock-org/integrations/?providerKey=nope")).body).toEqual([]);
    expect(await call("GET", "/api/0/organizations/mock-org/integrations/51/")).toMatchObject({ status: 404 });
  });

  it("updates the table as a whole: a row with id 0 gets an id, an omitted row is deleted", async () => {
    await seedPagerDuty();
    const posted = await call("POST", integrationPath, { body: { service_table: [{ id: 0, service: "payments", integration_key: "p".repeat(32) }] } });
    expect([posted.status, posted.body]).toEqual([200, ""]);
    const table = (await serviceTable()) as { id: number; service: string }[];
    expect(table).toEqual([{ id: expect.any(Number), service: "payments", integration_key: "p".repeat(32) }]);
    expect(table[0].id).not.toBe(0);
    expect(table[0].id).not.toBe(100);
  });

  it("updates a row listed with its id and keeps its id", async () => {
    await seedPagerDuty();
    await call("POST", integrationPath, { body: { service_table: [{ id: 100, service: "checkout-v2", integration_key: "k".repeat(32) }] } });
    expect(await serviceTable()).toEqual([{ id: 100, service: "checkout-v2", integration_key: "k".repeat(32) }]);
  });

  it("refuses a row with an empty key with 400 and leaves the table alone", async () => {
    await seedPagerDuty();
    const reply = await call("POST", integrationPath, { body: { service_table: [{ id: 100, service: "checkout", integration_key: "k".repeat(32) }, { id: 0, service: "payments", integration_key: "" }] } });
    expect([reply.status, reply.body]).toEqual([400, { detail: "Name and key are required" }]);
    expect(await serviceTable()).toEqual(pagerDuty.serviceTable);
  });

  it("serialises two stacks' read-modify-writes: a stale write loses a row, a re-read keeps both", async () => {
    await seedPagerDuty();
    const addRow = (table: unknown[], service: string) => call("POST", integrationPath, { body: { service_table: [...table, { id: 0, service, integration_key: service.padEnd(32, "0") }] } });

    // Both stacks read, then both write what they read plus their row: the later write wins.
    const [readA, readB] = await Promise.all([serviceTable(), serviceTable()]);
    await addRow(readA, "stack-a");
    await addRow(readB, "stack-b");
    expect(((await serviceTable()) as { service: string }[]).map((r) => r.service)).toEqual(["checkout", "stack-b"]);

    // The pattern that works: each write re-reads the table first (writes serialised per org).
    await seedPagerDuty();
    await addRow(await serviceTable(), "stack-a");
    await addRow(await serviceTable(), "stack-b");
    expect(((await serviceTable()) as { service: string }[]).map((r) => r.service)).toEqual(["checkout", "stack-a", "stack-b"]);
  });

  it("gives a new Opsgenie team row the id <integration>-<team> and refuses a duplicate name", async () => {
    await control.seed({ organizations: [{ slug: "mock-org", integrations: [{ provider: "opsgenie", id: "60", name: "mock-og", teamTable: [{ team: "ops", integration_key: "o".repeat(36) }] }] }] });
    const path = "/api/0/organizations/mock-org/integrations/60/";
    const existing = { id: "60-ops", team: "ops", integration_key: "o".repeat(36) };
    expect((await call("POST", path, { body: { team_table: [existing, { id: "", team: "dev", integration_key: "d".repeat(36) }] } })).status).toBe(200);
    expect(((await call("GET", path)).body as { configData: unknown }).configData).toEqual({ team_table: [existing, { id: "60-dev", team: "dev", integration_key: "d".repeat(36) }] });
    const duplicate = await call("POST", path, { body: { team_table: [existing, { id: "", team: "ops", integration_key: "x".repeat(36) }] } });
    expect([duplicate.status, duplicate.body]).toEqual([400, { duplicate_name: ["Duplicate team name."] }]);
  });

  it("checks the keys of new Opsgenie rows only: a saved row keeps its id when renamed, and its changed key is stored unchecked", async () => {
    await control.seed({ organizations: [{ slug: "mock-org", integrations: [{ provider: "opsgenie", id: "60", name: "mock-og", teamTable: [{ team: "ops", integration_key: "o".repeat(36) }] }] }] });
    const path = "/api/0/organizations/mock-org/integrations/60/";
    const refused = await call("POST", path, { body: { team_table: [{ id: "60-ops", team: "ops", integration_key: "o".repeat(36) }, { id: "", team: "dev", integration_key: " " }] } });
    expect([refused.status, refused.body]).toEqual([400, { detail: "Invalid integration key: [' ']" }]);

    // Sentry skips every (team, key) pair among the body's saved rows, so an edited saved row is never checked.
    const renamed = await call("POST", path, { body: { team_table: [{ id: "60-ops", team: "platform", integration_key: "" }] } });
    expect([renamed.status, renamed.body]).toEqual([200, ""]);
    expect(((await call("GET", path)).body as { configData: unknown }).configData).toEqual({ team_table: [{ id: "60-ops", team: "platform", integration_key: "" }] });
  });

  it("checks a new Opsgenie row's key by listing alerts with it at the installation's Opsgenie, answering as Sentry does", async () => {
    const opsgenie = await startService(opsgenieMock, { port: 0 });
    try {
      const opsgenieControl = new MockControl(opsgenie.url);
      const path = "/api/0/organizations/mock-org/integrations/60/";
      await control.seed({ organizations: [{ slug: "mock-org", integrations: [{ provider: "opsgenie", id: "60", name: "mock-og", baseUrl: opsgenie.url, teamTable: [] }] }] });
      const row = (key: string) => ({ team_table: [{ id: "", team: "dev", integration_key: key }] });
      const goodKey = "11111111-1111-4111-8111-111111111111";
      const answer = async (key: string) => {
        const reply = await call("POST", path, { body: row(key) });
        return [reply.status, reply.body];
      };
      // Opsgenie: 422 "Key format is not valid!" for a key that is no UUID: Sentry passes the message on.
      expect(await answer("not-a-uuid")).toEqual([400, { detail: "Key format is not valid!" }]);
      await opsgenieControl.addFault({ route: "GET /v2/alerts", fault: "unauthorized", times: 1 });
      expect(await answer(goodKey)).toEqual([400, { detail: `Invalid integration key: ['${goodKey}']` }]);
      await opsgenieControl.addFault({ route: "GET /v2/alerts", fault: "rate-limited", times: 1 });
      expect(await answer(goodKey)).toEqual([400, { detail: "Too many requests. Please try updating one team/key at a time." }]);
      expect(await answer(goodKey)).toEqual([200, ""]);
      expect((await opsgenieControl.requests({ method: "GET", path: "/v2/alerts" })).map((r) => [r.status, r.headers.authorization])).toEqual([
        [422, "GenieKey not-a-uuid"],
        [401, `GenieKey ${goodKey}`],
        [429, `GenieKey ${goodKey}`],
        [200, `GenieKey ${goodKey}`],
      ]);
    } finally {
      await opsgenie.close();
    }
    await control.seed({ organizations: [{ slug: "mock-org", integrations: [{ provider: "opsgenie", id: "60", name: "mock-og", baseUrl: "http://127.0.0.1:9/", teamTable: [] }] }] });
    const unreachable = await call("POST", "/api/0/organizations/mock-org/integrations/60/", { body: { team_table: [{ id: "", team: "dev", integration_key: "k" }] } });
    expect([unreachable.status, unreachable.body]).toEqual([400, { detail: "Unable to reach host: 127.0.0.1:9" }]);
  });

  it.each([
    ["no team_table", { service_table: [] }],
    ["a row without id", { team_table: [{ team: "ops", integration_key: "o".repeat(36) }] }],
    ["a row that is not an object", { team_table: ["ops"] }],
  ])("answers an Opsgenie update with %s with Sentry's 500 (a KeyError there), changing nothing", async (_what, body) => {
    await control.seed({ organizations: [{ slug: "mock-org", integrations: [{ provider: "opsgenie", id: "60", teamTable: [{ team: "ops", integration_key: "o".repeat(36) }] }] }] });
    const reply = await call("POST", "/api/0/organizations/mock-org/integrations/60/", { body });
    expect([reply.status, reply.body]).toEqual([500, { detail: "Internal Error", errorId: "0".repeat(32) }]);
    expect((await control.state<State>()).organizations[0].integrations[0].configData).toEqual({ team_table: [{ id: "60-ops", team: "ops", integration_key: "o".repeat(36) }] });
  });
});

describe("Sentry integration provider catalogue", () => {
  const configPath = "/api/0/organizations/mock-org/config/integrations/";
  const keys = (reply: Reply) => (reply.body as { providers: { key: string }[] }).providers.map((p) => p.key);

  it("offers pagerduty, opsgenie and slack, sorted by key, installed or not", async () => {
    const reply = await call("GET", configPath);
    expect(reply.status).toBe(200);
    expect(keys(reply)).toEqual(["opsgenie", "pagerduty", "slack"]);
  });

  it("shapes a provider as IntegrationProviderSerializer does, with the texts of Sentry's API docs", async () => {
    const reply = await call("GET", `${configPath}?providerKey=opsgenie`);
    expect(reply).toMatchObject({ status: 200 });
    expect(reply.body).toEqual({
      providers: [
        {
          key: "opsgenie",
          slug: "opsgenie",
          name: "Opsgenie",
          metadata: {
            description:
              "Trigger alerts in Opsgenie from Sentry.\n\nOpsgenie is a cloud-based service for dev and ops teams, providing reliable alerts, on-call schedule management, and escalations.\nOpsgenie integrates with monitoring tools and services to ensure that the right people are notified via email, SMS, phone, and iOS/Android push notifications.",
            features: [
              { description: "Manage incidents and outages by sending Sentry notifications to Opsgenie.", featureGate: "integrations-enterprise-incident-management" },
              { description: "Configure rule based Opsgenie alerts that automatically trigger and notify specific teams.", featureGate: "integrations-enterprise-alert-rule" },
            ],
            author: "The Sentry Team",
            noun: "Installation",
            issue_url: "https://github.com/getsentry/sentry/issues/new?assignees=&labels=Component:%20Integrations&template=bug.yml&title=Integration%20Problem",
            source_url: "https://github.com/getsentry/sentry/tree/master/src/sentry/integrations/opsgenie",
            aspects: {},
          },
          canAdd: true,
          canDisable: false,
          features: ["incident-management", "alert-rule"],
        },
      ],
    });
  });

  it("filters by providerKey, and reads provider_key first as Sentry does", async () => {
    expect(keys(await call("GET", `${configPath}?providerKey=pagerduty`))).toEqual(["pagerduty"]);
    expect(keys(await call("GET", `${configPath}?provider_key=slack&providerKey=pagerduty`))).toEqual(["slack"]);
    expect(keys(await call("GET", `${configPath}?providerKey=`))).toEqual(["opsgenie", "pagerduty", "slack"]);
  });

  it("answers 404 Providers do not exist for datadog, which Sentry does not offer", async () => {
    const reply = await call("GET", `${configPath}?providerKey=datadog`);
    expect([reply.status, reply.body]).toEqual([404, { detail: "Providers do not exist" }]);
  });

  it("offers a provider seeded into one organisation's availableProviders, to that organisation only", async () => {
    await control.seed({ organizations: [{ slug: "mock-org", availableProviders: ["datadog", "slack"] }, { slug: "other-org" }] });
    const reply = await call("GET", `${configPath}?providerKey=datadog`);
    expect([reply.status, reply.body]).toEqual([
      200,
      {
        providers: [
          {
            key: "datadog",
            slug: "datadog",
            name: "Datadog",
            metadata: {
              description: "Datadog (a provider seeded into the mock's catalogue).",
              features: [],
              author: "The Sentry Team",
              noun: "Installation",
              issue_url: "https://github.com/getsentry/sentry/issues/new?assignees=&labels=Component:%20Integrations&template=bug.yml&title=Datadog%20Integration%20Problem",
              source_url: "https://github.com/getsentry/sentry/tree/master/src/sentry/integrations/datadog",
              aspects: {},
            },
            canAdd: true,
            canDisable: false,
            features: [],
          },
        ],
      },
    ]);
    // A seeded key the catalogue already has is not listed twice.
    expect(keys(await call("GET", configPath))).toEqual(["datadog", "opsgenie", "pagerduty", "slack"]);
    expect((await call("GET", "/api/0/organizations/other-org/config/integrations/?providerKey=datadog")).status).toBe(404);
    const state = await control.state<{ organizations: { slug: string; availableProviders: string[] }[] }>();
    expect(state.organizations.map((o) => [o.slug, o.availableProviders])).toEqual([
      ["mock-org", ["datadog", "slack"]],
      ["other-org", []],
    ]);
  });

  it("refuses availableProviders that are not provider keys, and applies none of the seed", async () => {
    await expect(control.seed({ organizations: [{ slug: "mock-org", availableProviders: ["Datadog"] }] })).rejects.toThrow(
      /400 .*"availableProviders" must be a list of provider keys: lowercase letters, digits and _ \(e\.g\. "datadog"\)/,
    );
    expect((await call("GET", `${configPath}?providerKey=datadog`)).status).toBe(404);
  });

  it("authenticates like the other organisation endpoints", async () => {
    expect(await call("GET", configPath, { token: null })).toMatchObject({ status: 401, body: { detail: "Authentication credentials were not provided." } });
    expect(await call("GET", configPath, { token: "sntryu_short" })).toMatchObject({ status: 401, body: { detail: "Invalid token" } });
    expect(await call("GET", "/api/0/organizations/nope/config/integrations/")).toMatchObject({ status: 404, body: { detail: "The requested resource does not exist" } });
  });
});

describe("Sentry legacy project rules", () => {
  const rulesPath = "/api/0/projects/mock-org/mock-project/rules/";
  const rule = {
    name: "page on new issues",
    actionMatch: "any",
    frequency: 30,
    conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
    actions: [{ id: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction", account: 50, service: 100, severity: "critical" }],
  };
  const deprecation = (reply: Reply) => [reply.headers.get("x-sentry-deprecation-date"), reply.headers.get("x-sentry-replacement-endpoint")];
  const expectedDeprecation = ["2026-05-14T00:00:00+00:00", "/api/0/organizations/{org}/workflows/"];

  it("creates (200), reads, updates and deletes (202) a rule, with the deprecation headers on every response", async () => {
    await seedPagerDuty();
    const created = await call("POST", rulesPath, { body: rule });
    expect(created).toMatchObject({ status: 200, body: { name: "page on new issues", projects: ["mock-project"], actions: rule.actions } });
    const id = (created.body as { id: string }).id;
    const replies = [
      created,
      await call("GET", rulesPath),
      await call("GET", `${rulesPath}${id}/`),
      await call("PUT", `${rulesPath}${id}/`, { body: { ...rule, name: "renamed" } }),
      await call("DELETE", `${rulesPath}${id}/`),
      await call("GET", `${rulesPath}${id}/`),
    ];
    expect(replies.map((r) => r.status)).toEqual([200, 200, 200, 200, 202, 404]);
    for (const reply of replies) expect(deprecation(reply)).toEqual(expectedDeprecation);
  });

  it("refuses a rule without actions, and a PagerDuty service the integration does not have", async () => {
    await seedPagerDuty();
    expect(await call("POST", rulesPath, { body: { ...rule, actions: [] } })).toMatchObject({ status: 400, body: { actions: ["You must add an action for this alert to fire."] } });
    const badService = await call("POST", rulesPath, { body: { ...rule, actions: [{ ...rule.actions[0], service: 999 }] } });
    expect([badService.status, badService.body, deprecation(badService)]).toEqual([400, { actions: ["Select a valid choice. 999 is not one of the available choices."] }, expectedDeprecation]);
  });

  it("refuses an environment until an event has used it", async () => {
    await seedPagerDuty();
    expect(await call("POST", rulesPath, { body: { ...rule, environment: "production" } })).toMatchObject({ status: 400, body: { environment: ["This environment has not been created."] } });
    await ingest(envelope({ event_id: eventId }, { type: "event" }, { environment: "production", message: "first" }));
    expect((await call("POST", rulesPath, { body: { ...rule, environment: "production" } })).status).toBe(200);
  });
});

describe("Sentry workflows and detectors", () => {
  const workflowsPath = "/api/0/organizations/mock-org/workflows/";
  const workflow = (detectorId: string) => ({
    name: "page on new issues",
    enabled: true,
    environment: null,
    config: { frequency: 30 },
    detectorIds: [detectorId],
    triggers: { logicType: "any-short", conditions: [{ type: "first_seen_event", comparison: true, conditionResult: true }] },
    actionFilters: [
      {
        logicType: "all",
        conditions: [],
        actions: [{ type: "pagerduty", integrationId: "50", config: { targetType: "specific", targetIdentifier: "100", targetDisplay: "checkout" }, data: { priority: "critical" } }],
      },
    ],
  });
  const errorDetector = async () => ((await call("GET", "/api/0/organizations/mock-org/detectors/?projectSlug=mock-project&query=type:error")).body as { id: string; type: string }[])[0].id;

  it("lists the project's error detector", async () => {
    const reply = await call("GET", "/api/0/organizations/mock-org/detectors/?project=1&query=type:error");
    expect(reply).toMatchObject({ status: 200, body: [{ type: "error", projectId: "1", workflowIds: [] }] });
    expect((reply.body as unknown[]).length).toBe(1);
  });

  it("takes projects by numeric id in project and by slug in projectSlug, and refuses a slug in project with 400 as Sentry does", async () => {
    const detectors = async (query: string) => {
      const reply = await call("GET", `/api/0/organizations/mock-org/detectors/?${query}`);
      return [reply.status, Array.isArray(reply.body) ? (reply.body as { projectId: string; type: string }[]).map((d) => `${d.projectId}:${d.type}`) : reply.body];
    };
    expect(await detectors("project=1&query=type:error")).toEqual([200, ["1:error"]]);
    expect(await detectors("projectSlug=mock-project&query=type:error")).toEqual([200, ["1:error"]]);
    expect(await detectors("projectSlug=mock-project")).toEqual([200, ["1:error", "1:issue_stream"]]);
    // getsentry/sentry api/bases/organization.py: `project` values go through int(); a slug is a ParseError.
    expect(await detectors("project=mock-project&query=type:error")).toEqual([400, { detail: "Invalid project parameter. Values must be numbers." }]);
    expect(await detectors("project=mock-project&projectSlug=mock-project")).toEqual([400, { detail: "Invalid project parameter. Values must be numbers." }]);
    // A project the organisation does not have, by either name, is PermissionDenied.
    expect(await detectors("projectSlug=no-such-project")).toEqual([403, { detail: "You do not have permission to perform this action." }]);
    expect(await detectors("project=42")).toEqual([403, { detail: "You do not have permission to perform this action." }]);
    expect(await detectors("projectSlug=mock-project&project=42")).toEqual([403, { detail: "You do not have permission to perform this action." }]);
  });

  it("creates (201), reads, updates (200) and deletes (204) a workflow, every id a string", async () => {
    await seedPagerDuty();
    const detectorId = await errorDetector();
    const created = await call("POST", workflowsPath, { body: workflow(detectorId) });
    expect(created).toMatchObject({
      status: 201,
      body: {
        id: expect.stringMatching(/^\d+$/),
        detectorIds: [detectorId],
        triggers: { id: expect.stringMatching(/^\d+$/), logicType: "any-short", conditions: [{ id: expect.stringMatching(/^\d+$/), type: "first_seen_event" }] },
        actionFilters: [{ id: expect.stringMatching(/^\d+$/), actions: [{ id: expect.stringMatching(/^\d+$/), type: "pagerduty", integrationId: "50", config: { targetIdentifier: "100" } }] }],
      },
    });
    const body = created.body as { id: string; triggers: { id: string }; actionFilters: { id: string; actions: { id: string }[] }[] };
    expect(await call("GET", `${workflowsPath}${body.id}/`)).toEqual(expect.objectContaining({ status: 200, body: created.body }));

    // PUT keeps what is listed by id, creates what has no id, drops the rest.
    const [filter] = body.actionFilters;
    const update = { ...workflow(detectorId), name: "renamed", actionFilters: [{ ...workflow(detectorId).actionFilters[0], id: filter.id, actions: [{ ...workflow(detectorId).actionFilters[0].actions[0], id: filter.actions[0].id }] }, { logicType: "any", conditions: [], actions: [] }] };
    const updated = await call("PUT", `${workflowsPath}${body.id}/`, { body: update });
    expect(updated).toMatchObject({ status: 200, body: { name: "renamed", triggers: { id: body.triggers.id }, actionFilters: [{ id: filter.id, actions: [{ id: filter.actions[0].id }] }, { logicType: "any" }] } });
    expect(((await call("GET", "/api/0/organizations/mock-org/detectors/?project=1&query=type:error")).body as { workflowIds: string[] }[])[0].workflowIds).toEqual([body.id]);

    expect((await call("DELETE", `${workflowsPath}${body.id}/`)).status).toBe(204);
    expect(await call("GET", `${workflowsPath}${body.id}/`)).toMatchObject({ status: 404, body: { detail: "The requested resource does not exist" } });
    expect((await call("GET", workflowsPath)).body).toEqual([]);
  });

  it.each([
    ["a trigger logic type other than any-short", (w: ReturnType<typeof workflow>) => ({ ...w, triggers: { ...w.triggers, logicType: "all" } }), { triggers: { logicType: ['Triggers with conditions must use the "any-short" logic type, not "all".'] } }],
    ["an action filter without actions", (w: ReturnType<typeof workflow>) => ({ ...w, actionFilters: [{ logicType: "all", conditions: [] }] }), { actionFilters: ["Missing actions key in action filter"] }],
    ["an action filter without logicType", (w: ReturnType<typeof workflow>) => ({ ...w, actionFilters: [{ conditions: [], actions: [] }] }), { actionFilters: { logicType: ["This field is required."] } }],
    ["a frequency Sentry does not offer", (w: ReturnType<typeof workflow>) => ({ ...w, config: { frequency: 7 } }), { config: ["7 is not one of [0, 5, 10, 30, 60, 180, 720, 1440]"] }],
    ["a missing name", (w: ReturnType<typeof workflow>) => ({ ...w, name: undefined }), { name: ["This field is required."] }],
    ["a detector the organisation does not have", (w: ReturnType<typeof workflow>) => ({ ...w, detectorIds: ["999"] }), { detectorIds: ["Some detectors do not exist: {999}"] }],
    ["a PagerDuty integration that is not installed", (w: ReturnType<typeof workflow>) => ({ ...w, actionFilters: [{ ...w.actionFilters[0], actions: [{ ...w.actionFilters[0].actions[0], integrationId: "51" }] }] }), { actionFilters: { integrationId: ["Select a valid choice. 51 is not one of the available choices."] } }],
    ["a service that is not in the service table", (w: ReturnType<typeof workflow>) => ({ ...w, actionFilters: [{ ...w.actionFilters[0], actions: [{ ...w.actionFilters[0].actions[0], config: { targetType: "specific", targetIdentifier: "101", targetDisplay: "x" } }] }] }), { actionFilters: { config: ["Select a valid choice. 101 is not one of the available choices."] } }],
  ])("refuses %s with a DRF 400", async (_what, change, errors) => {
    await seedPagerDuty();
    const reply = await call("POST", workflowsPath, { body: change(workflow(await errorDetector())) });
    expect([reply.status, reply.body]).toEqual([400, errors]);
    expect((await call("GET", workflowsPath)).body).toEqual([]);
  });

  it("refuses an update naming an action filter of another workflow", async () => {
    await seedPagerDuty();
    const detectorId = await errorDetector();
    const first = (await call("POST", workflowsPath, { body: workflow(detectorId) })).body as { actionFilters: { id: string }[] };
    const second = (await call("POST", workflowsPath, { body: workflow(detectorId) })).body as { id: string };
    const foreign = { ...workflow(detectorId), actionFilters: [{ ...workflow(detectorId).actionFilters[0], id: first.actionFilters[0].id }] };
    const reply = await call("PUT", `${workflowsPath}${second.id}/`, { body: foreign });
    expect([reply.status, reply.body]).toEqual([400, { actionFilters: [`Action filter ID ${first.actionFilters[0].id} does not belong to this workflow`] }]);
  });
});

describe("Sentry mock state", () => {
  it("starts with mock-org, project 1 mock-project and its detectors, and no integrations", async () => {
    const [org] = (await control.state<State>()).organizations;
    expect(org).toMatchObject({ slug: "mock-org", projects: [{ id: "1", slug: "mock-project", detectors: [{ type: "error" }, { type: "issue_stream" }] }], integrations: [] });
  });

  it("refuses a bad seed with 400 and applies none of it", async () => {
    const bad = { organizations: [{ slug: "mock-org", integrations: [pagerDuty, { provider: "jira", id: "70" }] }] };
    await expect(control.seed(bad)).rejects.toThrow(/400 .*each integration needs "provider", one of pagerduty, opsgenie, slack/);
    expect((await control.state<State>()).organizations[0].integrations).toEqual([]);
  });
});
