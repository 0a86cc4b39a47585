import { runMockProbe } from "../../support/runMockProbe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../../mock-endpoints/core/mockServer";
import { pagerdutyMock } from "../../../mock-endpoints/pagerduty";
import { type PagerDutyInputs, mockInputs } from "../../../verify/inputs/integrationInputs";
import { mockCredentials } from "../../../verify/inputs/mockDefaults";
import type { Probe } from "../../../verify/probe";
import { pagerdutyProbe } from "../../../verify/probes/pagerduty";

const runId = "vt-pd-20260601-3c4d";
const dedupKey = `operator-wiring-verify-${runId}`;
// The service the mock makes on first use of the mock routing key: "Mock Service" + its first 6 characters.
const mockServiceName = "Mock Service operat";

const noIncidentDiagnosis =
  "The integration key is bound to a different service, or the service is paused (disabled), or PAGERDUTY_API_TOKEN cannot see that service: open the service in PagerDuty → Integrations tab and compare the Events API v2 key with PAGERDUTY_ROUTING_KEY in .env.local; unpause the service if it is paused.";
const deadlineDiagnosis =
  "No answer within the deadline: network loss, a firewall or proxy holding the connection, or a hung endpoint. Retry once the network is back.";
const serverErrorDiagnosis = "The vendor answered 500: a server-side problem. Check its status page and retry later.";

let mock: RunningService;
let control: MockControl;
let inputs: PagerDutyInputs;

interface Snapshot {
  services: { id: string; name: string; status: string }[];
  incidents: { id: string; incident_number: number; incident_key: string | null; service_id: string; status: string; title: string; severity: string; alert_ids: string[] }[];
  alerts: { id: string; alert_key: string; incident_id: string; status: string; summary: string }[];
  pending: number;
}

