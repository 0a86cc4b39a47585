import { existsSync, mkdtempSync, readFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { startService } from "../../mock-endpoints/core/mockServer";
import { pagerdutyMock } from "../../mock-endpoints/pagerduty";
import { integrations } from "../../verify/integrations";
import { ProbeFailure, type Probe } from "../../verify/probe";
import { runReportSchema } from "../../verify/probeResult";
import { runCli } from "../../verify/runCli";

type Probes = Parameters<typeof runCli>[1]["probes"];
const passing: Probe<any> = async () => ({ status: "PASS", summary: "delivered" });
const allPass = Object.fromEntries(integrations.map((n) => [n, passing])) as Probes;

async function cli(argv: string[], options: { env?: Record<string, string>; probes?: Probes; root?: string } = {}) {
  const out: string[] = [];
  const err: string[] = [];
  const root = options.root ?? mkdtempSync(path.join(tmpdir(), "verify-"));
  const code = await runCli(argv, {
    env: options.env ?? {},
    root,
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    interrupt: new AbortController().signal,
    now: () => new Date(2026, 10, 23, 14, 5, 0),
    probes: options.probes ?? allPass,
  });
  return { code, out: out.join("\n"), err: err.join("\n"), root };
}

describe("verify CLI", () => {
  it("exits 0 with a six-row summary and PASS when every probe passes", async () => {
    const { code, out } = await cli([]);
    expect(code).toBe(0);
    expect(out).toContain("Verdict: PASS (6 of 6 integrations passed)");
    for (const title of ["Slack", "Sentry", "PagerDuty", "Opsgenie", "Datadog", "Splunk"]) expect(out).toMatch(new RegExp(`│ ${title} +│ mock +│ PASS`));
  });

  it("exits 1 and says FAIL, with the diagnosis, when a probe fails", async () => {
    const { code, out } = await cli([], { probes: { ...allPass, slack: async () => { throw new ProbeFailure("404 no_service", "re-issue the webhook"); } } });
    expect(code).toBe(1);
    expect(out).toContain("Slack: re-issue the webhook");
    expect(out).toContain("Verdict: FAIL (Slack failed)");
  });

  it("exits 1 with HOLD when something is unconfirmed: partial green is not a pass (V13)", async () => {
    const { code, out } = await cli([], { probes: { ...allPass, pagerduty: async () => ({ status: "HOLD", summary: "202, incident not checked" }) } });
    expect(code).toBe(1);
    expect(out).toContain("Verdict: HOLD (5 of 6 passed; the rest are unconfirmed, and partial green is not a pass)");
  });

  it("probes only what --only names", async () => {
    const { code, out } = await cli(["--only", "slack,datadog"]);
    expect(code).toBe(0);
    expect(out).toContain("Verdict: PASS (2 of 2 integrations passed)");
    expect(out).not.toContain("│ Sentry");
  });

  it.each([
    [["--only", "jira"], 'verify: option \'--only <integrations>\' argument \'jira\' is invalid. "jira" is not one of slack, sentry, pagerduty, opsgenie, datadog, splunk.'],
    [["--timeout", "0"], "verify: option '--timeout <seconds>' argument '0' is invalid. give a number of seconds from 1 to 600."],
    [["--bogus"], "verify: unknown option '--bogus'"],
  ])("exits 2 on a usage error %j", async (argv, message) => {
    const { code, err } = await cli(argv);
    expect(code).toBe(2);
    expect(err.split("\n")[0]).toBe(message);
  });

  it("exits 2 on a bad mode, before sending anything", async () => {
    let called = false;
    const { code, err } = await cli([], { env: { OPERATOR_WIRING_MODE: "real_jira" }, probes: { ...allPass, slack: async () => ((called = true), { status: "PASS", summary: "" }) } });
    expect([code, called]).toEqual([2, false]);
    expect(err).toMatch(/^verify: OPERATOR_WIRING_MODE: "real_jira" is not a mode\./);
  });

  it("exits 2 naming every missing input in real mode, before sending anything", async () => {
    const { code, err } = await cli(["--only", "pagerduty,splunk"], { env: { OPERATOR_WIRING_MODE: "real_all" } });
    expect(code).toBe(2);
    expect(err.split("\n").map((l) => l.split(" is not set")[0])).toEqual([
      "verify: PAGERDUTY_ROUTING_KEY",
      "verify: SPLUNK_HEC_URL",
      "verify: SPLUNK_HEC_TOKEN",
      "verify: nothing was sent. Fix the inputs above and run again.",
    ]);
  });

  it("prints the run as JSON that follows the report schema, with request lines on stderr", async () => {
    const { code, out, err } = await cli(["--json", "--only", "slack"], { probes: { slack: async (ctx) => (ctx.log("[slack] POST … → 200 ok (1 ms)"), { status: "PASS", summary: "posted" }) } });
    expect(code).toBe(0);
    const report = runReportSchema.parse(JSON.parse(out));
    expect(report).toMatchObject({ stack: null, verdict: "PASS", exitCode: 0, results: [{ integration: "slack", mode: "mock", status: "PASS", requests: 1, cleanup: "none needed" }] });
    expect(err).toContain("[slack] POST … → 200 ok (1 ms)");
  });

  it("appends the run to state/verify-<stack>-<YYYYMMDD>.log with --log", async () => {
    const { root } = await cli(["--log", "--only", "slack"]);
    const log = readFileSync(path.join(root, "state", "verify-local-20261123.log"), "utf8");
    expect(log).toContain("Verdict: PASS (1 of 1 integrations passed)");
  });

  it("preserves a failing run in state/incidents/<YYYYMMDD-HHMM>/ with --preserve, and not a passing one", async () => {
    const failing = await cli(["--preserve", "--only", "slack"], { probes: { slack: async () => { throw new ProbeFailure("boom"); } } });
    const folder = path.join(failing.root, "state", "incidents", "20261123-1405");
    expect(readdirSync(folder).sort()).toEqual(["post-mortem.md", "report.json", "verify-local.log"]);
    expect(readFileSync(path.join(folder, "verify-local.log"), "utf8")).toContain("Verdict: FAIL (Slack failed)");
    const passing = await cli(["--preserve", "--only", "slack"]);
    expect(existsSync(path.join(passing.root, "state", "incidents"))).toBe(false);
  });

  it("with --wiring adds the runbook's checks for the integrations in scope, and holds what it cannot check", async () => {
    const mock = await startService(pagerdutyMock, { port: 0 });
    try {
      const { code, out } = await cli(["--wiring", "--only", "pagerduty", "--json"], { env: { OPERATOR_WIRING_MOCK_PAGERDUTY_URL: mock.url } });
      const report = runReportSchema.parse(JSON.parse(out));
      expect(report.wiring).toEqual([
        expect.objectContaining({ check: "PagerDuty service has an Events API v2 integration", status: "HOLD", detail: expect.stringContaining("PAGERDUTY_SERVICE_ID") }),
      ]);
      expect([report.verdict, code]).toEqual(["HOLD", 1]);
    } finally {
      await mock.close();
    }
  });

  it("without --wiring runs no wiring check", async () => {
    const { out } = await cli(["--json", "--only", "slack"]);
    expect(runReportSchema.parse(JSON.parse(out)).wiring).toBeUndefined();
  });

  it("never lets a secret reach stdout, stderr, the log or the incident folder", async () => {
    const canaries = {
      SLACK_WEBHOOK_URL: `https://hooks.slack.com/services/T0CANARY1/B0CANARY1/${"canaryslack".padEnd(24, "x")}`,
      PAGERDUTY_ROUTING_KEY: "canaryroutingkey".padEnd(32, "0"),
      OPSGENIE_API_KEY: "cafe0000-0000-4000-8000-00000000ca11",
      DD_API_KEY: "ca11".padEnd(32, "0"),
      DD_APP_KEY: "ca11".padEnd(40, "1"),
      SENTRY_DSN: `https://${"ca11".padEnd(32, "2")}@o1.ingest.us.sentry.io/9`,
      SPLUNK_HEC_URL: "https://splunk.example.invalid:8088",
      SPLUNK_HEC_TOKEN: "ca110000-0000-4000-8000-0000000000aa",
    };
    // Probes that echo their inputs into every channel they have, as a careless probe might.
    const leaky: Probe<any> = async (ctx) => {
      ctx.log(`[${ctx.integration}] inputs ${JSON.stringify(ctx.inputs)}`);
      throw new ProbeFailure(`failed with ${JSON.stringify(ctx.inputs)}`, `diagnosis ${JSON.stringify(ctx.inputs)}`);
    };
    const probes = Object.fromEntries(integrations.map((n) => [n, leaky])) as Probes;
    const { out, err, root } = await cli(["--log", "--preserve", "--json"], { env: { ...canaries, OPERATOR_WIRING_MODE: "real_all" }, probes });
    const files = [path.join(root, "state", "verify-local-20261123.log"), ...readdirSync(path.join(root, "state", "incidents", "20261123-1405")).map((f) => path.join(root, "state", "incidents", "20261123-1405", f))];
    const everything = [out, err, ...files.map((f) => readFileSync(f, "utf8"))].join("\n");
    expect(everything).toContain("[redacted]");
    for (const value of [...Object.values(canaries).filter((v) => !v.startsWith("https://splunk")), "canaryslack", "ca112222222222222222222222222222"]) {
      expect(everything).not.toContain(value);
    }
  });
});
