import { runMockProbe } from "../../support/runMockProbe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../../mock-endpoints/core/mockServer";
import { datadogMock } from "../../../mock-endpoints/datadog";
import type { ReceivedPoint } from "../../../mock-endpoints/datadog/state";
import type { ProbeMode } from "../../../verify/mode";
import { type DatadogInputs, mockInputs } from "../../../verify/inputs/integrationInputs";
import { mockCredentials } from "../../../verify/inputs/mockDefaults";
import { datadogProbe } from "../../../verify/probes/datadog";

// A run id as runCli makes them, with its capital T: Datadog stores the tag lowercased.
const runId = "ow-20260601T101500-1a2b";
const tags = ["verify:true", `run_id:${runId}`, "source:operator-wiring"];
const storedTags = ["verify:true", `run_id:${runId.toLowerCase()}`, "source:operator-wiring"];
// The mock's first event id (state.ts).
const eventId = "5000000000001";
const accepted = `metric operator_wiring.verify=1 and event ${eventId} accepted (202) by datadoghq.com`;
const readBack = `${accepted}; the event was read back with tag run_id:${runId.toLowerCase()} (the metric is not read back)`;

const siteDiagnosis =
  "Datadog answered 403: the key belongs to another Datadog site, or is wrong or revoked. Check DD_SITE against your dashboard's URL (US1 is datadoghq.com, other sites have a region prefix), then the key.";
const deadlineDiagnosis =
  "No answer within the deadline: network loss, a firewall or proxy holding the connection, or a hung endpoint. Retry once the network is back.";
const appKeyDiagnosis =
  "Datadog refused DD_APP_KEY when reading the test event back (the API key itself was accepted): the application key is revoked, belongs to another org, or lacks the events_read scope. Create one in Organization Settings → Application Keys and update DD_APP_KEY.";

interface Snapshot {
  metrics: Record<string, ReceivedPoint[]>;
  events: { id: number; title: string; text: string; tags: string[]; alert_type?: string }[];
}

let mock: RunningService;
let control: MockControl;
let inputs: DatadogInputs;

