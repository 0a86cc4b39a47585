import { recordedWaits } from "../../support/recordedWaits";
import { runMockProbe } from "../../support/runMockProbe";
import { selfSignedCertificate, startTlsFront } from "../../support/tlsFront";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../../mock-endpoints/core/mockServer";
import { splunkMock } from "../../../mock-endpoints/splunk";
import type { ReceivedEvent } from "../../../mock-endpoints/splunk/state";
import { type SplunkInputs, mockInputs } from "../../../verify/inputs/integrationInputs";
import { mockCredentials } from "../../../verify/inputs/mockDefaults";
import { splunkProbe } from "../../../verify/probes/splunk";
import { runVerify } from "../../../verify/runVerify";

const runId = "vt-splunk-20260601-3c4d";
const eventPath = "/services/collector/event";
const healthPath = "/services/collector/health";
const ackPath = "/services/collector/ack";
const guid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
// A second token GUID, for the seeded (disabled, index-restricted) tokens.
const seededToken = "0000000A-0000-4000-8000-00000000000B";

const deadlineDiagnosis =
  "No answer within the deadline: network loss, a firewall or proxy holding the connection, or a hung endpoint. Retry once the network is back.";
const rateLimitDiagnosis =
  "Rate limited (a first-write throttle on cold accounts, or a burst): back off, wait 60 s and retry once; if it persists, open a ticket with the vendor.";
const unhealthyDiagnosis =
  "Splunk HEC: HEC unhealthy, queues full (503 code 18). The indexers are down or not keeping up: ask the Splunk admins to check indexer health and queue fill, and retry once /services/collector/health answers code 17.";

interface SplunkSnapshot {
  indexes: Record<string, ReceivedEvent[]>;
  eventCount: number;
}

let mock: RunningService;
let control: MockControl;
let inputs: SplunkInputs;