beforeAll(async () => {
  mock = await startService(pagerdutyMock, { port: 0 });
  control = new MockControl(mock.url);
  inputs = mockInputs({ OPERATOR_WIRING_MOCK_PAGERDUTY_URL: mock.url }).pagerduty;
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

async function run(options: { inputs?: PagerDutyInputs; deadlineMs?: number; probe?: Probe<"pagerduty"> } = {}) {
  return runMockProbe({ integration: "pagerduty", probe: options.probe ?? pagerdutyProbe, inputs: options.inputs ?? inputs, runId: runId, deadlineMs: options.deadlineMs ?? 10_000 });
}

const snapshot = () => control.state<Snapshot>();
/** What the mock received, as "METHOD path status", in order; incident ids shown as {id}. */
const received = async () => (await control.requests()).map((r) => `${r.method} ${r.path.replace(/\/incidents\/P[A-Z0-9]{6}\//, "/incidents/{id}/")} ${r.status ?? "-"}`);
const events = async () => (await control.requests({ path: "/v2/enqueue" })).map((r) => JSON.parse(r.body) as Record<string, unknown>);
const disabledService = { services: [{ name: "checkout", status: "disabled", integrations: [{ integration_key: mockCredentials.pagerdutyRoutingKey }] }] };
/**
 * The mock's default: an event shows from the second read after its 202. The steps look for the
 * incident (its key finds it: the alert is in it); the clean-up reads that incident's alerts.
 */
const lookup = ["GET /incidents 200", "GET /incidents 200"];
const resolved = ["POST /v2/enqueue 202", "GET /incidents/{id}/alerts 200", "GET /incidents/{id}/alerts 200"];

/** Sends an event of someone else's, as a monitoring tool would. */
async function otherEvent(dedupKey: string): Promise<void> {
  await fetch(`${mock.url}/v2/enqueue`, {
    method: "POST",
    body: JSON.stringify({ routing_key: mockCredentials.pagerdutyRoutingKey, event_action: "trigger", dedup_key: dedupKey, payload: { summary: "disk full", source: "db-1", severity: "error" } }),
  });
}

describe("pagerduty probe", () => {
  it("finds its alert in an incident that has no incident key (every Events v2 incident), then sees it resolved (V3, V5)", async () => {
    const { result, lines, requestLines, waits } = await run();

    const state = await snapshot();
    expect(state.incidents).toEqual([
      expect.objectContaining({ incident_number: 1, incident_key: null, status: "resolved", severity: "info", title: `operator-wiring verify ${runId}: test incident, resolves itself` }),
    ]);
    expect(state.alerts.map((a) => [a.alert_key, a.incident_id, a.status])).toEqual([[dedupKey, state.incidents[0].id, "resolved"]]);
    expect(result).toMatchObject({
      status: "PASS",
      summary: `test alert opened in incident #1 (${state.incidents[0].id}) on service "${mockServiceName}", then resolved by the clean-up`,
      cleanup: "done",
      requests: 6,
    });
    expect(result.diagnosis).toBeUndefined();
    expect(await received()).toEqual(["POST /v2/enqueue 202", ...lookup, ...resolved]);
    expect(await events()).toEqual([
      {
        routing_key: mockCredentials.pagerdutyRoutingKey,
        event_action: "trigger",
        dedup_key: dedupKey,
        payload: {
          summary: `operator-wiring verify ${runId}: test incident, resolves itself`,
          source: "operator-wiring-verify",
          severity: "info",
          custom_details: { run_id: runId, verify: true },
        },
      },
      { routing_key: mockCredentials.pagerdutyRoutingKey, event_action: "resolve", dedup_key: dedupKey },
    ]);
    const lookups = await control.requests({ path: "/incidents" });
    expect(lookups[0].headers).toMatchObject({
      authorization: `Token token=${mockCredentials.pagerdutyApiToken}`,
      accept: "application/vnd.pagerduty+json;version=2",
    });
    expect(lookups[0].query).toMatchObject({ incident_key: dedupKey });
    expect((await control.requests()).find((r) => r.path.endsWith("/alerts"))?.query).toEqual({ alert_key: dedupKey });
    expect(lines).toHaveLength(6);
    expect(requestLines).toHaveLength(6);
    // Polls start at once and back off: one pause before the second look for the incident, one before the second look at its alert.
    expect(waits.asked).toEqual([10, 10]);
    expect(requestLines[0]).toMatch(/^\[pagerduty\] POST http:\/\/127\.0\.0\.1:\d+\/v2\/enqueue \(trigger test incident; resend-safe: the dedup key\) → 202 /);
    expect(lines.join("\n")).not.toContain(mockCredentials.pagerdutyApiToken);
  });

  it("finds its alert grouped into another alert's open incident, and resolves only its own alert", async () => {
    await control.seed({ services: [{ name: "checkout", alertGrouping: "time", integrations: [{ integration_key: mockCredentials.pagerdutyRoutingKey }] }], processing: { polls: 0 } });
    await otherEvent("db-1/disk");
    const { result } = await run();

    const state = await snapshot();
    const [incident] = state.incidents;
    expect(result).toMatchObject({
      status: "PASS",
      summary: `test alert opened in incident #1 (${incident.id}) on service "checkout", grouped with 1 other alert, then resolved by the clean-up`,
      cleanup: "done",
    });
    // The incident stays open for the other alert: not the probe's to resolve.
    expect(state.incidents.map((i) => [i.alert_ids.length, i.status])).toEqual([[2, "triggered"]]);
    expect(state.alerts.map((a) => [a.alert_key, a.status])).toEqual([
      ["db-1/disk", "triggered"],
      [dedupKey, "resolved"],
    ]);
  });

  it("waits for an asynchronous resolve on the clean-up's whole budget, not a fixed few seconds", async () => {
    // After the steps, PagerDuty slows down: the resolve shows only after ten more reads (five clean-up lookups).
    const probe: Probe<"pagerduty"> = async (ctx) => {
      const verdict = await pagerdutyProbe(ctx);
      await control.seed({ processing: { polls: 10 } });
      return verdict;
    };
    const { result, requestLines } = await run({ probe, deadlineMs: 2_000 });

    expect(result).toMatchObject({ status: "PASS", cleanup: "done" });
    expect((await snapshot()).alerts.map((a) => [a.alert_key, a.status])).toEqual([[dedupKey, "resolved"]]);
    expect(requestLines.filter((line) => line.includes("(check test incident resolved)")).length).toBeGreaterThanOrEqual(5);
  });

  it("fails with the 202-but-no-incident diagnosis when the key's service is disabled", async () => {
    await control.seed(disabledService);
    const { result, requestLines } = await run({ deadlineMs: 2_000 });

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "PagerDuty accepted the trigger (202) but no incident appeared",
      diagnosis: noIncidentDiagnosis,
      cleanup: "done",
    });
    expect((await snapshot()).incidents).toEqual([]);
    // It kept looking until close to the steps' deadline, then resolved (nothing was ever open).
    const got = await received();
    expect(got.filter((r) => r === "GET /incidents 200").length).toBeGreaterThan(2);
    expect(got).toContain("POST /v2/enqueue 202");
    expect(got.filter((r) => r.startsWith("POST"))).toHaveLength(2);
    expect(requestLines).toHaveLength(got.length);
  });

  it("fails with the same diagnosis on the accepted-no-incident fault", async () => {
    await control.addFault({ fault: "accepted-no-incident" });
    const { result } = await run({ deadlineMs: 2_000 });

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "PagerDuty accepted the trigger (202) but no incident appeared",
      diagnosis: noIncidentDiagnosis,
      cleanup: "done",
    });
    expect((await snapshot()).incidents).toEqual([]);
  });

  it("passes after one 429, honouring its Retry-After (V14)", async () => {
    await control.addFault({ fault: "rate-limited", times: 1 });
    const { result, lines, requestLines, waits } = await run();

    expect(result.status).toBe("PASS");
    expect(lines).toContain("[pagerduty]   honouring Retry-After: waiting 1000 ms");
    expect(waits.asked[0]).toBe(1_000);
    expect(await received()).toEqual(["POST /v2/enqueue 429", "POST /v2/enqueue 202", ...lookup, ...resolved]);
    expect(requestLines).toHaveLength(7);
    expect((await snapshot()).alerts.map((a) => [a.alert_key, a.status])).toEqual([[dedupKey, "resolved"]]);
  });

  it("resends a trigger whose answer was lost: the dedup key makes it one alert", async () => {
    await control.addFault({ fault: "lost-reply", route: "POST /v2/enqueue", times: 1 });
    const { result } = await run();

    expect(result).toMatchObject({ status: "PASS", cleanup: "done" });
    expect((await control.requests({ path: "/v2/enqueue" })).map((r) => [r.status, r.fault])).toEqual([
      [202, "lost-reply"],
      [202, undefined],
      [202, undefined],
    ]);
    expect((await snapshot()).alerts.map((a) => [a.alert_key, a.status])).toEqual([[dedupKey, "resolved"]]);
  });

  it("fails on a server error after retrying; nothing is left open though the clean-up cannot reach PagerDuty either", async () => {
    await control.addFault({ fault: "server-error" });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: 'trigger test incident: HTTP 500; clean-up "resolve test incident" failed: resolve test incident: HTTP 500',
      diagnosis: serverErrorDiagnosis,
      cleanup: "failed",
    });
    expect(await received()).toEqual(Array(8).fill("POST /v2/enqueue 500"));
    expect(requestLines).toHaveLength(8);
    expect((await snapshot()).incidents).toEqual([]);
  });

  it("fails within the deadline when the Events API hangs, then still cleans up", async () => {
    await control.addFault({ fault: "hang", route: "POST /v2/enqueue", times: 1 });
    const deadlineMs = 1_500;
    const { result, requestLines } = await run({ deadlineMs });

    expect(result).toMatchObject({ status: "FAIL", diagnosis: deadlineDiagnosis, cleanup: "done" });
    expect(result.summary).toMatch(/^trigger test incident: no answer within the \d+(\.\d+)? s deadline$/);
    expect(result.durationMs).toBeLessThan(deadlineMs * 1.1 + 200);
    expect(requestLines[0]).toContain("(trigger test incident; resend-safe: the dedup key) → no answer before the deadline");
    const got = await received();
    expect(got.slice(0, 3)).toEqual(["POST /v2/enqueue -", "POST /v2/enqueue 202", "GET /incidents 200"]);
    expect(new Set(got.slice(2))).toEqual(new Set(["GET /incidents 200"]));
    expect((await snapshot()).incidents).toEqual([]);
  });

  it("resolves the incident even when a step after the trigger fails", async () => {
    await control.addFault({ fault: "status", route: "GET /incidents", status: 500 });
    const { result } = await run();

    expect(result.status).toBe("FAIL");
    expect(result.summary).toBe(
      'look up test incident: HTTP 500; clean-up "resolve test incident" failed: check test incident resolved: HTTP 500',
    );
    expect(result.diagnosis).toBe(serverErrorDiagnosis);
    // The resolve went out; only its effect could not be read, so the clean-up says "failed" (V5).
    expect(result.cleanup).toBe("failed");
    expect((await events()).map((e) => e.event_action)).toEqual(["trigger", "resolve"]);
    await control.clearFaults();
    await control.seed({ processing: { polls: 0 } });
    expect((await snapshot()).alerts.map((a) => [a.alert_key, a.status])).toEqual([[dedupKey, "resolved"]]);
  });

  it("fails the clean-up when the resolve is accepted but the alert stays open (V5)", async () => {
    // The resolve is swallowed: 202 and nothing happens, as when event rules drop it.
    const probe: Probe<"pagerduty"> = async (ctx) => {
      const verdict = await pagerdutyProbe(ctx);
      await control.addFault({ fault: "accepted-no-incident" });
      return verdict;
    };
    const { result } = await run({ probe, deadlineMs: 3_000 });

    const [incident] = (await snapshot()).incidents;
    expect(incident.status).toBe("triggered");
    expect(result).toMatchObject({ status: "FAIL", cleanup: "failed" });
    expect(result.summary).toMatch(
      new RegExp(`; clean-up "resolve test incident" failed: PagerDuty accepted the resolve \\(202\\) but the test alert in incident #1 \\(${incident.id}\\) on service "${mockServiceName}" is still open \\(triggered\\)$`),
    );
    expect(result.diagnosis).toBe(
      `The test incident is still open: resolve it by hand in PagerDuty (alert key ${dedupKey}), and check the service's event rules and integrations for anything that drops resolve events.`,
    );
  });

  it("holds without a REST API token: trigger and resolve accepted, incident unchecked", async () => {
    await control.seed({ processing: { delayMs: 0 } });
    const { result } = await run({ inputs: { ...inputs, api: undefined } });

    expect(result).toMatchObject({
      status: "HOLD",
      summary: "PagerDuty accepted the trigger and the resolve (202), but the incident could not be checked: set PAGERDUTY_API_TOKEN to confirm it opened and resolved",
      cleanup: "done",
      requests: 2,
    });
    expect(await received()).toEqual(["POST /v2/enqueue 202", "POST /v2/enqueue 202"]);
    expect((await snapshot()).alerts.map((a) => [a.alert_key, a.status])).toEqual([[dedupKey, "resolved"]]);
  });

  it("fails when the Events API answers 2xx without PagerDuty's success body", async () => {
    await control.addFault({ fault: "status", route: "POST /v2/enqueue", status: 200, body: "<html>proxy</html>", times: 1 });
    const { result } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: `trigger test incident: expected 202 {"status":"success"} with dedup_key ${dedupKey}, got 200 <html>proxy</html>`,
      diagnosis:
        "Something other than the PagerDuty Events API v2 answered: check PAGERDUTY_EVENTS_URL (https://events.pagerduty.com, EU https://events.eu.pagerduty.com) and any proxy in between.",
      cleanup: "done",
    });
  });
});
