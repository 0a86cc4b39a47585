import { describe, expect, it } from "vitest";
import type { RawStackConfig } from "../config/checkCredentials";
import { parseStackConfig } from "../config/parseStackConfig";
import { formatConfigProblem } from "../config/stackConfigError";
import { rawConfig } from "./support/rawConfig";

function messages(raw: RawStackConfig): string[] {
  const result = parseStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => formatConfigProblem(raw.stack, p));
}

const extra = (values: Record<string, string>) => rawConfig("dev", {}, { values });

describe("keys outside the namespaces the stack reads", () => {
  it.each([
    [
      "a misspelt project namespace (the rollback flag would stay on)",
      { "operator-wirng:routingEnabled": "false" },
      'Stack "dev", key operator-wirng:routingEnabled: is in the namespace "operator-wirng", which this stack does not read. Hint: did you mean operator-wiring:routingEnabled? Rename the key.',
    ],
    [
      "a misspelt namespace and key",
      { "operatorwiring:routingEnable": "false" },
      'Stack "dev", key operatorwiring:routingEnable: is in the namespace "operatorwiring", which this stack does not read. Hint: did you mean operator-wiring:routingEnabled? Rename the key.',
    ],
    [
      "a misspelt provider namespace",
      { "datadg:apiUrl": "https://api.datadoghq.com/" },
      'Stack "dev", key datadg:apiUrl: is in the namespace "datadg", which this stack does not read. Hint: did you mean datadog:apiUrl? Rename the key.',
    ],
    [
      "a provider this stack does not use",
      { "aws:region": "eu-west-1" },
      'Stack "dev", key aws:region: is in the namespace "aws", which this stack does not read. Hint: remove it; this stack reads operator-wiring:*, pagerduty:*, datadog:*, sentry:* (and pulumi:* is the engine\'s own).',
    ],
    [
      "a provider key the explicit provider would ignore",
      { "datadog:validate": "false" },
      'Stack "dev", key datadog:validate: is not read by this stack: it configures the datadog provider itself, from datadog:apiKey, datadog:appKey, datadog:apiUrl and operator-wiring:* keys. Hint: remove it.',
    ],
    [
      "a provider key in the wrong case",
      { "pagerduty:serviceregion": "us" },
      'Stack "dev", key pagerduty:serviceregion: is not read by this stack: it configures the pagerduty provider itself, from pagerduty:token, pagerduty:userToken, pagerduty:serviceRegion and operator-wiring:* keys. Hint: did you mean pagerduty:serviceRegion? Rename or remove the key.',
    ],
    [
      "a key with no namespace",
      { routingEnabled: "false" },
      'Stack "dev", key routingEnabled: has no namespace. Hint: write operator-wiring:routingEnabled (project keys live under the project\'s name).',
    ],
  ])("refuses %s with a suggestion", (_name, values, expected) => {
    expect(messages(extra(values))).toEqual([expected]);
  });

  it("leaves the engine's own keys to the engine", () => {
    expect(messages(extra({ "pulumi:disable-default-providers": '["*"]', "pulumi:tags": '{"team":"ops"}' }))).toEqual([]);
  });

  it("reads the provider keys it documents", () => {
    expect(messages(extra({ "datadog:apiUrl": "https://api.datadoghq.com/", "pagerduty:serviceRegion": "us" }))).toEqual([]);
  });
});

describe("a stack's name and its environment", () => {
  const environmentKey = (stack: string, declared: string, tail: string) =>
    `Stack "${stack}", key operator-wiring:environment: is "${declared}", but this stack is named "${stack}": it would create the ${declared} environment's PagerDuty services, Datadog handles and other names, which the stack "${declared}" owns, and the two stacks would replace each other's objects${tail}. Hint: remove it (pulumi config rm operator-wiring:environment -s ${stack}); the stack name sets the environment. A stack that is meant to act as ${declared} needs a name of its own (e.g. rehearsal-${declared}).`;

  it.each([
    ["dev", "prod", ""],
    ["staging", "dev", ""],
    ["prod", "staging", "; prod's credential-bearing resources would also no longer be retained on destroy"],
  ])("refuses the stack %s declaring the environment %s", (stack, declared, tail) => {
    expect(messages(rawConfig(stack, { environment: declared }))).toEqual([environmentKey(stack, declared, tail)]);
  });

  it.each([
    ["prod", "prod"],
    ["rehearsal-prod", "prod"],
    ["rehearsal-dev", "dev"],
    ["prod-eu", "prod"],
  ])("accepts the stack %s declaring %s", (stack, declared) => {
    const result = parseStackConfig(rawConfig(stack, { environment: declared }));
    expect(result.ok && result.settings.environment).toBe(declared);
  });

  it("requires a stack of another name to declare its environment", () => {
    expect(messages(rawConfig("rehearsal-prod"))).toEqual([
      'Stack "rehearsal-prod", key operator-wiring:environment: is not set, and the stack name "rehearsal-prod" is not one of dev, staging, prod. Hint: pulumi config set operator-wiring:environment <dev|staging|prod> -s rehearsal-prod.',
    ]);
  });
});
