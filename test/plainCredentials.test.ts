import { describe, expect, it } from "vitest";
import type { RawStackConfig } from "../config/checkCredentials";
import { parseStackConfig } from "../config/parseStackConfig";
import { formatConfigProblem } from "../config/stackConfigError";
import { credentialCanaries, canarySecrets } from "./support/credentialCanaries";
import { rawConfig, validService } from "./support/rawConfig";

function messages(raw: RawStackConfig): string[] {
  const result = parseStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => formatConfigProblem(raw.stack, p));
}

const rotate = (key: string, stack = "dev") =>
  `Hint: rotate it (it is in git history now), then store the new one encrypted: pulumi config set --secret ${key} <new value> -s ${stack}.`;

describe("a credential in plain text in a provider key", () => {
  it.each([
    ["the PagerDuty REST API key", "pagerduty:token", credentialCanaries.pagerdutyRestKey.value, "PagerDuty REST API key"],
    ["the Datadog API key", "datadog:apiKey", credentialCanaries.datadogApiKey.value, "Datadog API key"],
    ["the Datadog application key", "datadog:appKey", credentialCanaries.datadogAppKey.value, "Datadog application key"],
  ])("is refused for %s, with the rotation it needs", (_what, key, value, what) => {
    const raw = rawConfig("staging", {}, { values: { [key]: value } });
    const secretKeys = new Set(raw.secretKeys);
    secretKeys.delete(key);
    expect(messages({ ...raw, secretKeys })).toEqual([
      `Stack "staging", key ${key}: holds the ${what} in plain text in Pulumi.staging.yaml. ${rotate(key, "staging")}`,
    ]);
  });

  it("is refused for the PagerDuty user token although no Slack workspace is connected", () => {
    expect(messages(rawConfig("dev", {}, { values: { "pagerduty:userToken": credentialCanaries.pagerdutyUserToken.value } }))).toEqual([
      `Stack "dev", key pagerduty:userToken: holds the PagerDuty user-level API token (PagerDuty's Slack connections accept no other) in plain text in Pulumi.dev.yaml. ${rotate("pagerduty:userToken")}`,
    ]);
  });

  it("is refused for an adopted Splunk HEC token although Splunk is not wired", () => {
    expect(messages(rawConfig("dev", { splunkHecToken: credentialCanaries.splunkHecToken.value }))).toEqual([
      `Stack "dev", key operator-wiring:splunkHecToken: holds the Splunk HEC token in plain text in Pulumi.dev.yaml. ${rotate("operator-wiring:splunkHecToken")}`,
      'Stack "dev", key operator-wiring:splunkHecUrl: is not set, but other Splunk keys are. Hint: set it to the HEC base URL, e.g. https://splunk.example.com:8088. Or remove the other splunk* keys.',
    ]);
  });

  it("is refused for the Sentry provider's token although Sentry is not wired, pointing at the variable the stack reads", () => {
    expect(messages(rawConfig("dev", {}, { values: { "sentry:token": credentialCanaries.sentryUserToken.value } }))).toEqual([
      'Stack "dev", key sentry:token: holds the Sentry auth token in plain text in Pulumi.dev.yaml. Hint: rotate it (it is in git history now), then pulumi config rm sentry:token -s dev, and export the new token as SENTRY_AUTH_TOKEN (the stack reads only that).',
    ]);
  });

  it("is refused for a key the stack does not read whose name says it is a credential", () => {
    expect(messages(rawConfig("dev", {}, { values: { "datadog:api_key": "canary-not-shaped" } }))).toEqual([
      "Stack \"dev\", key datadog:api_key: holds a value in plain text in Pulumi.dev.yaml, and its name says it is a credential. Hint: rotate it (it is in git history now), then remove the key (pulumi config rm datadog:api_key -s dev); a credential goes only in a key this stack reads, encrypted: pulumi config set --secret <key> <new value> -s dev.",
      'Stack "dev", key datadog:api_key: is not read by this stack: it configures the datadog provider itself, from datadog:apiKey, datadog:appKey, datadog:apiUrl and operator-wiring:* keys. Hint: did you mean datadog:apiKey? Rename or remove the key.',
    ]);
  });

  it("is not refused when encrypted", () => {
    const raw = rawConfig("dev", {}, { values: { "pagerduty:userToken": credentialCanaries.pagerdutyUserToken.value }, secretKeys: ["pagerduty:userToken"] });
    expect(messages(raw)).toEqual([]);
  });
});

describe("a credential of any shape in any plain key", () => {
  const places: [string, (value: string) => RawStackConfig, string][] = [
    ["a service description", (v) => rawConfig("dev", { services: [{ ...validService, description: v }] }), "operator-wiring:services[0].description"],
    ["a project setting", (v) => rawConfig("dev", { splunkTokenName: v }), "operator-wiring:splunkTokenName"],
    ["a provider setting", (v) => rawConfig("dev", {}, { values: { "pagerduty:serviceRegion": v } }), "pagerduty:serviceRegion"],
    ["a list item", (v) => rawConfig("dev", { pagerdutySchedules: [v] }), "operator-wiring:pagerdutySchedules[0]"],
  ];

  for (const [name, canary] of Object.entries(credentialCanaries)) {
    it.each(places)(`is refused and never quoted: ${name} in %s`, (_place, build, key) => {
      const all = messages(build(canary.value));
      expect(all).toContain(
        `Stack "dev", key ${key}: contains ${canary.what} in plain text in Pulumi.dev.yaml. Hint: remove it and rotate it (it is in git history now); a credential goes only in a key the stack reads, encrypted (pulumi config set --secret <key> <new value> -s dev), or in .env.local for verify.`,
      );
      for (const secret of canarySecrets) expect(all.join("\n")).not.toContain(secret);
    });
  }

  it("is refused when pasted as a key, and the key is not shown", () => {
    const raw = rawConfig("dev", { services: [{ ...validService, [credentialCanaries.slackBotToken.value]: "x" }] });
    const all = messages(raw);
    expect(all[0]).toBe(
      'Stack "dev", key operator-wiring:services[0].(a key that looks like a credential, not shown): contains a Slack token (xox…) in plain text in Pulumi.dev.yaml. Hint: remove it and rotate it (it is in git history now); a credential goes only in a key the stack reads, encrypted (pulumi config set --secret <key> <new value> -s dev), or in .env.local for verify.',
    );
    for (const secret of canarySecrets) expect(all.join("\n")).not.toContain(secret);
  });
});
