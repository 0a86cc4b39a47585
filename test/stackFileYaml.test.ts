import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { formatConfigProblem } from "../config/configProblem";
import { encryptedOffline } from "../config/encryptedOffline";
import { parseStackFile } from "../plan/parseStackFile";
import { parseStackConfig } from "../config/parseStackConfig";
import { stackConfigValues } from "../plan/stackFiles";
import { rawConfig } from "./support/rawConfig";
import { credentialCanaries, canarySecrets } from "./support/credentialCanaries";

const file = "Pulumi.dev.yaml";

function problems(text: string): string[] {
  const parsed = parseStackFile(text, file, "operator-wiring");
  return parsed.ok ? [] : parsed.problems.map((p) => formatConfigProblem("dev", p));
}

function config(text: string): Record<string, unknown> {
  const parsed = parseStackFile(text, file, "operator-wiring");
  if (!parsed.ok) throw new Error(parsed.problems.map((p) => p.problem).join("\n"));
  return parsed.config;
}

const yaml = (...lines: string[]) => `${lines.join("\n")}\n`;
const privateLine = "the line is not shown here, so that a value on it stays private.";

describe("a YAML syntax error in a stack file", () => {
  it.each(Object.entries(credentialCanaries))("points at file, line, column and key, never echoing the line: %s", (_name, canary) => {
    const text = yaml("config:", "  operator-wiring:services:", "    - name: Checkout", `      description: key: ${canary.value}`);
    const all = problems(text);
    expect(all).toEqual([
      `Stack "dev", key operator-wiring:services[0].description (Pulumi.dev.yaml line 4, column 20): is not valid YAML: a value nests or continues where YAML does not allow it. Hint: quote a value that contains ": ", and indent a nested key under its parent; ${privateLine}`,
    ]);
    for (const secret of canarySecrets) expect(all.join("\n")).not.toContain(secret);
  });

  it.each([
    [
      "a broken line after a credential",
      yaml("config:", `  pagerduty:token: ${credentialCanaries.pagerdutyRestKey.value}`, "   stray: [", ""),
      `Stack "dev", key pagerduty:token (Pulumi.dev.yaml line 2, column 20): is not valid YAML: a value nests or continues where YAML does not allow it. Hint: quote a value that contains ": ", and indent a nested key under its parent; ${privateLine}`,
    ],
    [
      "a tab as indentation",
      yaml("config:", "\toperator-wiring:routingEnabled: false"),
      `Stack "dev", key config (Pulumi.dev.yaml line 2, column 1): is not valid YAML: a tab is used for indentation. Hint: indent with spaces; YAML does not allow tabs there; ${privateLine}`,
    ],
    [
      "an unclosed quote",
      yaml("config:", `  operator-wiring:sentryOrganization: "acme`, "  operator-wiring:datadogSite: datadoghq.com"),
      `Stack "dev", key operator-wiring:sentryOrganization (Pulumi.dev.yaml line 2, not closed by line 4): is not valid YAML: a quote, bracket or brace is not closed. Hint: close it, or quote the value; ${privateLine}`,
    ],
    [
      "an alias without its anchor",
      yaml("config:", "  operator-wiring:services: *missing"),
      `Stack "dev", key operator-wiring:services (Pulumi.dev.yaml line 2, column 29): is not valid YAML: an alias (*name) whose anchor (&name) is not defined before it. Hint: define the anchor first, or spell the alias like it; ${privateLine}`,
    ],
  ])("reports %s by place", (_name, text, expected) => {
    const all = problems(text);
    expect(all).toEqual([expected]);
    for (const secret of canarySecrets) expect(all.join("\n")).not.toContain(secret);
  });
});

