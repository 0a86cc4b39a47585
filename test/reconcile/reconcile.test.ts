import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningMocks, startMocks } from "../../mock-endpoints/startMocks";
import { runReconcileCli } from "../../reconcile/runReconcileCli";
import type { ReconcileReport } from "../../reconcile/runReconcile";
import { sentEvents } from "../../reconcile/sentEvents";
import { runCli } from "../../verify/runCli";

// O5: the marked events verify sent (its --log files) against what the vendors received,
// per integration and stack, drift over 1 % flagged.

// A REST API key's shape: 20 characters.
const token = "reconcilemocktoken00";
const ddKeys = { DD_API_KEY: "0".repeat(32), DD_APP_KEY: "0".repeat(40) };
let mocks: RunningMocks;

beforeAll(async () => {
  mocks = await startMocks({ anyFreePort: true, only: ["pagerduty", "opsgenie", "datadog", "splunk"] });
});
afterAll(() => mocks.close());
beforeEach(async () => {
  for (const name of ["pagerduty", "opsgenie", "datadog", "splunk"] as const) await new MockControl(mocks.urls[name] as string).reset();
  // Long after the events were sent, the vendors have processed them all.
  await new MockControl(mocks.urls.pagerduty as string).seed({ processing: { polls: 0 } });
  await new MockControl(mocks.urls.opsgenie as string).seed({ processing: { polls: 0 } });
  await new MockControl(mocks.urls.datadog as string).seed({ eventIndexing: { polls: 0 } });
  await new MockControl(mocks.urls.splunk as string).seed({ searchable: { polls: 0 } });
});

/** The vendors at the mocks, with the credentials reconcile reads (as real mode would). */
const vendorEnv = () => ({
  PAGERDUTY_API_TOKEN: token,
  PAGERDUTY_API_URL: mocks.urls.pagerduty as string,
  PAGERDUTY_EVENTS_URL: mocks.urls.pagerduty as string,
  PAGERDUTY_ROUTING_KEY: "r".repeat(32),
  OPSGENIE_API_KEY: "00000000-0000-4000-8000-0000000000aa",
  OPSGENIE_API_URL: mocks.urls.opsgenie as string,
  DD_API_URL: mocks.urls.datadog as string,
  ...ddKeys,
  SPLUNK_SEARCH_URL: mocks.urls.splunk as string,
  SPLUNK_SEARCH_TOKEN: "splunk-search-token-0000",
  SPLUNK_HEC_INDEX: "ops",
});

async function reconcile(argv: string[], root: string, env: Record<string, string> = vendorEnv()) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await runReconcileCli(argv, { env, root, stdout: (l) => out.push(l), stderr: (l) => err.push(l) });
  return { code, out: out.join("\n"), err: err.join("\n") };
}

/** A day's log as `verify --log` writes it: runs in real mode for PagerDuty, Opsgenie and Datadog, each send accepted. */
function writeLog(root: string, stack: string, day: string, runIds: string[]): void {
  const lines = runIds.flatMap((runId) => [
    `verify ${runId} (stack ${stack}): pagerduty=real, opsgenie=real, datadog=real, splunk=real; deadline 20 s per probe`,
    `[pagerduty] POST https://events.pagerduty.com/v2/enqueue (trigger test incident; resend-safe: the dedup key) → 202 {"status":"success","message":"Event processed","dedup_key":"operator-wiring-verify-${runId}"} (41 ms)`,
    `[opsgenie] POST https://api.opsgenie.com/v2/alerts (create test alert; resend-safe: the alias) → 202 {"result":"Request will be processed","took":0.1,"requestId":"x"} (52 ms)`,
    `[datadog] POST https://api.datadoghq.com/api/v1/events (post the test event; at most once: no idempotency key) → 202 {"status":"ok"} (33 ms)`,
    `[splunk] POST https://splunk.example.com:8088/services/collector/event (send test event; at most once: no idempotency key) → 200 {"text":"Success","code":0,"ackId":0} (20 ms)`,
  ]);
  mkdirSync(path.join(root, "state"), { recursive: true });
  writeFileSync(path.join(root, "state", `verify-${stack}-${day}.log`), `${lines.join("\n")}\n`);
}