beforeAll(async () => {
  mock = await startService(datadogMock, { port: 0 });
  control = new MockControl(mock.url);
  inputs = mockInputs({ OPERATOR_WIRING_MOCK_DATADOG_URL: mock.url }).datadog;
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

async function run(options: { inputs?: Partial<DatadogInputs>; deadlineMs?: number; mode?: ProbeMode } = {}) {
  return runMockProbe({ integration: "datadog", probe: datadogProbe, inputs: { ...inputs, ...options.inputs }, runId: runId, deadlineMs: options.deadlineMs ?? 20_000, mode: options.mode ?? "mock" });
}

/**
 * The probe's phases: validate, then the metric and the event together, then the reads. Requests
 * in the order of their phase (a stable sort keeps each one's retries in order), since the two
 * writes of the middle phase race each other.
 */
const phase = (r: { method: string; path: string }) => (r.path === "/api/v1/validate" ? 0 : r.path === "/api/v2/series" ? 1 : r.method === "POST" ? 2 : 3);
async function requestsInPhases() {
  return (await control.requests()).sort((a, b) => phase(a) - phase(b));
}
async function received() {
  return (await requestsInPhases()).map((r) => [r.method, r.path, r.status]);
}
/** A request's log line, by what it is for. */
const lineFor = (lines: string[], label: string) => lines.find((line) => line.includes(`(${label}`));

describe("datadog probe", () => {
  it("validates the key, submits the gauge and the event tagged with the run id, reads the event back with its lowercased tag and passes", async () => {
    const { result, lines, requestLines } = await run();

    expect(result).toMatchObject({ status: "PASS", summary: readBack, cleanup: "none needed", requests: 5 });
    expect(result.diagnosis).toBeUndefined();
    const state = await control.state<Snapshot>();
    expect(state.metrics["operator_wiring.verify"]).toEqual([{ timestamp: expect.any(Number), value: 1, tags: storedTags, type: 3, api: "v2" }]);
    expect(state.events).toMatchObject([
      { id: Number(eventId), title: `operator-wiring verify ${runId}`, text: "Test event from the operator-wiring verify program (mock mode); safe to ignore.", tags: storedTags, alert_type: "info" },
    ]);

    const requests = await requestsInPhases();
    // Indexed asynchronously: the first read answers 404, the second finds it.
    expect(requests.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", "/api/v1/validate", 200],
      ["POST", "/api/v2/series", 202],
      ["POST", "/api/v1/events", 202],
      ["GET", `/api/v1/events/${eventId}`, 404],
      ["GET", `/api/v1/events/${eventId}`, 200],
    ]);
    // The payloads, as the client serialised them: the run id is in the series tags and the event.
    expect(JSON.parse(requests[1].body)).toEqual({ series: [{ metric: "operator_wiring.verify", type: 3, points: [{ timestamp: expect.any(Number), value: 1 }], tags }] });
    expect(JSON.parse(requests[2].body)).toEqual({
      title: `operator-wiring verify ${runId}`,
      text: "Test event from the operator-wiring verify program (mock mode); safe to ignore.",
      tags,
      alert_type: "info",
    });
    // Intake calls carry the API key only; the read-back both keys. All built by the official client.
    expect(requests.map((r) => [r.headers["dd-api-key"], r.headers["dd-application-key"]])).toEqual([
      [mockCredentials.datadogApiKey, undefined],
      [mockCredentials.datadogApiKey, undefined],
      [mockCredentials.datadogApiKey, undefined],
      [mockCredentials.datadogApiKey, mockCredentials.datadogAppKey],
      [mockCredentials.datadogApiKey, mockCredentials.datadogAppKey],
    ]);
    expect(requests.every((r) => String(r.headers["user-agent"]).startsWith("datadog-api-client-typescript/"))).toBe(true);

    // Exactly one line per request, and nothing else.
    expect(lines).toEqual(requestLines);
    expect(requestLines).toHaveLength(requests.length);
    expect(requestLines[0]).toMatch(new RegExp(`^\\[datadog\\] GET ${mock.url}/api/v1/validate \\(validate the API key\\) → 200 \\{"valid":true\\} \\(\\d+ ms\\)$`));
    expect(lineFor(requestLines, "submit metric")).toMatch(/ POST .*\/api\/v2\/series \(submit metric operator_wiring\.verify=1; resend-safe: the same gauge point\) → 202 \{"errors":\[\]\} \(\d+ ms\)$/);
    expect(lineFor(requestLines, "post the test event")).toContain(`/api/v1/events (post the test event; at most once: no idempotency key) → 202 {"status":"ok","event":{"id":${eventId},`);
    expect(requestLines[4]).toContain(`/api/v1/events/${eventId} (read the test event back) → 200 `);
    expect(lines.join("\n")).not.toContain(mockCredentials.datadogApiKey);
  });

  it("holds without an application key: accepted is not arrived", async () => {
    const { result } = await run({ inputs: { appKey: undefined } });

    expect(result).toMatchObject({ status: "HOLD", summary: `${accepted}, not read back: set DD_APP_KEY to confirm the event arrived`, requests: 3 });
    expect(await received()).toEqual([
      ["GET", "/api/v1/validate", 200],
      ["POST", "/api/v2/series", 202],
      ["POST", "/api/v1/events", 202],
    ]);
  });

  it("fails on a 403 at the edge (a key of another site) with the DD_SITE diagnosis, sending nothing else", async () => {
    await control.addFault({ fault: "forbidden" });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: "validate the API key: HTTP 403", diagnosis: siteDiagnosis, cleanup: "none needed", requests: 1 });
    expect(await received()).toEqual([["GET", "/api/v1/validate", 403]]);
    expect(requestLines).toHaveLength(1);
    const state = await control.state<Snapshot>();
    expect(state.metrics).toEqual({});
    expect(state.events).toEqual([]);
  });

  it("fails on a malformed API key, which Datadog refuses with 403, with the DD_SITE diagnosis", async () => {
    const { result, lines } = await run({ inputs: { apiKey: "not-a-datadog-key" } });

    expect(result).toMatchObject({ status: "FAIL", summary: "validate the API key: HTTP 403", diagnosis: siteDiagnosis, requests: 1 });
    expect(await received()).toEqual([["GET", "/api/v1/validate", 403]]);
    expect(lines[0]).toContain('→ 403 {"status":"error","code":403,"errors":["Forbidden"]');
  });

  it("fails on an application key refused at read-back, saying the metric and event were accepted", async () => {
    await control.addFault({ route: "GET /api/v1/events/*", fault: "app-key-forbidden" });
    const { result } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "read the test event back: HTTP 403; metric and event were accepted",
      diagnosis: appKeyDiagnosis,
      requests: 4,
    });
    const state = await control.state<Snapshot>();
    expect(state.metrics["operator_wiring.verify"]).toHaveLength(1);
    expect(state.events).toHaveLength(1);
  });

  it("passes after one 429 on the event, honouring Retry-After, and posts the event once", async () => {
    await control.addFault({ route: "POST /api/v1/events", fault: "rate-limited", times: 1 });
    const { result, lines, requestLines } = await run();

    expect(result).toMatchObject({ status: "PASS", summary: readBack, requests: 6 });
    expect(lines).toContain("[datadog]   honouring Retry-After: waiting 1000 ms");
    const requests = await requestsInPhases();
    expect(requests.map((r) => [r.method, r.path, r.status, r.fault])).toEqual([
      ["GET", "/api/v1/validate", 200, undefined],
      ["POST", "/api/v2/series", 202, undefined],
      ["POST", "/api/v1/events", 429, "rate-limited"],
      ["POST", "/api/v1/events", 202, undefined],
      ["GET", `/api/v1/events/${eventId}`, 404, undefined],
      ["GET", `/api/v1/events/${eventId}`, 200, undefined],
    ]);
    expect(requestLines).toHaveLength(requests.length);
    expect(lineFor(requestLines, "post the test event")).toContain("→ 429 {\"errors\":[\"Rate limit of 1000 requests in 60 seconds reached. Please try again later.\"]}");
    expect((await control.state<Snapshot>()).events).toHaveLength(1);
  });

  it.each([
    ["server-error", 500],
    ["bad-gateway", 502],
  ])("fails on %s after retrying", async (fault, status) => {
    await control.addFault({ fault });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: `validate the API key: HTTP ${status}`,
      diagnosis: `The vendor answered ${status}: a server-side problem. Check its status page and retry later.`,
      requests: 4,
    });
    expect(await received()).toEqual(Array.from({ length: 4 }, () => ["GET", "/api/v1/validate", status]));
    expect(requestLines).toHaveLength(4);
  });

  it("fails within the deadline when Datadog hangs", async () => {
    await control.addFault({ fault: "hang" });
    const deadlineMs = 1_500;
    const { result, requestLines } = await run({ deadlineMs });

    expect(result).toMatchObject({ status: "FAIL", diagnosis: deadlineDiagnosis, cleanup: "none needed" });
    expect(result.summary).toMatch(/^validate the API key: no answer within the \d+(\.\d+)? s deadline$/);
    expect(result.durationMs).toBeLessThan(deadlineMs * 1.1 + 200);
    expect(requestLines).toEqual([expect.stringContaining("(validate the API key) → no answer before the deadline")]);
    expect(await control.requestCount()).toBe(1);
  });

  it("polls the event until Datadog has indexed it", async () => {
    await control.seed({ eventIndexing: { polls: 3 } });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({ status: "PASS", summary: readBack, requests: 7 });
    expect((await received()).slice(3)).toEqual([
      ["GET", `/api/v1/events/${eventId}`, 404],
      ["GET", `/api/v1/events/${eventId}`, 404],
      ["GET", `/api/v1/events/${eventId}`, 404],
      ["GET", `/api/v1/events/${eventId}`, 200],
    ]);
    expect(requestLines).toHaveLength(7);
  });

  it("holds, not passes, when the event stays 404 (not indexed yet, or an application key of another org)", async () => {
    await control.addFault({ route: "GET /api/v1/events/*", fault: "status", status: 404, body: { errors: ["Event not found"] } });
    // 2 s leaves the steps 1.5 s; the poll keeps 0.5 s of it for the last request, so about a second of polling.
    const { result } = await run({ deadlineMs: 2_000 });

    expect(result.status).toBe("HOLD");
    expect(result.summary).toMatch(
      new RegExp(
        `^${accepted.replace(/[.()]/g, "\\$&")}, but the event was not readable after \\d+ s: Datadog may still be indexing it, or DD_APP_KEY belongs to another org than DD_API_KEY \\(Datadog answers 404 to another org's event\\); look for run_id:${runId.toLowerCase()} in Events Explorer$`,
      ),
    );
    const reads = (await received()).filter(([method]) => method === "GET").slice(1);
    expect(reads.length).toBeGreaterThanOrEqual(3);
    expect(reads.every(([, , status]) => status === 404)).toBe(true);
  });

  it("posts the event once when Datadog took it but the answer was lost: an event has no idempotency key", async () => {
    await control.addFault({ route: "POST /api/v1/events", fault: "lost-reply", times: 1 });
    const { result } = await run();

    expect(result.status).toBe("FAIL");
    expect(result.summary).toMatch(/^post the test event: (UND_ERR_SOCKET|ECONNRESET)$/);
    expect((await control.state<Snapshot>()).events).toHaveLength(1);
    expect(await control.requestCount({ path: "/api/v1/events" })).toBe(1);
  });

  it("fails when the event read back is not the one posted (keys of two orgs)", async () => {
    const other = { id: 42, id_str: "42", title: "someone else's event", text: "", tags: ["team:other"] };
    await control.addFault({ route: "GET /api/v1/events/*", fault: "status", status: 200, body: { event: other }, headers: { "content-type": "application/json" } });
    const { result } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: `read the test event back: event ${eventId} does not carry the tag run_id:${runId.toLowerCase()}`,
      diagnosis: "Datadog answered with an event that is not the one just posted: check that DD_API_KEY and DD_APP_KEY belong to the same org.",
    });
  });

});
