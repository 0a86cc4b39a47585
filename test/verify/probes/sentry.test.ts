import { runMockProbe } from "../../support/runMockProbe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../../mock-endpoints/core/mockServer";
import { sentryMock } from "../../../mock-endpoints/sentry";
import type { ReceivedEvent } from "../../../mock-endpoints/sentry/state";
import { type SentryInputs, mockInputs } from "../../../verify/inputs/integrationInputs";
import { mockCredentials } from "../../../verify/inputs/mockDefaults";
import { sentryProbe } from "../../../verify/probes/sentry";

const runId = "vt-sentry-20260601-1a2b";
const envelopePath = `/api/${mockCredentials.sentryProjectId}/envelope/`;

const deadlineDiagnosis =
  "No answer within the deadline: network loss, a firewall or proxy holding the connection, or a hung endpoint. Retry once the network is back.";
const rateLimitDiagnosis =
  "Rate limited (a first-write throttle on cold accounts, or a burst): back off, wait 60 s and retry once; if it persists, open a ticket with the vendor.";
const dsnDiagnosis = (status: number) =>
  `Sentry's ingest refused the DSN key (${status}): the key was revoked or disabled, its project was deleted, or SENTRY_DSN is mistyped. The DSN carries its own ingest host, so this is not a region mismatch: copy the DSN again from Project → Settings → Client Keys (DSN).`;
const eventPath = (eventId: string) => `/api/0/projects/mock-org/${mockCredentials.sentryProjectId}/events/${eventId}/`;

let mock: RunningService;
let control: MockControl;
let inputs: SentryInputs;

