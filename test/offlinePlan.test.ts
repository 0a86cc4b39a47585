import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../plan/stackFiles";

/** Runs the README's main command (`npm start`) as a user would, minus npm itself. */
function offlinePlan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(projectRoot, "build/run.mjs"), "plan", ...args], {
    cwd: projectRoot,
    encoding: "utf8",
    env: { ...process.env, PAGERDUTY_TOKEN: "shell-canary-token", DD_API_KEY: "shell-canary-key" },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("offline plan (npm start)", () => {
  const run = offlinePlan();

  it("plans dev, staging and prod and exits 0", () => {
    expect(run.stderr).toBe("");
    expect(run.status).toBe(0);
    expect(run.stdout.split("\n").filter((line) => line.startsWith("Stack ") || line.startsWith("Planned "))).toEqual([
      "Stack dev: 9 resources to create (in 5 components); routing enabled; pulumi destroy would delete everything.",
      "Stack staging: 20 resources to create (in 13 components); routing enabled; pulumi destroy would delete everything.",
      "Stack prod: 28 resources to create (in 17 components); routing enabled; pulumi destroy would retain 12 resources (credential-bearing, or used by one) and delete the rest.",
      "Planned dev, staging, prod: no configuration problems.",
    ]);
  });

  it("says honestly what it is", () => {
    expect(run.stdout.split("\n")[0]).toBe(
      "Offline plan of a fresh stack: evaluated with Pulumi's mock runtime (no Pulumi CLI, no credentials, no network).",
    );
  });

  it("shows handles and draft status for every service", () => {
    for (const handle of ["@pagerduty-Default-Service-dev", "@pagerduty-Checkout-API-staging", "@pagerduty-Payments-Worker-prod"]) {
      expect(run.stdout).toContain(`datadogHandle: "${handle}"`);
    }
    expect(run.stdout.match(/draft_status draft/g)).toHaveLength(8);
    expect(run.stdout).toContain('- "@slack-example-org-checkout-alerts"');
  });

  it("shows every route of every prod service, and what it assumed without asking", () => {
    const prod = offlinePlan("prod");
    expect(prod.status).toBe(0);
    const cells = prod.stdout.split("\n").map((line) => line.split("│").map((cell) => cell.trim()).filter(Boolean).join(" | "));
    for (const route of [
      'message "Datadog to PagerDuty validation',
      "@pagerduty-Checkout-API-prod\"",
      "@pagerduty-Payments-Worker-prod\"",
      "@slack-example-org-checkout-alerts\"",
      "@opsgenie-payments-worker-prod\"",
      "channel C0CHECKOUT1 of workspace T0EXAMPLE1",
      '→ PagerDuty "Checkout API prod" (critical), row',
      "→ Slack #checkout-alerts",
      '→ PagerDuty "Payments Worker prod" (error), row',
      '→ Opsgenie "Payments Worker prod" (P2), row',
      "project checkout-api: webhooks plugin",
      "project payments-worker: webhooks plugin",
    ]) {
      expect([route, cells.some((line) => line.includes(route))]).toEqual([route, true]);
    }
    expect(prod.stdout).toContain("Sentry was not asked (offline): the plan assumes");
    expect(prod.stdout).toContain("Opsgenie was not asked (offline):");
    // Prod owns the Datadog PagerDuty tile; dev and staging depend on it, which preview checks.
    expect(prod.stdout).not.toContain("Datadog was not asked");
    expect(run.stdout.match(/Datadog was not asked \(offline\): pulumi preview checks that the org's PagerDuty tile, which another stack owns, is installed\./g)).toHaveLength(2);
    expect(prod.stdout).toContain("  - Opsgenie is enabled: Atlassian ends Opsgenie (support and the REST API) on 2027-04-05;");
  });

  it("prints no key, placeholder or credential from the shell", () => {
    expect(run.stdout.match(/pagerdutyRoutingKeys: \[secret\]/g)).toHaveLength(3);
    expect(run.stdout).not.toContain("offline-routing-key");
    expect(run.stdout).not.toContain("offline-hec-token");
    expect(run.stdout).not.toContain("canary");
    expect(run.stdout).not.toContain("offline-plan-placeholder");
  });

  it("plans one stack when asked, exactly as it plans it after another stack in the same process", () => {
    const single = offlinePlan("staging");
    expect(single.status).toBe(0);
    expect(single.stdout).toContain("Planned staging: no configuration problems.");
    expect(single.stdout).not.toContain("Stack dev:");
    // The stacks are planned one after another in one process: nothing of dev's may carry over.
    // Row for row, in the order the program declares them, although dynamic resources register
    // later in the first stack of a process (it serializes their providers) than in the next.
    const section = (stdout: string) =>
      stdout.slice(stdout.indexOf("Stack staging:"), stdout.indexOf("Stack prod:") >= 0 ? stdout.indexOf("Stack prod:") : stdout.indexOf("Planned "));
    expect(section(run.stdout)).toBe(section(single.stdout));
    const rows = section(single.stdout).split(/\n├[─┼]+┤\n/);
    expect(rows.findIndex((row) => row.includes("checkout-api-pagerduty-service"))).toBeLessThan(rows.findIndex((row) => row.includes("checkout-api-datadog-mapping")));
  });

  it("exits 2 with every configuration problem and plans nothing for a bad stack", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "operator-wiring-plan-"));
    copyFileSync(path.join(projectRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    writeFileSync(
      path.join(dir, "Pulumi.dev.yaml"),
      ["config:", "  operator-wiring:pagerdutyRegion: EU", "  operator-wiring:services:", "    - name: Checkout", "      urgency: p1", "      escalationPolicy: {existing: {name: On-call}}", ""].join("\n"),
    );
    const bad = offlinePlan("--project-dir", dir, "dev");
    expect(bad.status).toBe(2);
    expect(bad.stdout).toContain(
      [
        "Stack dev: the program stopped before planning; nothing would be created.",
        'Stack "dev" has 2 configuration problems; nothing was created or changed:',
        '  - Stack "dev", key operator-wiring:services[0].urgency: is "p1", which is not one of "high", "low". Hint: use "high" (pages at once) or "low" (notifies without paging).',
        '  - Stack "dev", key operator-wiring:pagerdutyRegion: is "EU", which is not one of "us", "eu". Hint: use "us" for app.pagerduty.com accounts or "eu" for app.eu.pagerduty.com accounts.',
      ].join("\n"),
    );
    expect(bad.stderr).toBe("Plan failed for dev: fix the configuration problems above.\n");
  });
});