/** The vendors' own records of some runs' events, as the probes would have left them. */
async function received(integration: "pagerduty" | "opsgenie" | "datadog" | "splunk", runIds: string[], day = Date.UTC(2026, 4, 3, 12)): Promise<void> {
  for (const runId of runIds) {
    const key = `operator-wiring-verify-${runId}`;
    if (integration === "pagerduty") {
      await fetch(`${mocks.urls.pagerduty}/v2/enqueue`, { method: "POST", body: JSON.stringify({ routing_key: "r".repeat(32), event_action: "trigger", dedup_key: key, payload: { summary: key, source: "verify", severity: "info" } }) });
    } else if (integration === "opsgenie") {
      await fetch(`${mocks.urls.opsgenie}/v2/alerts`, { method: "POST", headers: { authorization: "GenieKey 00000000-0000-4000-8000-0000000000aa" }, body: JSON.stringify({ message: key, alias: key }) });
    } else if (integration === "splunk") {
      await fetch(`${mocks.urls.splunk}/services/collector/event`, { method: "POST", headers: { authorization: "Splunk 00000000-0000-4000-8000-0000000000bb" }, body: JSON.stringify({ index: "ops", event: { message: key, run_id: runId, verify: true } }) });
    } else {
      await fetch(`${mocks.urls.datadog}/api/v1/events`, { method: "POST", headers: { "dd-api-key": ddKeys.DD_API_KEY }, body: JSON.stringify({ title: key, text: "", tags: [`run_id:${runId}`], date_happened: day / 1000 }) });
    }
  }
}

const runIds = Array.from({ length: 200 }, (_, i) => `ow-20260503T${String(i).padStart(6, "0")}-ab${String(i % 100).padStart(2, "0")}`);

