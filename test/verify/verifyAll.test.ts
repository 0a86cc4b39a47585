import { spawn } from "node:child_process";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningMocks, startMocks } from "../../mock-endpoints/startMocks";
import { runReportSchema } from "../../verify/probeResult";

const root = path.resolve(__dirname, "../..");
let mocks: RunningMocks;
let env: NodeJS.ProcessEnv;

beforeAll(async () => {
  mocks = await startMocks({ anyFreePort: true });
  env = {
    ...process.env,
    OPERATOR_WIRING_MODE: "mock",
    ...Object.fromEntries(Object.entries(mocks.urls).map(([name, url]) => [`OPERATOR_WIRING_MOCK_${name.toUpperCase()}_URL`, url])),
  };
});
afterAll(() => mocks.close());
beforeEach(async () => {
  await Promise.all(Object.values(mocks.urls).map((url) => new MockControl(url!).reset()));
});

/** Runs a verify shell script as an operator or cron would; resolves when it exits. */
function script(name: string, args: string[], onStart?: (kill: (signal: NodeJS.Signals) => void, output: () => string) => void) {
  return new Promise<{ code: number | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(path.join(root, "verify", name), [...args, "--inputs-file", "/nonexistent/.env.local"], { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (c) => (stdout += c));
    child.stderr.on("data", (c) => (stderr += c));
    onStart?.((signal) => child.kill(signal), () => stdout + stderr);
    child.once("exit", (code) => resolve({ code, stdout, stderr }));
  });
}

describe("verify/verify-all.sh against the mock endpoints", () => {
  it("passes all six, one line per request, a summary table, exit 0", async () => {
    const { code, stdout } = await script("verify-all.sh", []);
    expect(code).toBe(0);
    for (const title of ["Slack", "Sentry", "PagerDuty", "Opsgenie", "Datadog", "Splunk"]) expect(stdout).toMatch(new RegExp(`│ ${title} +│ mock +│ PASS`));
    expect(stdout).toContain("Verdict: PASS (6 of 6 integrations passed)");
    const received = (await Promise.all(Object.values(mocks.urls).map((url) => new MockControl(url!).requestCount()))).reduce((a, b) => a + b, 0);
    expect(stdout.split("\n").filter((l) => /^\[\w+\] (GET|POST|PUT|DELETE) /.test(l))).toHaveLength(received);
  });

  it("leaves no test incident open and no test alert open", async () => {
    await script("verify-all.sh", ["--only", "pagerduty,opsgenie"]);
    const pd = await new MockControl(mocks.urls.pagerduty!).state<{ incidents: { status: string }[] }>();
    const og = await new MockControl(mocks.urls.opsgenie!).state<{ alerts: { status: string }[] }>();
    expect(pd.incidents.map((i) => i.status)).toEqual(["resolved"]);
    expect(og.alerts.map((a) => a.status)).toEqual(["closed"]);
  });

  it("fails a hung endpoint within the deadline, by the printed duration, exit 1", async () => {
    await new MockControl(mocks.urls.pagerduty!).addFault({ route: "POST /v2/enqueue", fault: "hang" });
    const { code, stdout } = await script("pagerduty.sh", ["--json", "--timeout", "3"]);
    expect(code).toBe(1);
    const [result] = runReportSchema.parse(JSON.parse(stdout)).results;
    expect(result.status).toBe("FAIL");
    expect(result.durationMs).toBeLessThan(3_000 * 1.1);
    expect(result.diagnosis).toMatch(/^No answer within the deadline/);
  });

  it("cleans up on Ctrl-C mid-run: the test incident ends resolved, exit 1", async () => {
    // The incident lookup after the trigger stalls, so Ctrl-C lands after the incident exists.
    await new MockControl(mocks.urls.pagerduty!).addFault({ route: "GET /incidents", fault: "delay", ms: 15_000, times: 1 });
    const { code, stdout, stderr } = await script("pagerduty.sh", ["--timeout", "20"], (kill, output) => {
      const poll = setInterval(() => {
        if (output().includes("(trigger")) {
          clearInterval(poll);
          setTimeout(() => kill("SIGINT"), 300);
        }
      }, 50);
    });
    expect(code).toBe(1);
    expect(stderr).toContain("verify: Ctrl-C: stopping the probes and cleaning up");
    expect(stdout).toContain("Interrupted (Ctrl-C); clean-up was attempted.");
    const pd = await new MockControl(mocks.urls.pagerduty!).state<{ incidents: { status: string }[] }>();
    expect(pd.incidents.map((i) => i.status)).toEqual(["resolved"]);
  });

  it("exits 2 on a bad mode, having sent nothing", async () => {
    env.OPERATOR_WIRING_MODE = "real_jira";
    try {
      const { code, stderr } = await script("verify-all.sh", []);
      expect(code).toBe(2);
      expect(stderr).toContain('OPERATOR_WIRING_MODE: "real_jira" is not a mode.');
      expect(await new MockControl(mocks.urls.slack!).requestCount()).toBe(0);
    } finally {
      env.OPERATOR_WIRING_MODE = "mock";
    }
  });
});
