import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../plan/stackFiles";
import { canarySecrets, credentialCanaries } from "./support/credentialCanaries";

/** `npm run plan -- …` as a user runs it, minus npm itself. */
function plan(...args: string[]): { status: number | null; stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, [path.join(projectRoot, "build/run.mjs"), "plan", ...args], { cwd: projectRoot, encoding: "utf8" });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

const yaml = (...lines: string[]) => `${lines.join("\n")}\n`;
const service = ["    - name: Checkout API", "      escalationPolicy: { existing: { name: Platform On-call } }"];

/** A project directory with the real Pulumi.yaml and the given stack files. */
function project(stacks: Record<string, string>): string {
  const dir = mkdtempSync(path.join(tmpdir(), "operator-wiring-input-"));
  copyFileSync(path.join(projectRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const [stack, text] of Object.entries(stacks)) writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), text);
  return dir;
}

describe("the offline plan's command line", () => {
  it("prints its usage for --help, and exits 0", () => {
    const run = plan("--help");
    expect(run.status).toBe(0);
    expect(run.stderr).toBe("");
    expect(run.stdout.split("\n")[0]).toBe("Usage: npm run plan -- [options] [stacks...]");
    expect(run.stdout).toContain("--project-dir <dir>");
  });

  it("names an unknown option, prints its usage, and exits 2", () => {
    const run = plan("--stack", "prod");
    expect(run.status).toBe(2);
    expect(run.stderr.split("\n")[0]).toBe("plan: unknown option '--stack'");
    expect(run.stderr).toContain("Usage: npm run plan -- [options] [stacks...]");
  });

  it("lists the stacks that exist for an unknown stack name, and exits 2", () => {
    const run = plan("prdo");
    expect(run.status).toBe(2);
    expect(run.stdout).toBe("");
    expect(run.stderr).toBe('There is no stack "prdo" (no Pulumi.prdo.yaml in the project directory). The stacks are: dev, prod, staging. Did you mean "prod"?\n');
  });
});

describe("stack files the plan refuses or reads as the CLI does", () => {
  const dir = project({
    // A YAML error on a line that holds a credential.
    broken: yaml("config:", "  operator-wiring:environment: dev", `  pagerduty:token: ${credentialCanaries.pagerdutyRestKey.value}`, "   stray: [", ""),
    // Credentials of every shape in plain keys.
    leaky: yaml("config:", "  operator-wiring:environment: dev", "  operator-wiring:services:", ...service, "      slack:", "        routes:", "          - { account: acme, channel: \"#alerts\" }", "  operator-wiring:pagerdutySchedules:", ...Object.values(credentialCanaries).map((c) => `    - ${JSON.stringify(c.value)}`)),
    // An adopted HEC token, encrypted: valid.
    adopting: yaml("config:", "  operator-wiring:environment: dev", "  operator-wiring:services:", ...service, "  operator-wiring:splunkHecUrl: https://splunk.example.com:8088", "  operator-wiring:splunkHecToken:", "    secure: v1:AAAAcanaryciphertext=="),
    // Two exclusive keys, one of them encrypted: refused.
    exclusive: yaml("config:", "  operator-wiring:environment: dev", "  operator-wiring:services:", ...service, "  operator-wiring:splunkHecUrl: https://splunk.example.com:8088", "  operator-wiring:splunkManagementUrl: https://splunk.example.com:8089", "  operator-wiring:splunkHecToken:", "    secure: v1:AAAAcanaryciphertext=="),
    // A bare key is the project's (the CLI reads it so): the rollback takes effect.
    bare: yaml("config:", "  environment: dev", "  routingEnabled: false", "  operator-wiring:services:", ...service),
    // A misspelt namespace would leave the rollback flag on.
    misspelt: yaml("config:", "  operator-wiring:environment: dev", "  operator-wirng:routingEnabled: false", "  operator-wiring:services:", ...service),
  });
  const run = plan("--project-dir", dir, "broken", "leaky", "adopting", "exclusive", "bare", "misspelt");
  const section = (stack: string) => run.stdout.split(/\n(?=Stack \w+:)/).find((s) => s.startsWith(`Stack ${stack}:`)) ?? "";

  it("exits 2, naming the stacks that failed", () => {
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("Plan failed for broken, leaky, exclusive, misspelt: fix the configuration problems above.\n");
  });

  it("points at file, line, column and key of a YAML error, and plans nothing", () => {
    expect(section("broken").trim().split("\n")).toEqual([
      "Stack broken: the stack file cannot be read as the Pulumi CLI reads it; nothing would be created.",
      'Stack "broken" has 1 configuration problem; nothing was created or changed:',
      '  - Stack "broken", key pagerduty:token (Pulumi.broken.yaml line 3, column 20): is not valid YAML: a value nests or continues where YAML does not allow it. Hint: quote a value that contains ": ", and indent a nested key under its parent; the line is not shown here, so that a value on it stays private.',
    ]);
  });

  it("refuses credentials of every shape in plain keys, declaring nothing", () => {
    const leaky = section("leaky");
    expect(leaky.split("\n")[0]).toBe("Stack leaky: the program stopped before planning; nothing would be created.");
    Object.values(credentialCanaries).forEach((canary, i) => {
      expect(leaky).toContain(`key operator-wiring:pagerdutySchedules[${i}]: contains ${canary.what} in plain text in Pulumi.leaky.yaml.`);
    });
  });

  it("adopts an encrypted HEC token, set though its value is unknown offline", () => {
    expect(section("adopting").split("\n")[0]).toBe("Stack adopting: 6 resources to create (in 5 components); routing enabled; pulumi destroy would delete everything.");
    expect(section("adopting")).toContain("splunkHecToken: [secret]");
  });

  it("refuses two exclusive keys when one of them is encrypted", () => {
    expect(section("exclusive")).toContain(
      'Stack "exclusive", key operator-wiring:splunkHecToken: is set together with operator-wiring:splunkManagementUrl. Hint: create a token (splunkManagementUrl) or adopt one (splunkHecToken), not both.',
    );
  });

  it("reads a key without a namespace as the project's, as the CLI does", () => {
    expect(section("bare").split("\n")[0]).toContain("routing disabled (one-flag rollback)");
  });

  it("refuses a misspelt namespace with a suggestion", () => {
    expect(section("misspelt")).toContain(
      'Stack "misspelt", key operator-wirng:routingEnabled: is in the namespace "operator-wirng", which this stack does not read. Hint: did you mean operator-wiring:routingEnabled? Rename the key.',
    );
  });

  it("prints no credential, ciphertext or placeholder anywhere", () => {
    const everything = run.stdout + run.stderr;
    for (const secret of canarySecrets) expect(everything).not.toContain(secret);
    expect(everything).not.toContain("canaryciphertext");
    expect(everything).not.toContain("unknown to the offline plan]");
    expect(everything).not.toContain("offline-plan-placeholder");
  });
});
