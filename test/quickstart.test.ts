import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";

const root = path.resolve(__dirname, "..");

describe("npm start (the README's main command)", () => {
  it("plans every stack, verifies all six integrations against mocks it starts and stops, then ends with the chain, exit 0", () => {
    const result = spawnSync(process.execPath, [path.join(root, "build/run.mjs"), "start"], {
      cwd: root,
      encoding: "utf8",
      // Real credentials in the caller's shell must not matter: the plan and mock mode ignore them.
      env: { ...process.env, OPERATOR_WIRING_MODE: "real_all", DD_API_KEY: "shell-canary" },
    });
    expect(result.stderr).toBe("");
    expect(result.status).toBe(0);
    const lines = result.stdout.split("\n");
    expect(lines).toContain("Planned dev, staging, prod: no configuration problems.");
    expect(lines.filter((l) => /│ (Slack|Sentry|PagerDuty|Opsgenie|Datadog|Splunk) +│ mock +│ PASS/.test(l))).toHaveLength(6);
    expect(lines).toContain("Verdict: PASS (6 of 6 integrations passed)");
    // Then the chain, after the six probes: the last step, with its own verdict.
    expect(lines.indexOf("Verdict: PASS (6 of 6 integrations passed)")).toBeLessThan(lines.findIndex((l) => l.startsWith("== 3/3")));
    expect(lines.filter((l) => /^\[chain\] (dev|staging|prod) · Sentry project .* → PASS/.test(l))).toHaveLength(5);
    expect(lines.at(-2)).toBe("Chain verdict: PASS (5 of 5 alerts reached every target, and nothing else)");
    expect(result.stdout).not.toContain("shell-canary");
    // The whole README command: two rounds of planning (the plan, then the chain's world) on a shared machine.
  }, 120_000);
});
