import { runMockProbe } from "../../support/runMockProbe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../../mock-endpoints/core/mockServer";
import { opsgenieMock } from "../../../mock-endpoints/opsgenie";
import { type OpsgenieInputs, mockInputs } from "../../../verify/inputs/integrationInputs";
import { mockCredentials } from "../../../verify/inputs/mockDefaults";
import { opsgenieProbe } from "../../../verify/probes/opsgenie";

const runId = "vt-og-20260601-5e6f";
const alias = `operator-wiring-verify-${runId}`;
const message = `operator-wiring verify ${runId}: test alert, closes itself`;

const teamDiagnosis = "Opsgenie answered 422: team not found. Check OPSGENIE_TEAM verbatim and that OPSGENIE_REGION matches the team's region.";
const deadlineDiagnosis =
  "No answer within the deadline: network loss, a firewall or proxy holding the connection, or a hung endpoint. Retry once the network is back.";
const rateLimitDiagnosis =
  "Rate limited (a first-write throttle on cold accounts, or a burst): back off, wait 60 s and retry once; if it persists, open a ticket with the vendor.";

let mock: RunningService;
let control: MockControl;

interface Snapshot {
  alerts: { id: string; alias: string; message: string; status: string; priority: string; tags: string[]; responders: { type: string; name?: string }[]; source: string }[];
}