describe("YAML as the Pulumi CLI reads it", () => {
  it("accepts merge keys and anchors, inside config and from a top-level anchor holder", () => {
    const text = yaml(
      "x-defaults: &defaults",
      "  urgency: low",
      "  escalationPolicy: { existing: { name: Platform On-call } }",
      "config:",
      "  operator-wiring:services:",
      "    - <<: *defaults",
      "      name: Checkout API",
      "    - &payments",
      "      <<: *defaults",
      "      name: Payments Worker",
      "      urgency: high",
    );
    expect(config(text)).toEqual({
      "operator-wiring:services": [
        { urgency: "low", escalationPolicy: { existing: { name: "Platform On-call" } }, name: "Checkout API" },
        { urgency: "high", escalationPolicy: { existing: { name: "Platform On-call" } }, name: "Payments Worker" },
      ],
    });
  });

  it.each([
    [
      "a repeated config key",
      yaml("config:", "  operator-wiring:routingEnabled: false", "  operator-wiring:datadogSite: datadoghq.com", "  operator-wiring:routingEnabled: true"),
      'Stack "dev", key operator-wiring:routingEnabled (Pulumi.dev.yaml line 4, column 3): repeats a key already set at line 2; YAML refuses a repeated key, and the Pulumi CLI with it. Hint: keep one of the two.',
    ],
    [
      "a repeated setting inside a service",
      yaml("config:", "  operator-wiring:services:", "    - name: A", "      urgency: low", "      urgency: high"),
      'Stack "dev", key operator-wiring:services[0].urgency (Pulumi.dev.yaml line 5, column 7): repeats a key already set at line 4; YAML refuses a repeated key, and the Pulumi CLI with it. Hint: keep one of the two.',
    ],
    [
      "a key given bare and namespaced",
      yaml("config:", "  routingEnabled: false", "  operator-wiring:routingEnabled: true"),
      'Stack "dev", key operator-wiring:routingEnabled (Pulumi.dev.yaml line 3): is set twice, as routingEnabled and as operator-wiring:routingEnabled; the Pulumi CLI would keep one of them, which one is not defined. Hint: keep one.',
    ],
  ])("reports %s with file and line", (_name, text, expected) => {
    expect(problems(text)).toEqual([expected]);
  });

  it("reads a bare key as the project's, as the CLI does", () => {
    expect(config(yaml("config:", "  routingEnabled: false", "  datadog:apiUrl: https://api.datadoghq.com/"))).toEqual({
      "operator-wiring:routingEnabled": false,
      "datadog:apiUrl": "https://api.datadoghq.com/",
    });
  });

  it("reads the old ns:config:name spelling, and refuses a key the CLI cannot parse", () => {
    expect(config(yaml("config:", "  datadog:config:apiUrl: https://api.datadoghq.com/"))).toEqual({ "datadog:apiUrl": "https://api.datadoghq.com/" });
    expect(problems(yaml("config:", "  operator-wiring:services:name: x"))).toEqual([
      'Stack "dev", key operator-wiring:services:name (Pulumi.dev.yaml line 2): cannot be parsed as a configuration key; the Pulumi CLI refuses it. Hint: write it as <namespace>:<name>, e.g. operator-wiring:routingEnabled.',
    ]);
  });

  it("drops a byte-order mark and reads an empty file as no config", () => {
    expect(config("\uFEFFconfig:\n  operator-wiring:routingEnabled: false\n")).toEqual({ "operator-wiring:routingEnabled": false });
    expect(config("")).toEqual({});
  });
});