beforeAll(async () => {
  mock = await startService(sentryMock, { port: 0 });
  control = new MockControl(mock.url);
  inputs = mockInputs({ OPERATOR_WIRING_MOCK_SENTRY_URL: mock.url }).sentry;
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

async function run(deadlineMs = 20_000, overrides: Partial<SentryInputs> = {}) {
  return runMockProbe({ integration: "sentry", probe: sentryProbe, inputs: { ...inputs, ...overrides }, runId: runId, deadlineMs: deadlineMs });
}

async function events(): Promise<ReceivedEvent[]> {
  const state = await control.state<{ events: Record<string, { events: ReceivedEvent[] }> }>();
  return state.events[mockCredentials.sentryProjectId]?.events ?? [];
}

const eventIdOf = (summary: string) => /^synthetic error ([0-9a-f]{32}) stored by Sentry \(read back from project 1 with its run_id tag\)$/.exec(summary)?.[1];

describe("sentry probe", () => {
  it("sends one synthetic error through the SDK, tagged with the run id, and passes once Sentry has stored it", async () => {
    const { result, lines, requestLines } = await run();

    expect(result).toMatchObject({ status: "PASS", cleanup: "none needed", requests: 3 });
    expect(result.diagnosis).toBeUndefined();
    const eventId = eventIdOf(result.summary);
    expect(eventId).toBeDefined();

    const stored = await events();
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({
      itemType: "event",
      endpoint: "envelope",
      eventId,
      level: "error",
      exception: { type: "Error", value: `operator-wiring verify ${runId}` },
      tags: { verify: "true", run_id: runId },
      environment: "verify",
      sdk: "sentry.javascript.core",
    });

    // The SDK's request: the envelope URL it computed from the DSN, auth in the query string;
    // then the read-back through the web API, until Sentry has stored it (the mock: the second read).
    const received = await control.requests();
    expect(received.map((r) => [r.method, r.path, r.status])).toEqual([
      ["POST", envelopePath, 200],
      ["GET", eventPath(eventId!), 404],
      ["GET", eventPath(eventId!), 200],
    ]);
    expect(received[1].headers.authorization).toBe(`Bearer ${inputs.api!.token}`);
    expect(received[0].query).toMatchObject({ sentry_key: mockCredentials.sentryPublicKey, sentry_version: "7" });
    expect(received[0].body).toContain(runId);
    const [header, itemHeader] = received[0].body.split("\n").map((line) => JSON.parse(line) as Record<string, unknown>);
    expect(header.event_id).toBe(eventId);
    expect(itemHeader.type).toBe("event");

    expect(lines).toHaveLength(3);
    expect(requestLines).toHaveLength(received.length);
    expect(requestLines[0]).toMatch(new RegExp(`\\(send synthetic error event; resend-safe: the event id\\) → 200 \\{"id":"${eventId}"\\} \\(\\d+ ms\\)$`));
    expect(requestLines[2]).toContain("(read the synthetic error back) → 200 ");
  });

  it("holds without SENTRY_AUTH_TOKEN: a 200 from ingest means queued, not stored", async () => {
    const { result } = await run(20_000, { api: undefined });

    expect(result.status).toBe("HOLD");
    expect(result.summary).toMatch(/^synthetic error [0-9a-f]{32} queued by Sentry's ingest \(200\), not read back: set SENTRY_AUTH_TOKEN and SENTRY_ORG to confirm it was stored$/);
    expect(await control.requestCount()).toBe(1);
  });

  it("holds, not passes, when ingest answers 200 for a revoked key (cold cache) and Sentry drops the event", async () => {
    await control.seed({ organizations: [{ slug: "mock-org", projects: [{ id: "1", slug: "mock-project", revokedKeys: [mockCredentials.sentryPublicKey] }] }] });
    const { result } = await run(3_000);

    expect(result.status).toBe("HOLD");
    expect(result.summary).toMatch(
      /^synthetic error [0-9a-f]{32} queued by Sentry's ingest \(200\) but not stored after \d+ s: Sentry may still be processing it, or dropped it after answering \(a revoked or disabled DSN key, a deleted project, an inbound filter or a quota\); look for run_id:vt-sentry-20260601-1a2b in the project's issues, or run again with a longer --timeout$/,
    );
    const state = await control.state<{ ingested: { outcome: string }[] }>();
    expect(state.ingested.map((e) => e.outcome)).toEqual(["dropped: the DSN key is revoked"]);
    const reads = (await control.requests()).slice(1);
    expect(reads.length).toBeGreaterThan(2);
    expect(reads.every((r) => r.method === "GET" && r.status === 404)).toBe(true);

    // Once Relay has the key's config cached, it refuses the key at once: a FAIL with the DSN diagnosis.
    const again = await run(3_000);
    expect(again.result).toMatchObject({ status: "FAIL", summary: "send synthetic error event: HTTP 403", diagnosis: dsnDiagnosis(403) });
  });

  it("fails with the token diagnosis when the web API refuses SENTRY_AUTH_TOKEN", async () => {
    const { result } = await run(20_000, { api: { ...inputs.api!, token: "not-a-token" } });

    expect(result).toMatchObject({ status: "FAIL", summary: "read the synthetic error back: HTTP 401; Sentry's ingest had queued it (200)" });
    expect(result.diagnosis).toMatch(/^Sentry refused SENTRY_AUTH_TOKEN \(401\)/);
  });

  it("fails when the DSN's project is not in SENTRY_ORG", async () => {
    const { result } = await run(20_000, { api: { ...inputs.api!, org: "other-org" } });

    expect(result.status).toBe("FAIL");
    expect(result.summary).toBe(`read the synthetic error back: Sentry has no project 1 in organization "other-org" that SENTRY_AUTH_TOKEN can see (404)`);
    expect(result.diagnosis).toBe(
      "Check SENTRY_ORG against the DSN: the DSN's project must belong to that organization, and the token must see it (project:read or event:read).",
    );
  });

  it.each([
    ["unauthorized", 401],
    ["region-mismatch", 403],
  ])("fails on %s (%i) with the DSN-key diagnosis, which blames no region (the DSN carries its host), without retrying", async (fault, status) => {
    await control.addFault({ fault });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: `send synthetic error event: HTTP ${status}`, diagnosis: dsnDiagnosis(status), cleanup: "none needed", requests: 1 });
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toContain(`(send synthetic error event; resend-safe: the event id) → ${status} `);
    expect(await control.requestCount({ path: envelopePath })).toBe(1);
    expect(await events()).toEqual([]);
  });

  it("honours a 429's Retry-After inside the transport, so the SDK only sees the final 200 and passes", async () => {
    await control.addFault({
      route: `POST ${envelopePath}`,
      fault: "status",
      status: 429,
      body: { detail: "Sentry dropped data due to a quota or internal rate limit being reached." },
      headers: { "retry-after": "1", "x-sentry-rate-limits": "1::organization:usage_exceeded" },
      times: 1,
    });
    const { result, lines, requestLines } = await run();

    // Counted from the log, against what the mock recorded.
    expect(result.status).toBe("PASS");
    const eventId = eventIdOf(result.summary);
    expect(eventId).toBeDefined();
    expect(lines.filter((line) => line.includes("honouring Retry-After"))).toEqual(["[sentry]   honouring Retry-After: waiting 1000 ms"]);
    expect(requestLines.map((line) => / → (\d+) /.exec(line)?.[1])).toEqual(["429", "200", "404", "200"]);
    const received = await control.requests();
    expect(received.map((r) => r.status)).toEqual([429, 200, 404, 200]);
    // The retry resends the same envelope: one event, the id the SDK gave it.
    expect(received[1].body).toBe(received[0].body);
    expect((await events()).map((e) => [e.eventId, e.tags?.run_id])).toEqual([[eventId, runId]]);
  });

  it("fails with the rate-limit diagnosis, without waiting, when Retry-After is past the deadline", async () => {
    // The mock's quota fault asks for 60 s, more than the probe's budget.
    await control.addFault({ fault: "rate-limited", times: 1 });
    const { result, lines } = await run(10_000);

    expect(result).toMatchObject({ status: "FAIL", summary: "send synthetic error event: HTTP 429", diagnosis: rateLimitDiagnosis });
    expect(lines.filter((line) => line.startsWith("[sentry] POST "))).toHaveLength(1);
    expect(lines).toContain("[sentry]   Retry-After 60 s is past the deadline: not retrying");
    expect(await control.requestCount({ path: envelopePath })).toBe(1);
    expect(result.durationMs).toBeLessThan(5_000);
    expect(await events()).toEqual([]);
  });

  it("retries a 503 and passes when Sentry recovers", async () => {
    await control.addFault({ fault: "server-error", times: 1 });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({ status: "PASS", requests: 4 });
    expect(requestLines.map((line) => / → (\d+) /.exec(line)?.[1])).toEqual(["503", "200", "404", "200"]);
    expect((await events()).map((e) => e.eventId)).toEqual([eventIdOf(result.summary)]);
  });

  it("fails with the server-side diagnosis when Sentry keeps answering 503", async () => {
    await control.addFault({ fault: "server-error" });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "send synthetic error event: HTTP 503",
      diagnosis: "The vendor answered 503: a server-side problem. Check its status page and retry later.",
      requests: 4,
    });
    expect(requestLines).toHaveLength(4);
    expect(await control.requestCount({ path: envelopePath })).toBe(4);
  });

  it("fails when Sentry's 200 names another event", async () => {
    await control.addFault({ route: `POST ${envelopePath}`, fault: "status", status: 200, body: { id: "f".repeat(32) } });
    const { result } = await run();

    expect(result.status).toBe("FAIL");
    expect(result.summary).toMatch(new RegExp(`^Sentry answered 200 for event [0-9a-f]{32} with event id ${"f".repeat(32)}$`));
    expect(result.diagnosis).toBe("Something other than Sentry's ingest answered (a proxy, a tunnel or the wrong host in SENTRY_DSN): check the DSN's host.");
  });

  it("fails within the deadline when the ingest endpoint hangs", async () => {
    await control.addFault({ fault: "hang" });
    const deadlineMs = 1_500;
    const { result, lines } = await run(deadlineMs);

    expect(result).toMatchObject({ status: "FAIL", diagnosis: deadlineDiagnosis, requests: 1 });
    expect(result.summary).toMatch(/^send synthetic error event: no answer within the [\d.]+ s deadline$/);
    expect(result.durationMs).toBeLessThan(deadlineMs * 1.1 + 200);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/\(send synthetic error event; resend-safe: the event id\) → no answer before the deadline \(\d+ ms\)$/);
    expect(await control.requestCount({ path: envelopePath })).toBe(1);
  });
});