describe("npm run reconcile", () => {
  it("reads the events a real verify run logged, and finds each at its vendor", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "reconcile-"));
    const env = { ...vendorEnv(), OPERATOR_WIRING_MODE: "real_pagerduty,real_opsgenie,real_datadog" };
    const verified = await runCli(["--only", "pagerduty,opsgenie,datadog", "--log", "--stack", "prod"], { env, root, stdout: () => undefined, stderr: () => undefined, interrupt: new AbortController().signal });
    expect(verified).toBe(0);
    const [log] = readdirSync(path.join(root, "state"));
    const day = /-(\d{8})\.log$/.exec(log)?.[1] as string;
    const { events } = sentEvents(path.join(root, "state"), day, day);
    expect(events.map((e) => [e.integration, e.stack])).toEqual([
      ["pagerduty", "prod"],
      ["opsgenie", "prod"],
      ["datadog", "prod"],
    ]);
    const since = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6)}`;
    const { code, out } = await reconcile(["--since", since, "--until", since], root);
    expect([code, out.split("\n").at(-1)]).toEqual([0, `Reconciliation ${since} to ${since}: PASS (every count within 1 %)`]);
  });

  it("flags drift over 1 % (1.5 %), and not drift of 1 % or under (1.0 %, 0.5 %), with exit code 1", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "reconcile-"));
    writeLog(root, "prod", "20260503", runIds);
    await received("pagerduty", runIds.slice(1)); // 199 of 200: 0.5 %
    await received("opsgenie", runIds.slice(3)); // 197 of 200: 1.5 %
    await received("datadog", runIds.slice(2)); // 198 of 200: 1.0 %, not over
    await received("splunk", runIds); // every one
    const { code, out, err } = await reconcile(["--since", "2026-05-01", "--until", "2026-05-31", "--json"], root);
    const report = JSON.parse(out) as ReconcileReport;
    expect([code, report.verdict, report.logFiles]).toEqual([1, "FAIL", ["verify-prod-20260503.log"]]);
    expect(report.rows.map((r) => [r.integration, r.stack, r.sent, r.received, r.driftPercent, r.status])).toEqual([
      ["pagerduty", "prod", 200, 199, 0.5, "OK"],
      ["opsgenie", "prod", 200, 197, 1.5, "DRIFT"],
      ["datadog", "prod", 200, 198, 1, "OK"],
      ["splunk", "prod", 200, 200, 0, "OK"],
    ]);
    expect(report.rows[1].detail).toBe(`not at the vendor: ${runIds.slice(0, 3).join(", ")}`);
    expect(err.split("\n").at(-1)).toBe("Reconciliation 2026-05-01 to 2026-05-31: FAIL (drift over 1 %: opsgenie prod 1.50 %)");
  });

  it("holds, with exit code 1, when a vendor cannot be asked, naming the missing credential", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "reconcile-"));
    writeLog(root, "staging", "20260510", runIds.slice(0, 4));
    await received("opsgenie", runIds.slice(0, 4));
    await received("datadog", runIds.slice(0, 4), Date.UTC(2026, 4, 10, 12));
    await received("splunk", runIds.slice(0, 4));
    const { PAGERDUTY_API_TOKEN: _none, ...env } = vendorEnv();
    const { code, out } = await reconcile(["--since", "2026-05-10", "--until", "2026-05-10"], root, env);
    expect(code).toBe(1);
    expect(out).toContain("│ pagerduty   │ staging  │ 4     │ ?        │ ?       │ HOLD   │ no PAGERDUTY_API_TOKEN to list incidents");
    expect(out.split("\n").at(-1)).toBe("Reconciliation 2026-05-10 to 2026-05-10: HOLD (some counts could not be made)");
  });

  it("ignores runs in mock mode and refused sends: they reached no vendor", () => {
    const root = mkdtempSync(path.join(tmpdir(), "reconcile-"));
    mkdirSync(path.join(root, "state"));
    writeFileSync(
      path.join(root, "state", "verify-dev-20260504.log"),
      [
        "verify ow-a (stack dev): pagerduty=mock, opsgenie=real; deadline 20 s per probe",
        "[pagerduty] POST http://127.0.0.1:4813/v2/enqueue (trigger test incident; resend-safe: the dedup key) → 202 {} (3 ms)",
        "[opsgenie] POST https://api.opsgenie.com/v2/alerts (create test alert; resend-safe: the alias) → 422 {} (40 ms)",
        "verify ow-b (stack dev): pagerduty=real, opsgenie=real; deadline 20 s per probe",
        "[pagerduty] POST https://events.pagerduty.com/v2/enqueue (trigger test incident; resend-safe: the dedup key) → 500 {} (40 ms)",
        "[pagerduty] POST https://events.pagerduty.com/v2/enqueue (trigger test incident; resend-safe: the dedup key) → 202 {} (40 ms)",
      ].join("\n"),
    );
    expect(sentEvents(path.join(root, "state"), "20260501", "20260531").events).toEqual([{ integration: "pagerduty", stack: "dev", runId: "ow-b", day: "20260504" }]);
  });

  it("refuses a bad day or a range that runs backwards, with exit code 2", async () => {
    const root = mkdtempSync(path.join(tmpdir(), "reconcile-"));
    expect((await reconcile(["--since", "2026-02-30"], root)).err.split("\n")[0]).toBe("reconcile: option '--since <YYYY-MM-DD>' argument '2026-02-30' is invalid. give a day as YYYY-MM-DD, e.g. 2026-05-01.");
    expect(await reconcile(["--since", "2026-05-02", "--until", "2026-05-01"], root)).toMatchObject({ code: 2, err: "reconcile: --until is before --since. Hint: give the first day first." });
    expect((await reconcile([], root)).code).toBe(2);
  });
});