describe("a file that is not a stack file", () => {
  it.each([
    [
      "an HTML error page saved by mistake",
      "<!DOCTYPE html>\n<html><head><title>502 Bad Gateway</title></head><body>nginx</body></html>\n",
      'Stack "dev", Pulumi.dev.yaml: is not a stack file: it holds an HTML page (an error page or a page saved from a browser?). Hint: restore the stack file (git checkout -- Pulumi.dev.yaml), or write one with a config: mapping.',
    ],
    [
      "plain text",
      "see the wiki for the settings\n",
      'Stack "dev", Pulumi.dev.yaml: is not a stack file: it holds a single value, where a stack file holds a mapping with config:. Hint: write the settings under config:, one key per line (README, section Configuration).',
    ],
    [
      "a list",
      "- operator-wiring:routingEnabled: false\n",
      'Stack "dev", Pulumi.dev.yaml: is not a stack file: it holds a list, where a stack file holds a mapping with config:. Hint: write the settings under config:, one key per line (README, section Configuration).',
    ],
    [
      "a config key at the top level, which the CLI would ignore",
      yaml("operator-wiring:routingEnabled: false", "config:", "  operator-wiring:datadogSite: datadoghq.com"),
      'Stack "dev", key operator-wiring:routingEnabled (Pulumi.dev.yaml line 1): is at the top level of the stack file, where the Pulumi CLI ignores it. Hint: indent it under config:.',
    ],
    [
      "a misspelt config: section, which the CLI would ignore whole",
      yaml("confg:", "  operator-wiring:routingEnabled: false"),
      'Stack "dev", key confg (Pulumi.dev.yaml line 1): is not part of a stack file; the Pulumi CLI ignores it. Hint: did you mean config?',
    ],
    [
      "config that is not a mapping",
      yaml("config: operator-wiring:routingEnabled=false"),
      'Stack "dev", key config (Pulumi.dev.yaml): is not a mapping of keys to values. Hint: write one key per line under config:, e.g.   operator-wiring:routingEnabled: false',
    ],
  ])("reports %s as such", (_name, text, expected) => {
    expect(problems(text)).toEqual([expected]);
  });
});

describe("encrypted values offline", () => {
  function projectWith(stackFile: string): string {
    const dir = mkdtempSync(path.join(tmpdir(), "operator-wiring-secure-"));
    writeFileSync(path.join(dir, "Pulumi.yaml"), "name: operator-wiring\nruntime: nodejs\nconfig:\n  operator-wiring:routingEnabled:\n    type: boolean\n    default: true\n");
    writeFileSync(path.join(dir, "Pulumi.dev.yaml"), stackFile);
    return dir;
  }

  it("are set, as secrets with an unknown value, never left out", () => {
    const dir = projectWith(yaml("config:", "  operator-wiring:splunkHecToken:", "    secure: v1:abc", "  pagerduty:token:", "    secure: v1:def"));
    expect(stackConfigValues("dev", dir)).toEqual({
      values: { "operator-wiring:routingEnabled": "true", "operator-wiring:splunkHecToken": encryptedOffline, "pagerduty:token": encryptedOffline },
      secretKeys: ["operator-wiring:splunkHecToken", "pagerduty:token"],
    });
  });

  it("mark a structured key secret when a value inside it is encrypted", () => {
    const dir = projectWith(yaml("config:", "  operator-wiring:services:", "    - name: A", "      description:", "        secure: v1:abc"));
    expect(stackConfigValues("dev", dir)).toEqual({
      values: { "operator-wiring:routingEnabled": "true", "operator-wiring:services": JSON.stringify([{ name: "A", description: encryptedOffline }]) },
      secretKeys: ["operator-wiring:services"],
    });
  });

  it("are used as set where only a secret is needed, and named where the plan would need the value", () => {
    const adopt = rawConfig("dev", { splunkHecUrl: "https://splunk.example.com:8088", splunkHecToken: encryptedOffline, sentryOrganization: encryptedOffline }, {
      secretKeys: ["operator-wiring:splunkHecToken", "operator-wiring:sentryOrganization"],
      env: { SENTRY_AUTH_TOKEN: "t" },
    });
    const result = parseStackConfig(adopt);
    expect(result.ok ? [] : result.problems.map((p) => formatConfigProblem("dev", p))).toEqual([
      'Stack "dev", key operator-wiring:sentryOrganization: is encrypted in Pulumi.dev.yaml; the offline plan cannot decrypt it, and what the stack builds depends on its value. Hint: check this stack with pulumi preview -s dev, which decrypts it; or, as it is not a credential, store it in plain text: pulumi config set operator-wiring:sentryOrganization <value> -s dev.',
    ]);
  });

  it("read an empty value as the CLI does, as empty text", () => {
    const dir = projectWith(yaml("config:", "  operator-wiring:splunkIndex:"));
    expect(stackConfigValues("dev", dir).values["operator-wiring:splunkIndex"]).toBe("");
  });
});