beforeAll(async () => {
  mock = await startService(splunkMock, { port: 0 });
  control = new MockControl(mock.url);
  inputs = mockInputs({ OPERATOR_WIRING_MOCK_SPLUNK_URL: mock.url }).splunk;
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

async function run(overrides: Partial<SplunkInputs> = {}, deadlineMs = 20_000) {
  return runMockProbe({ integration: "splunk", probe: splunkProbe, inputs: { ...inputs, ...overrides }, runId: runId, deadlineMs: deadlineMs });
}

async function eventCount(): Promise<number> {
  return (await control.state<SplunkSnapshot>()).eventCount;
}

describe("splunk probe", () => {
  it("sends one tagged event on a data channel to a token with indexer acknowledgment, and passes once the indexers acknowledge it", async () => {
    await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, index: "main", indexes: ["main", "ops"], useACK: true }] });
    const { result, lines, requestLines } = await run({ token: seededToken, index: "ops" });

    expect(result).toMatchObject({ status: "PASS", summary: "event indexed into index ops (200 Success, code 0; indexer acknowledgment 0 true)", cleanup: "none needed", requests: 4 });
    expect(result.diagnosis).toBeUndefined();
    const state = await control.state<SplunkSnapshot>();
    expect(state.eventCount).toBe(1);
    expect(state.indexes.ops).toHaveLength(1);
    expect(state.indexes.ops[0]).toMatchObject({
      event: { message: `operator-wiring verify ${runId}`, run_id: runId, verify: true },
      index: "ops",
      sourcetype: "operator-wiring:verify",
      source: "operator-wiring",
      tokenName: "operator-wiring-dev",
      endpoint: "event",
    });

    const received = await control.requests();
    // The ack is asynchronous: false on the first query, true on the next.
    expect(received.map((r) => [r.method, r.path, r.status])).toEqual([
      ["GET", healthPath, 200],
      ["POST", eventPath, 200],
      ["POST", ackPath, 200],
      ["POST", ackPath, 200],
    ]);
    expect(received[0].headers.authorization).toBeUndefined();
    expect(received[1].headers.authorization).toBe(`Splunk ${seededToken}`);
    const channel = received[1].headers["x-splunk-request-channel"];
    expect(channel).toMatch(guid);
    expect(received.slice(2).map((r) => [r.headers["x-splunk-request-channel"], r.headers.authorization, JSON.parse(r.body)])).toEqual([
      [channel, `Splunk ${seededToken}`, { acks: [0] }],
      [channel, `Splunk ${seededToken}`, { acks: [0] }],
    ]);
    expect(JSON.parse(received[1].body)).toEqual({
      event: { message: `operator-wiring verify ${runId}`, run_id: runId, verify: true },
      sourcetype: "operator-wiring:verify",
      source: "operator-wiring",
      index: "ops",
    });
    expect(lines).toHaveLength(4);
    expect(requestLines).toHaveLength(received.length);
    expect(requestLines[1]).toMatch(/\(send test event; at most once: no idempotency key\) → 200 \{"text":"Success","code":0,"ackId":0\} \(\d+ ms\)$/);
    expect(requestLines[3]).toMatch(/\(check indexer acknowledgement; resend-safe: a status query\) → 200 \{"acks":\{"0":true\}\} \(\d+ ms\)$/);
  });

  it("holds, not passes, on a token without indexer acknowledgment (Splunk's default): code 0 means received, not indexed", async () => {
    await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, index: "main" }] });
    const { result } = await run({ token: seededToken, index: undefined });

    expect(result).toMatchObject({
      status: "HOLD",
      summary:
        "event received for index (the token's default) (200 Success, code 0), indexing unconfirmed: the token has indexer acknowledgment off; set SPLUNK_SEARCH_URL and SPLUNK_SEARCH_TOKEN for verify to find the event by search, or turn acknowledgment on (useACK)",
      requests: 2,
    });
    expect(await eventCount()).toBe(1);
  });

  describe("with a search credential, on a token without indexer acknowledgment", () => {
    const searchPath = "/services/search/jobs/export";
    const search = () => ({ url: mock.url, token: "splunk-search-token-0000" });

    it("passes once a search of the index finds the run's event, which Splunk finds only once indexed", async () => {
      await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, index: "main", indexes: ["main", "ops"] }] });
      const { result, requestLines } = await run({ token: seededToken, index: "ops", search: search() });

      expect(result).toMatchObject({ status: "PASS", summary: `event indexed into index ops (200 Success, code 0; found by search, run_id=${runId})`, requests: 4 });
      // The first search after the event came does not find it (the mock's default, as Splunk's indexing lag); the next does.
      const searches = (await control.requests()).filter((r) => r.path === searchPath);
      expect(searches.map((r) => [r.method, r.status])).toEqual([
        ["POST", 200],
        ["POST", 200],
      ]);
      expect(searches[0].body).toContain(`search=search+index%3Dops+run_id%3D%22${runId}%22+%7C+stats+count`);
      expect(requestLines.filter((line) => line.includes("search the run's event"))).toHaveLength(2);
      expect(requestLines.join("\n")).not.toContain("splunk-search-token-0000");
    });

    it("searches index main when none is configured (HEC's default), and holds, naming SPLUNK_HEC_INDEX, when the token writes elsewhere", async () => {
      await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, index: "ops" }] });
      const { result } = await run({ token: seededToken, index: undefined, search: search() }, 2_000);

      expect(result.status).toBe("HOLD");
      expect(result.summary).toMatch(
        new RegExp(`^event received for index \\(the token's default\\) \\(200 Success, code 0\\), but a search of index main had not found it after \\d+ s: .*set SPLUNK_HEC_INDEX\\); search for run_id=${runId}$`),
      );
      expect(await control.requestCount({ path: searchPath })).toBeGreaterThan(3);
    });

    it("holds when the event is not searchable within the budget", async () => {
      await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, index: "main" }], searchable: { polls: 1_000 } });
      const { result } = await run({ token: seededToken, index: "main", search: search() }, 2_000);
      expect(result.status).toBe("HOLD");
      expect(result.summary).toContain("but a search of index main had not found it after");
    });

    it("fails, naming SPLUNK_SEARCH_TOKEN and the management port, when the search is refused", async () => {
      await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, index: "main" }] });
      // A HEC token GUID is no search token: Splunk's management API refuses it (401).
      const { result } = await run({ token: seededToken, index: "main", search: { url: mock.url, token: seededToken } });
      expect(result.status).toBe("FAIL");
      expect(result.diagnosis).toBe(
        `Splunk search: SPLUNK_SEARCH_TOKEN was refused (401) at ${mock.url}: it must be a valid token (Settings → Tokens) of a user whose role may search index main, and SPLUNK_SEARCH_URL the management port (often :8089), not HEC's.`,
      );
    });

    it("prefers the indexer acknowledgment when the token gives one: no search", async () => {
      await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, index: "main", useACK: true }] });
      const { result } = await run({ token: seededToken, index: "main", search: search() });
      expect(result.status).toBe("PASS");
      expect(await control.requestCount({ path: searchPath })).toBe(0);
    });
  });

  it("holds when the indexers do not acknowledge the event within the budget", async () => {
    await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, useACK: true }], indexing: { polls: 1_000 } });
    const { result } = await run({ token: seededToken, index: undefined }, 2_000);

    expect(result.status).toBe("HOLD");
    expect(result.summary).toMatch(
      new RegExp(`^event received for index \\(the token's default\\) \\(200 Success, code 0\\), but the indexers had not acknowledged it \\(ackId 0\\) after \\d+ s: they may be slow, or lost it before indexing; search for run_id=${runId}$`),
    );
    expect(await control.requestCount({ path: ackPath })).toBeGreaterThan(3);
  });

  it("sends the event once when HEC took it but the answer was lost: an event has no idempotency key", async () => {
    await control.addFault({ route: `POST ${eventPath}`, fault: "lost-reply", times: 1 });
    const { result } = await run();

    expect(result.status).toBe("FAIL");
    expect(result.summary).toMatch(/^send test event: (UND_ERR_SOCKET|ECONNRESET)$/);
    expect(await eventCount()).toBe(1);
    expect(await control.requestCount({ path: eventPath })).toBe(1);
  });

  it("leaves the index to the token when none is configured", async () => {
    const { result } = await run({ index: undefined });

    expect(result).toMatchObject({ status: "PASS", summary: "event indexed into index (the token's default) (200 Success, code 0; indexer acknowledgment 0 true)" });
    const received = await control.requests({ path: eventPath });
    expect(JSON.parse(received[0].body)).not.toHaveProperty("index");
    expect(received[0].headers.authorization).toBe(`Splunk ${mockCredentials.splunkHecToken}`);
    expect((await control.state<SplunkSnapshot>()).indexes.main.map((e) => (e.event as { run_id: string }).run_id)).toEqual([runId]);
  });

  it("fails on a disabled token with the token-disabled diagnosis", async () => {
    await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, disabled: true }] });
    const { result, requestLines } = await run({ token: seededToken });

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "send test event: HTTP 403",
      diagnosis: "Splunk HEC: token disabled. Re-enable the token, and confirm its allowed indexes include the target index.",
      cleanup: "none needed",
    });
    expect(await eventCount()).toBe(0);
    expect(await control.requestCount({ path: eventPath })).toBe(1);
    expect(requestLines[1]).toContain('→ 403 {"text":"Token disabled","code":1}');
  });

  it("fails on an index the token may not write to (code 7)", async () => {
    await control.seed({ tokens: [{ name: "operator-wiring-dev", token: seededToken, index: "main", indexes: ["main"] }] });
    const { result } = await run({ token: seededToken, index: "security" });

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "send test event: HTTP 400",
      diagnosis: "Splunk HEC: incorrect index. Set SPLUNK_HEC_INDEX to an index the token may write to.",
    });
    expect(await eventCount()).toBe(0);
  });

  it("fails on an invalid token (code 4)", async () => {
    await control.addFault({ route: `POST ${eventPath}`, fault: "invalid-token" });
    const { result } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: "send test event: HTTP 403", diagnosis: "Splunk HEC: invalid token. Check SPLUNK_HEC_TOKEN." });
    expect(await control.requestCount({ path: eventPath })).toBe(1);
  });

  it("fails with the queues-full diagnosis when HEC reports itself unhealthy, sending no event", async () => {
    await control.addFault({ fault: "unhealthy" });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: "check HEC health: HTTP 503 HEC is unhealthy, queues are full", diagnosis: unhealthyDiagnosis });
    expect(await control.requestCount({ path: eventPath })).toBe(0);
    expect(requestLines).toHaveLength(await control.requestCount());
  });

  it("gives the queues-full diagnosis when only the event intake answers code 18", async () => {
    await control.addFault({ route: `POST ${eventPath}`, fault: "unhealthy" });
    const { result } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: "send test event: HTTP 503 HEC is unhealthy, queues are full", diagnosis: unhealthyDiagnosis });
  });

  it.each([
    ["server-busy", 503, "Splunk HEC: server busy (HEC throttling). Back off and retry; if it persists, ask the Splunk admins about HEC capacity."],
    ["rate-limited", 429, rateLimitDiagnosis],
  ])("fails on %s (%i) after resending: HEC refused the event outright", async (fault, status, diagnosis) => {
    await control.addFault({ route: `POST ${eventPath}`, fault });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: `send test event: HTTP ${status}`, diagnosis });
    expect(await control.requestCount({ path: eventPath })).toBe(4);
    expect(requestLines).toHaveLength(await control.requestCount());
    expect(await eventCount()).toBe(0);
  });

  it("fails on a 500 without resending: HEC may have taken the event", async () => {
    await control.addFault({ route: `POST ${eventPath}`, fault: "server-error" });
    const { result, lines } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: "send test event: HTTP 500", diagnosis: "The vendor answered 500: a server-side problem. Check its status page and retry later." });
    expect(await control.requestCount({ path: eventPath })).toBe(1);
    expect(lines).toContain('[splunk]   not resending "send test event" after 500: the vendor may have taken it, and a second copy would be a duplicate');
  });

  it("fails within the deadline when HEC hangs", async () => {
    await control.addFault({ fault: "hang" });
    const deadlineMs = 1_500;
    const { result, requestLines } = await run({}, deadlineMs);

    expect(result).toMatchObject({ status: "FAIL", diagnosis: deadlineDiagnosis, cleanup: "none needed" });
    expect(result.summary).toMatch(/^check HEC health: no answer within the \d+(\.\d+)? s deadline$/);
    expect(result.durationMs).toBeLessThan(deadlineMs * 1.1 + 200);
    expect(requestLines).toHaveLength(await control.requestCount());
    expect(requestLines[0]).toContain("no answer before the deadline");
  });

  it("passes after one 429, honouring its Retry-After", async () => {
    await control.addFault({ route: `POST ${eventPath}`, fault: "rate-limited", times: 1 });
    const { result, lines, requestLines } = await run();

    expect(result.status).toBe("PASS");
    expect(lines).toContain("[splunk]   honouring Retry-After: waiting 1000 ms");
    const received = await control.requests({ path: eventPath });
    expect(received.map((r) => r.status)).toEqual([429, 200]);
    expect(requestLines).toHaveLength(await control.requestCount());
    expect(await eventCount()).toBe(1);
  });

  it("goes on to the event when the HEC has no health endpoint (404)", async () => {
    await control.addFault({ route: `GET ${healthPath}`, fault: "status", status: 404, body: "" });
    const { result } = await run();

    expect(result.status).toBe("PASS");
    expect(await eventCount()).toBe(1);
  });

  it("fails on a 200 that is not HEC's Success, saying what came back", async () => {
    await control.addFault({ route: `POST ${eventPath}`, fault: "status", status: 200, body: "<html>proxy login</html>" });
    const { result } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: 'send test event: expected 200 {"text":"Success","code":0}, got 200 <html>proxy login</html>',
      diagnosis: "Something other than Splunk HEC answered (a proxy or load balancer in front of it?): check that SPLUNK_HEC_URL points at the HEC port (often :8088).",
    });
  });
});