beforeAll(async () => {
  mock = await startService(opsgenieMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

async function run(options: { team?: string; deadlineMs?: number } = {}) {
  const env = { OPERATOR_WIRING_MOCK_OPSGENIE_URL: mock.url, ...(options.team ? { OPSGENIE_TEAM: options.team } : {}) };
  const inputs: OpsgenieInputs = mockInputs(env).opsgenie;
  return runMockProbe({ integration: "opsgenie", probe: opsgenieProbe, inputs: inputs, runId: runId, deadlineMs: options.deadlineMs ?? 10_000 });
}

const alerts = async () => (await control.state<Snapshot>()).alerts;
/** What the mock received, as "METHOD path status", request ids shown as {id}; the team read (made beside the create) apart. */
const received = async () =>
  (await control.requests()).filter((r) => !r.path.startsWith("/v2/teams/")).map((r) => `${r.method} ${r.path.replace(/\/requests\/[0-9a-f-]{36}$/, "/requests/{id}")} ${r.status ?? "-"}`);
const teamReads = async () => (await control.requests({ path: "/v2/teams/payments" })).map((r) => `${r.method} ${r.path} ${r.status ?? "-"}`);
const created = ["POST /v2/alerts 202", "GET /v2/alerts/requests/{id} 404", "GET /v2/alerts/requests/{id} 200"];
/** The close, then the alert read back until it shows closed (the mock processes the close on the second read). */
const closed = [`POST /v2/alerts/${alias}/close 202`, `GET /v2/alerts/${alias} 200`, `GET /v2/alerts/${alias} 200`];
/** The close of an alert that was never created: Get Alert answers 404, nothing is open. */
const nothingToClose = [`POST /v2/alerts/${alias}/close 202`, `GET /v2/alerts/${alias} 404`];

describe("opsgenie probe", () => {
  it("creates a P5 test alert carrying the run id for the team, then closes it (V3, V5)", async () => {
    await control.seed({ teams: [{ name: "payments" }] });
    const { result, lines, requestLines, waits } = await run({ team: "payments" });

    const [alert] = await alerts();
    expect(await alerts()).toEqual([
      expect.objectContaining({
        alias,
        message,
        status: "closed",
        priority: "P5",
        tags: ["operator-wiring", "verify", runId],
        source: "operator-wiring-verify",
        responders: [expect.objectContaining({ type: "team", name: "payments" })],
      }),
    ]);
    expect(result).toMatchObject({
      status: "PASS",
      summary: `test alert ${alert.id} created (alias ${alias}, responder team "payments" read back), then closed by the clean-up`,
      cleanup: "done",
      requests: 7,
    });
    expect(result.diagnosis).toBeUndefined();
    // The responders are read from the alert read back closed (Opsgenie names teams by id), the team's id from the Team API, beside the create.
    expect(await received()).toEqual([...created, ...closed]);
    expect(await teamReads()).toEqual(["GET /v2/teams/payments 200"]);
    // Polls start at once and back off: one pause before each second look.
    expect(waits.asked).toEqual([10, 10]);

    const [create, close] = await control.requests({ method: "POST" });
    expect(JSON.parse(create.body)).toEqual({
      message,
      alias,
      description: `Sent by the operator-wiring verify program (run ${runId}) to prove alerts reach Opsgenie; the same run closes it. Safe to ignore.`,
      tags: ["operator-wiring", "verify", runId],
      priority: "P5",
      source: "operator-wiring-verify",
      responders: [{ type: "team", name: "payments" }],
    });
    expect(create.headers.authorization).toBe(`GenieKey ${mockCredentials.opsgenieApiKey}`);
    expect(close.query).toEqual({ identifierType: "alias" });
    expect(JSON.parse(close.body)).toEqual({ source: "operator-wiring-verify", note: "verify clean-up" });
    expect(lines).toHaveLength(7);
    expect(requestLines).toHaveLength(7);
    expect(lines.join("\n")).not.toContain(mockCredentials.opsgenieApiKey);
  });

  it("fails when a team integration's key sent the alert to its owner team instead of OPSGENIE_TEAM, and still closes it", async () => {
    await control.seed({ teams: [{ name: "payments" }, { name: "platform" }], keys: [{ key: mockCredentials.opsgenieApiKey, team: "platform" }] });
    const { result } = await run({ team: "payments" });

    expect(result).toMatchObject({
      status: "FAIL",
      summary: 'Opsgenie created the test alert for team "platform", not for team "payments"',
      diagnosis:
        'OPSGENIE_API_KEY belongs to an integration owned by team "platform": Opsgenie sends a team integration\'s alerts to its owner team, whatever responders they name. Use the API key of team "payments"\'s integration, or set OPSGENIE_TEAM to the team that owns this key.',
      cleanup: "done",
    });
    expect((await alerts()).map((a) => [a.alias, a.status, a.responders.map((r) => r.name)])).toEqual([[alias, "closed", ["platform"]]]);
  });

  it("waits for a slow create before closing, so the close cannot overtake it and leave the alert open", async () => {
    // Opsgenie promises no order: here a create takes three reads, a close one. The steps cannot
    // read the create's status (500s), so the clean-up starts with the create still pending.
    await control.seed({ processing: { polls: 1, byAction: { Create: { polls: 3 } } } });
    await control.addFault({ fault: "status", route: "GET /v2/alerts/requests/*", status: 500, times: 4 });
    const { result } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: "check create request: HTTP 500", cleanup: "done" });
    expect((await alerts()).map((a) => [a.alias, a.status])).toEqual([[alias, "closed"]]);
  });

  it("says a 403 on a read is a missing permission of a valid key, not an account key", async () => {
    await control.addFault({ fault: "permission-denied", route: "GET /v2/alerts/requests/*" });
    const { result } = await run({ deadlineMs: 2_000 });

    expect(result).toMatchObject({
      status: "FAIL",
      summary: 'check create request: HTTP 403; clean-up "close test alert" failed: check create request: HTTP 403',
      diagnosis:
        'Opsgenie refused "check create request" for the key\'s permissions (403 ("You are not authorized to perform this action with this API key.")): the key is valid, but its API integration lacks the access this request needs. In Opsgenie, give the integration Read Access (request status, alert reads) and Create and Update Access (create, close).',
      cleanup: "failed",
    });
  });

  it("sends no responders without OPSGENIE_TEAM", async () => {
    const { result } = await run();

    expect(result.status).toBe("PASS");
    expect(result.summary).toMatch(new RegExp(`^test alert [0-9a-f-]{36} created \\(alias ${alias}\\), then closed by the clean-up$`));
    expect(JSON.parse((await control.requests())[0].body)).not.toHaveProperty("responders");
    expect((await alerts()).map((a) => [a.alias, a.status])).toEqual([[alias, "closed"]]);
  });

  it("fails with the 422 team-not-found diagnosis when OPSGENIE_TEAM is not a known team (V7)", async () => {
    await control.seed({ teams: [{ name: "payments" }], strictTeams: true });
    const { result, requestLines } = await run({ team: "paymnets" });

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "create test alert: HTTP 422 responders: Team with name [paymnets] not found",
      diagnosis: teamDiagnosis,
      cleanup: "done",
      requests: 2,
    });
    expect(await alerts()).toEqual([]);
    // The team read beside the create is answered (404) and logged before the result.
    expect(await received()).toEqual(["POST /v2/alerts 422"]);
    expect((await control.requests({ path: "/v2/teams/paymnets" })).map((r) => r.status)).toEqual([404]);
    expect(requestLines).toHaveLength(2);
  });

  it("fails with the same diagnosis on the team-not-found fault", async () => {
    await control.addFault({ fault: "team-not-found", route: "POST /v2/alerts" });
    const { result } = await run({ team: "payments" });

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "create test alert: HTTP 422 responders: Team with name [payments] not found",
      diagnosis: teamDiagnosis,
      cleanup: "done",
    });
    expect(await alerts()).toEqual([]);
  });

  it("reports a create that Opsgenie accepted but failed to process, and still closes what it left", async () => {
    await control.addFault({
      fault: "status",
      route: "GET /v2/alerts/requests/*",
      times: 1,
      status: 200,
      body: { data: { success: false, action: "Create", isSuccess: false, status: "Team with name [payments] not found", alertId: "", alias }, took: 0.001, requestId: "r" },
    });
    const { result } = await run({ team: "payments" });

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "Opsgenie accepted the test alert (202) but did not create it: Team with name [payments] not found",
      diagnosis: teamDiagnosis,
      cleanup: "done",
    });
    // The mock did create it (the fault only faked the status): the clean-up closed it.
    expect((await alerts()).map((a) => [a.alias, a.status])).toEqual([[alias, "closed"]]);
  });

  it("fails with the 401 diagnosis for a key of the other region (EU key on the US host)", async () => {
    await control.seed({ keys: [{ key: mockCredentials.opsgenieApiKey, region: "eu" }] });
    const { result } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "create test alert: HTTP 401",
      diagnosis: "Opsgenie could not authenticate the key: a key of the other region (EU key on the US host or the reverse) or a revoked key. Check OPSGENIE_REGION.",
      cleanup: "done",
      requests: 1,
    });
    expect(await alerts()).toEqual([]);
  });

  it("fails with the 403 diagnosis for an account key (forbidden-key)", async () => {
    await control.addFault({ fault: "forbidden-key" });
    const { result } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "create test alert: HTTP 403",
      diagnosis: "Opsgenie refused the key for alerts: use a team API-integration key, not an account key.",
      cleanup: "done",
      requests: 1,
    });
    expect(await received()).toEqual(["POST /v2/alerts 403"]);
  });

  it("passes after one 429, honouring its Retry-After (V14)", async () => {
    await control.addFault({
      fault: "status",
      route: "POST /v2/alerts",
      times: 1,
      status: 429,
      body: { message: "TooManyRequests", took: 0.001, requestId: "r" },
      headers: { "content-type": "application/json", "retry-after": "1", "x-ratelimit-state": "THROTTLED" },
    });
    const { result, lines, requestLines, waits } = await run();

    expect(result.status).toBe("PASS");
    expect(lines).toContain("[opsgenie]   honouring Retry-After: waiting 1000 ms");
    expect(waits.asked[0]).toBe(1_000);
    expect(await received()).toEqual(["POST /v2/alerts 429", ...created, ...closed]);
    expect(requestLines).toHaveLength(7);
    expect((await alerts()).map((a) => [a.alias, a.status])).toEqual([[alias, "closed"]]);
  });

  it("fails on the mock's rate-limited fault, whose Retry-After (60 s) is past the deadline", async () => {
    await control.addFault({ fault: "rate-limited", times: 1 });
    const { result, lines } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: "create test alert: HTTP 429", diagnosis: rateLimitDiagnosis, cleanup: "done", requests: 1 });
    expect(lines).toContain("[opsgenie]   Retry-After 60 s is past the deadline: not retrying");
    expect(await alerts()).toEqual([]);
  });

  it("fails on a server error after retrying, and the clean-up finds nothing to close", async () => {
    await control.addFault({ fault: "server-error", route: "POST /v2/alerts" });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "create test alert: HTTP 500",
      diagnosis: "The vendor answered 500: a server-side problem. Check its status page and retry later.",
      cleanup: "done",
    });
    expect(await received()).toEqual([...Array(4).fill("POST /v2/alerts 500"), ...nothingToClose]);
    expect(requestLines).toHaveLength(6);
    expect(await alerts()).toEqual([]);
  });

  it("fails within the deadline when the create hangs, then still runs the clean-up", async () => {
    await control.addFault({ fault: "hang", route: "POST /v2/alerts", times: 1 });
    const deadlineMs = 1_500;
    const { result, requestLines } = await run({ deadlineMs });

    expect(result).toMatchObject({ status: "FAIL", diagnosis: deadlineDiagnosis, cleanup: "done" });
    expect(result.summary).toMatch(/^create test alert: no answer within the \d+(\.\d+)? s deadline$/);
    expect(result.durationMs).toBeLessThan(deadlineMs * 1.1 + 200);
    expect(requestLines[0]).toContain("(create test alert; resend-safe: the alias) → no answer before the deadline");
    expect(await received()).toEqual(["POST /v2/alerts -", ...nothingToClose]);
  });

  it("fails, and says the clean-up failed, when Opsgenie never processes the requests", async () => {
    await control.seed({ processing: { polls: 1_000_000 } });
    const { result } = await run({ deadlineMs: 2_000 });

    expect(result).toMatchObject({
      status: "FAIL",
      summary:
        'Opsgenie accepted the create request (202) but had not processed it in time; clean-up "close test alert" failed: Opsgenie accepted the close request (202) but had not processed it in time',
      diagnosis: "Opsgenie is slow to process alert requests: check status.opsgenie.com and retry, or give verify a longer --timeout.",
      cleanup: "failed",
    });
  });
});
