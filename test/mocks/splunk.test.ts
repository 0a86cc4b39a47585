import { Logger as SplunkLogger } from "splunk-logging";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import type { ReceivedEvent } from "../../mock-endpoints/splunk/state";
import { splunkMock } from "../../mock-endpoints/splunk";

// Token GUIDs built from zeros, so none looks like a real one.
const guid = (n: number) => `00000000-0000-0000-0000-${String(n).padStart(12, "0")}`;
const token = guid(1);
const channel = guid(900);
const collection = "/servicesNS/admin/splunk_httpinput/data/inputs/http";
const adminAuth = `Basic ${Buffer.from("admin:mock-password").toString("base64")}`;

let mock: RunningService;
let control: MockControl;

beforeAll(async () => {
  mock = await startService(splunkMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

const state = () => control.state<{ tokens: { name: string; disabled: boolean }[]; indexes: Record<string, ReceivedEvent[]>; eventCount: number }>();

/** A HEC request: status and parsed body. */
async function hec(path: string, body: string, headers: Record<string, string> = { authorization: `Splunk ${token}` }): Promise<[number, unknown]> {
  const response = await fetch(`${mock.url}${path}`, { method: "POST", headers, body });
  return [response.status, await response.json()];
}

/** A management API request with form fields, as curl -d sends them. */
async function manage(method: string, path: string, form?: Record<string, string>, authorization = adminAuth): Promise<[number, any]> {
  const response = await fetch(`${mock.url}${path}`, {
    method,
    headers: authorization ? { authorization } : {},
    body: form ? new URLSearchParams(form) : undefined,
  });
  const text = await response.text();
  return [response.status, response.headers.get("content-type")?.includes("json") ? JSON.parse(text) : text];
}

/** Sends one event through splunk-logging, as the verify probe does; resolves with the HEC body and any Splunk error. */
function logWith(hecToken: string, metadata: { index?: string; sourcetype?: string } = {}): Promise<{ status?: number; body: unknown; error?: { message: string; code?: number } }> {
  const logger = new SplunkLogger({ token: hecToken, url: mock.url, maxBatchCount: 1 });
  let error: { message: string; code?: number } | undefined;
  // The library reports Splunk's refusals through this hook (and console.log by default), not the callback's err.
  logger.error = (e) => (error = { message: e.message, code: (e as Error & { code?: number }).code });
  return new Promise((resolve, reject) =>
    logger.send({ message: { check: "operator-wiring verify" }, metadata }, (err, response, body) =>
      err ? reject(err) : resolve({ status: (response as { statusCode?: number }).statusCode, body, error }),
    ),
  );
}

async function createToken(form: Record<string, string>): Promise<string> {
  const [status, body] = await manage("POST", `${collection}?output_mode=json`, form);
  expect(status).toBe(201);
  return body.entry[0].content.token as string;
}

describe("Splunk HEC through splunk-logging", () => {
  it("sends an event to /services/collector/event/1.0 with no path configured, and it lands in its index", async () => {
    const sent = await logWith(token, { index: "ops", sourcetype: "_json" });
    expect(sent).toEqual({ status: 200, body: { text: "Success", code: 0 }, error: undefined });
    const { indexes } = await state();
    expect(indexes.ops).toMatchObject([
      { event: { message: { check: "operator-wiring verify" }, severity: "info" }, index: "ops", sourcetype: "_json", tokenName: null, endpoint: "event" },
    ]);
    const [request] = await control.requests();
    // splunk-logging posts JSON labelled as a form, to its default path.
    expect([request.path, request.headers["content-type"]]).toEqual(["/services/collector/event/1.0", "application/x-www-form-urlencoded"]);
  });

  it("follows a token through the management API: created, accepted, disabled (403 code 1), enabled, accepted", async () => {
    const created = await createToken({ name: "operator-wiring-dev", index: "ops", indexes: "ops,main", sourcetype: "_json" });
    expect(created).toMatch(/^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/);
    expect((await logWith(created)).body).toEqual({ text: "Success", code: 0 });

    expect((await manage("POST", `${collection}/operator-wiring-dev?output_mode=json`, { disabled: "1" }))[0]).toBe(200);
    expect(await logWith(created)).toEqual({ status: 403, body: { text: "Token disabled", code: 1 }, error: { message: "Token disabled", code: 1 } });

    expect((await manage("POST", `${collection}/operator-wiring-dev/enable?output_mode=json`))[0]).toBe(200);
    expect((await logWith(created)).body).toEqual({ text: "Success", code: 0 });

    const { indexes } = await state();
    // The token's default index and sourcetype, and Splunk's default source http:<name>.
    expect(indexes.ops.map((e) => [e.tokenName, e.sourcetype, e.source])).toEqual([
      ["operator-wiring-dev", "_json", "http:operator-wiring-dev"],
      ["operator-wiring-dev", "_json", "http:operator-wiring-dev"],
    ]);
  });

  it("refuses an index outside the token's list: 400 code 7, counted from 1 as Splunk does", async () => {
    const created = await createToken({ name: "narrow", index: "ops", indexes: "ops" });
    expect(await logWith(created, { index: "main" })).toMatchObject({ status: 400, body: { text: "Incorrect index", code: 7, "invalid-event-number": 1 } });
    expect((await state()).eventCount).toBe(0);
  });

  it("refuses a deleted token with 403 code 4", async () => {
    const created = await createToken({ name: "short-lived" });
    const [status, body] = await manage("DELETE", `${collection}/http%3A%2F%2Fshort-lived?output_mode=json`);
    expect([status, body.entry]).toEqual([200, []]);
    expect((await logWith(created)).body).toEqual({ text: "Invalid token", code: 4 });
  });
});

describe("HEC event replies", () => {
  it("accepts concatenated events with metadata and indexed fields", async () => {
    const body = `{"event":"one","time":1700000000.5,"host":"web-1","source":"verify","sourcetype":"_json","fields":{"env":"dev","n":[1,2]}}{"event":{"two":2},"index":"ops"}\n`;
    expect(await hec("/services/collector/event", body)).toEqual([200, { text: "Success", code: 0 }]);
    const { indexes } = await state();
    expect(indexes.main).toMatchObject([{ event: "one", time: 1700000000.5, host: "web-1", source: "verify", sourcetype: "_json", fields: { env: "dev", n: [1, 2] } }]);
    expect(indexes.ops).toMatchObject([{ event: { two: 2 }, sourcetype: "httpevent", source: null, host: null, time: null, fields: null }]);
  });

  it("accepts /services/collector as the event endpoint", async () => {
    expect(await hec("/services/collector", `{"event":"x"}`)).toEqual([200, { text: "Success", code: 0 }]);
  });

  it.each([
    ["an empty body", "", [400, { text: "No data", code: 5 }]],
    ["broken JSON", `{"event":"x"`, [400, { text: "Invalid data format", code: 6, "invalid-event-number": 0 }]],
    ["a top-level array", `[{"event":"x"}]`, [400, { text: "Invalid data format", code: 6, "invalid-event-number": 0 }]],
    ["an object without event", `{"event":"ok"}{"host":"h"}`, [400, { text: "Event field is required", code: 12, "invalid-event-number": 1 }]],
    ["a blank event", `{"event":"  "}`, [400, { text: "Event field cannot be blank", code: 13, "invalid-event-number": 0 }]],
    ["a non-numeric time", `{"event":"x","time":"yesterday"}`, [400, { text: "Error in handling indexed fields", code: 15, "invalid-event-number": 0 }]],
    ["nested indexed fields", `{"event":"x","fields":{"a":{"b":1}}}`, [400, { text: "Error in handling indexed fields", code: 15, "invalid-event-number": 0 }]],
  ])("answers %s as Splunk does", async (_what, body, expected) => {
    expect(await hec("/services/collector/event", body)).toEqual(expected);
  });

  it("keeps the events before a refused one", async () => {
    await hec("/services/collector/event", `{"event":"first"}{"event":""}`);
    expect((await state()).indexes.main.map((e) => e.event)).toEqual(["first"]);
  });
});

describe("HEC raw endpoint and data channels", () => {
  it("takes raw lines with metadata from the query string, without a channel", async () => {
    const [status, body] = await hec("/services/collector/raw?index=ops&sourcetype=syslog&host=web-1", "line one\nline two\n");
    expect([status, body]).toEqual([200, { text: "Success", code: 0 }]);
    expect((await state()).indexes.ops.map((e) => [e.event, e.sourcetype, e.host, e.endpoint])).toEqual([
      ["line one", "syslog", "web-1", "raw"],
      ["line two", "syslog", "web-1", "raw"],
    ]);
  });

  it("answers an empty raw body with code 5", async () => {
    expect(await hec("/services/collector/raw", "\n")).toEqual([400, { text: "No data", code: 5 }]);
  });

  it("refuses a channel that is not a GUID with code 11", async () => {
    const headers = { authorization: `Splunk ${token}`, "x-splunk-request-channel": "not-a-guid" };
    expect(await hec("/services/collector/raw", "x", headers)).toEqual([400, { text: "Invalid data channel", code: 11 }]);
  });

  it("needs a channel for an acknowledged token (code 10), then answers ackIds, true once indexed (the second query)", async () => {
    await control.seed({ tokens: [{ name: "acked", token: guid(2), useACK: true }] });
    const auth = { authorization: `Splunk ${guid(2)}` };
    expect(await hec("/services/collector/event", `{"event":"x"}`, auth)).toEqual([400, { text: "Data channel is missing", code: 10 }]);
    const withChannel = { ...auth, "x-splunk-request-channel": channel };
    expect(await hec("/services/collector/event", `{"event":"x"}`, withChannel)).toEqual([200, { text: "Success", code: 0, ackId: 0 }]);
    expect(await hec(`/services/collector/raw?channel=${channel}`, "y", auth)).toEqual([200, { text: "Success", code: 0, ackId: 1 }]);
    // HEC's 200 says received; the ack says indexed, a moment later.
    expect(await hec("/services/collector/ack", `{"acks":[0,1,2]}`, withChannel)).toEqual([200, { acks: { "0": false, "1": false, "2": false } }]);
    expect(await hec("/services/collector/ack", `{"acks":[0,1,2]}`, withChannel)).toEqual([200, { acks: { "0": true, "1": true, "2": false } }]);
  });

  it("acknowledges after delayMs without any query", async () => {
    await control.seed({ tokens: [{ name: "acked", token: guid(2), useACK: true }], indexing: { delayMs: 0 } });
    const withChannel = { authorization: `Splunk ${guid(2)}`, "x-splunk-request-channel": channel };
    await hec("/services/collector/event", `{"event":"x"}`, withChannel);
    expect(await hec("/services/collector/ack", `{"acks":[0]}`, withChannel)).toEqual([200, { acks: { "0": true } }]);
  });

  it("a token created without acknowledgment (Splunk's default) gives no ackId even with a channel, and refuses ack queries: code 14", async () => {
    await control.seed({ tokens: [{ name: "plain", token: guid(2) }] });
    const withChannel = { authorization: `Splunk ${guid(2)}`, "x-splunk-request-channel": channel };
    expect(await hec("/services/collector/event", `{"event":"x"}`, withChannel)).toEqual([200, { text: "Success", code: 0 }]);
    expect(await hec("/services/collector/ack", `{"acks":[0]}`, withChannel)).toEqual([400, { text: "ACK is disabled", code: 14 }]);
  });

  it("a GUID nobody created acknowledges when the sender opens a channel, and takes plain requests without one", async () => {
    expect(await hec("/services/collector/event", `{"event":"x"}`, { authorization: `Splunk ${token}` })).toEqual([200, { text: "Success", code: 0 }]);
    expect(await hec("/services/collector/event", `{"event":"x"}`, { authorization: `Splunk ${token}`, "x-splunk-request-channel": channel })).toEqual([
      200,
      { text: "Success", code: 0, ackId: 0 },
    ]);
  });
});

describe("HEC credentials", () => {
  it.each([
    ["no Authorization header", {}, [401, { text: "Token is required", code: 2 }]],
    ["a token without the Splunk scheme", { authorization: token }, [401, { text: "Invalid authorization", code: 3 }]],
    ["a Bearer token", { authorization: `Bearer ${token}` }, [401, { text: "Invalid authorization", code: 3 }]],
    ["Basic without a password", { authorization: `Basic ${Buffer.from("x").toString("base64")}` }, [401, { text: "Invalid authorization", code: 3 }]],
    ["a token that is not a GUID", { authorization: "Splunk not-a-token" }, [403, { text: "Invalid token", code: 4 }]],
  ])("refuses %s", async (_what, headers, expected) => {
    expect(await hec("/services/collector/event", `{"event":"x"}`, headers as Record<string, string>)).toEqual(expected);
    expect((await state()).eventCount).toBe(0);
  });

  it("accepts Basic auth with the token as password, as curl -u x:<token> sends it", async () => {
    const headers = { authorization: `Basic ${Buffer.from(`x:${token}`).toString("base64")}` };
    expect(await hec("/services/collector/event", `{"event":"x"}`, headers)).toEqual([200, { text: "Success", code: 0 }]);
  });

  it("refuses ?token= with code 16 unless the token allows query-string auth", async () => {
    expect(await hec(`/services/collector/event?token=${token}`, `{"event":"x"}`, {})).toEqual([400, { text: "Query string authorization is not enabled", code: 16 }]);
    expect(await hec(`/services/collector/event?token=not-a-token`, `{"event":"x"}`, {})).toEqual([403, { text: "Invalid token", code: 4 }]);
    await control.seed({ tokens: [{ name: "by-url", token: guid(3), allowQueryStringAuth: true }] });
    expect(await hec(`/services/collector/event?token=${guid(3)}`, `{"event":"x"}`, {})).toEqual([200, { text: "Success", code: 0 }]);
  });

  it("refuses a seeded disabled token with 403 code 1", async () => {
    await control.seed({ tokens: [{ name: "off", token: guid(4), disabled: true }] });
    expect(await hec("/services/collector/event", `{"event":"x"}`, { authorization: `Splunk ${guid(4)}` })).toEqual([403, { text: "Token disabled", code: 1 }]);
  });

  it("rejects a seed whose token is not a GUID, changing nothing", async () => {
    const response = await fetch(`${mock.url}/__mock/state`, { method: "POST", body: JSON.stringify({ tokens: [{ name: "ok" }, { name: "bad", token: "abc" }] }) });
    expect([response.status, await response.json()]).toEqual([400, { error: 'token "bad": "token" must be a GUID like 00000000-0000-0000-0000-000000000000' }]);
    expect((await state()).tokens).toEqual([]);
  });
});

describe("HEC health", () => {
  it.each(["/services/collector/health", "/services/collector/health/1.0"])("answers %s with code 17 and no token", async (path) => {
    const response = await fetch(`${mock.url}${path}`);
    expect([response.status, await response.json()]).toEqual([200, { text: "HEC is healthy", code: 17 }]);
  });
});

describe("management API", () => {
  it("answers Atom XML unless output_mode=json, and finds a token by name or full name", async () => {
    await createToken({ name: "feed" });
    const [status, xml] = await manage("GET", `${collection}/feed`);
    expect(status).toBe(200);
    expect(xml).toContain("<title>http://feed</title>");
    expect(xml).toMatch(/<s:key name="token">[0-9A-F-]{36}<\/s:key>/);
    const [, json] = await manage("GET", `/services/data/inputs/http/http%3A%2F%2Ffeed?output_mode=json`);
    expect(json.entry[0]).toMatchObject({ name: "http://feed", content: { disabled: false, index: "main", useACK: "0" } });
  });

  it.each([
    ["an unknown token", "GET", `${collection}/nope?output_mode=json`, undefined, 404, "Could not find object id=http://nope"],
    ["an unsupported argument", "POST", `${collection}?output_mode=json`, { name: "x", colour: "red" }, 400, `In handler 'http': Argument "colour" is not supported by this handler.`],
    ["a rename", "POST", `${collection}/feed?output_mode=json`, { name: "other" }, 400, `In handler 'http': Argument "name" is not supported by this handler.`],
  ])("refuses %s", async (_what, method, path, form, status, text) => {
    await createToken({ name: "feed" });
    expect(await manage(method, path, form)).toEqual([status, { messages: [{ type: "ERROR", text }] }]);
  });

  it("refuses a second token of the same name with 409", async () => {
    await createToken({ name: "twice" });
    expect(await manage("POST", `${collection}?output_mode=json`, { name: "twice" })).toEqual([409, { messages: [{ type: "ERROR", text: "An object with name=http://twice already exists" }] }]);
  });

  it.each([
    ["no credentials", ""],
    ["an unknown scheme", "Token abcdefabcdefabcdef"],
    ["a HEC token sent as session key", `Splunk ${token}`],
    ["a session key too short to be one", "Bearer abc"],
  ])("refuses %s with 401 call not properly authenticated", async (_what, authorization) => {
    expect(await manage("GET", `${collection}?output_mode=json`, undefined, authorization)).toEqual([401, { messages: [{ type: "WARN", text: "call not properly authenticated" }] }]);
  });

  it("refuses Basic without a password with 401 Unauthorized and a Basic challenge", async () => {
    const response = await fetch(`${mock.url}${collection}?output_mode=json`, { headers: { authorization: `Basic ${Buffer.from("admin:").toString("base64")}` } });
    expect([response.status, response.headers.get("www-authenticate"), await response.json()]).toEqual([401, 'Basic realm="/splunk"', { messages: [{ type: "ERROR", text: "Unauthorized" }] }]);
  });

  it("answers a refusal in XML when JSON was not asked for", async () => {
    const [status, body] = await manage("GET", collection, undefined, "");
    expect([status, body]).toEqual([401, expect.stringContaining('<msg type="WARN">call not properly authenticated</msg>')]);
  });

  it("accepts a session key or a bearer token", async () => {
    expect((await manage("GET", `${collection}?output_mode=json`, undefined, `Splunk ${"mocksessionkey".padEnd(40, "0")}`))[0]).toBe(200);
    expect((await manage("GET", `${collection}?output_mode=json`, undefined, `Bearer ${"mock.jwt.".padEnd(40, "0")}`))[0]).toBe(200);
  });
});

describe("search", () => {
  /** The count the export search answers, as reconcile and verify read it. */
  async function count(search: string, authorization = "Bearer search-token-0000"): Promise<[number, string]> {
    const response = await fetch(`${mock.url}/services/search/jobs/export`, {
      method: "POST",
      headers: { authorization, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ search, output_mode: "json" }),
    });
    const text = await response.text();
    return [response.status, response.status === 200 ? (JSON.parse(text.trim()) as { result: { count: string } }).result.count : text];
  }
  const ofRun = 'search index=main run_id="run-1" | stats count';

  it("finds an event only once indexed: not by the first search after HEC took it, by the next", async () => {
    await hec("/services/collector/event", JSON.stringify({ event: { run_id: "run-1" } }));
    expect(await count(ofRun)).toEqual([200, "0"]);
    expect(await count(ofRun)).toEqual([200, "1"]);
    expect(await count('search index=main run_id="run-2" | stats count')).toEqual([200, "0"]);
  });

  it("follows a seeded policy: found at once with polls 0, never within a run with many", async () => {
    await control.seed({ searchable: { polls: 0 } });
    await hec("/services/collector/event", JSON.stringify({ event: { run_id: "run-1" } }));
    expect(await count(ofRun)).toEqual([200, "1"]);
    await control.reset();
    await control.seed({ searchable: { polls: 1_000 } });
    await hec("/services/collector/event", JSON.stringify({ event: { run_id: "run-1" } }));
    for (let i = 0; i < 5; i++) expect(await count(ofRun)).toEqual([200, "0"]);
  });

  it("refuses a HEC token as the search credential (401), and a search of another shape (400)", async () => {
    expect((await count(ofRun, `Bearer ${token}`))[0]).toBe(401);
    expect((await count("search index=main | head 1"))[0]).toBe(400);
  });

  it("rejects a searchable policy that is not whole numbers, changing nothing", async () => {
    await expect(control.seed({ searchable: { polls: -1 } })).rejects.toThrow('"searchable" needs "polls" (searches before a received event is found) and/or "delayMs", whole numbers, 0 or more');
  });
});

describe("Splunk faults", () => {
  const send = () => hec("/services/collector/event", `{"event":"x"}`);

  it.each([
    ["token-disabled", [403, { text: "Token disabled", code: 1 }]],
    ["invalid-token", [403, { text: "Invalid token", code: 4 }]],
    ["server-busy", [503, { text: "Server is busy", code: 9 }]],
    ["unhealthy", [503, { text: "HEC is unhealthy, queues are full", code: 18 }]],
    ["server-error", [500, { text: "Internal server error", code: 8 }]],
  ])("switches on %s", async (fault, expected) => {
    await control.addFault({ fault, times: 1 });
    expect(await send()).toEqual(expected);
    expect(await send()).toEqual([200, { text: "Success", code: 0 }]);
    expect((await state()).eventCount).toBe(1);
  });

  it("answers the health check 503 code 18 while unhealthy", async () => {
    await control.addFault({ route: "GET /services/collector/health", fault: "unhealthy" });
    const response = await fetch(`${mock.url}/services/collector/health`);
    expect([response.status, await response.json()]).toEqual([503, { text: "HEC is unhealthy, queues are full", code: 18 }]);
  });

  it("switches on rate-limited: 429 with Retry-After on HEC, and on the management API in its own form", async () => {
    await control.addFault({ fault: "rate-limited", times: 2 });
    const intake = await fetch(`${mock.url}/services/collector/event`, { method: "POST", headers: { authorization: `Splunk ${token}` }, body: `{"event":"x"}` });
    expect([intake.status, intake.headers.get("retry-after"), await intake.json()]).toEqual([429, "1", { text: "Server is busy", code: 9 }]);
    const management = await fetch(`${mock.url}${collection}?output_mode=json`, { headers: { authorization: adminAuth } });
    expect([management.status, management.headers.get("retry-after"), await management.json()]).toEqual([429, "1", { messages: [{ type: "ERROR", text: "Too many requests" }] }]);
  });

  it("answers server-error on the management API with a messages body", async () => {
    await control.addFault({ route: `GET ${collection}`, fault: "server-error" });
    expect(await manage("GET", `${collection}?output_mode=json`)).toEqual([500, { messages: [{ type: "ERROR", text: "Internal Server Error" }] }]);
  });
});