const certificate = selfSignedCertificate();

describe.skipIf(!certificate)("a HEC with a self-signed certificate (SPLUNK_HEC_INSECURE, dev only)", () => {
  let tls: Awaited<ReturnType<typeof startTlsFront>>;
  beforeAll(async () => {
    tls = await startTlsFront(certificate!, mock.url);
  });
  afterAll(() => tls.close());

  /** Verify's runner, which turns `insecure` into an https.Agent that skips verification for the probe's requests. */
  async function verifySplunk(insecure: boolean) {
    const lines: string[] = [];
    const [result] = await runVerify({
      scope: ["splunk"],
      modes: { slack: "mock", sentry: "mock", pagerduty: "mock", opsgenie: "mock", datadog: "mock", splunk: "real" },
      inputs: { splunk: { ...inputs, hecUrl: tls.url, insecure } },
      runId,
      deadlineMs: 5_000,
      interrupt: new AbortController().signal,
      log: (line) => lines.push(line),
      waits: recordedWaits(),
    });
    return { result, lines };
  }

  it("refuses the certificate without it, naming Node's TLS error", async () => {
    const { result } = await verifySplunk(false);
    expect(result).toMatchObject({ status: "FAIL", summary: "check HEC health: DEPTH_ZERO_SELF_SIGNED_CERT" });
    expect(await eventCount()).toBe(0);
  });

  it("reaches the HEC with it, and says TLS verification is off", async () => {
    const { result, lines } = await verifySplunk(true);
    expect(result.status).toBe("PASS");
    expect(lines[0]).toBe("[splunk] TLS verification is OFF for the HEC (SPLUNK_HEC_INSECURE); dev only");
    expect(await eventCount()).toBe(1);
  });
});
