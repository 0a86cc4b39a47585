import { describe, expect, it } from "vitest";
import type { RawStackConfig } from "../config/checkCredentials";
import { parseStackConfig } from "../config/parseStackConfig";
import { formatConfigProblem } from "../config/stackConfigError";
import { rawConfig, validService } from "./support/rawConfig";

function messages(raw: RawStackConfig): string[] {
  const result = parseStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => formatConfigProblem(raw.stack, p));
}

const splunk = { splunkHecUrl: "https://splunk.example.com:8088", splunkManagementUrl: "https://splunk.example.com:8089" };
const splunkEnv = { env: { SPLUNK_MGMT_TOKEN: "x" } };
const sentry = (fields: object) => rawConfig("dev", { sentryOrganization: "acme", services: [{ ...validService, sentry: { project: "checkout-api", ...fields } }] }, { env: { SENTRY_AUTH_TOKEN: "t" } });
const indexHint = "give the index events go to, e.g. main.";
const sentryEnvironment = (shown: string) =>
  `Stack "dev", key operator-wiring:services[0].sentry.environment: is ${shown}, which Sentry cannot name an environment: at most 64 characters, no spaces, slashes or line breaks, and not "None". Hint: give the environment exactly as Sentry's issue stream lists it, e.g. production.`;

describe("limits the vendors and the dynamic providers check at preview, checked offline", () => {
  it.each([
    [
      "an Opsgenie team name over 100 characters",
      rawConfig("dev", { services: [{ ...validService, opsgenie: { team: "T".repeat(101) } }] }, { env: { OPSGENIE_ACCOUNT_API_KEY: "k" } }),
      ['Stack "dev", key operator-wiring:services[0].opsgenie.team: is 101 characters long; Opsgenie allows at most 100 in a team name. Hint: give the Opsgenie team\'s name exactly as Opsgenie shows it (at most 100 characters).'],
    ],
    [
      "a Splunk index with a space",
      rawConfig("dev", { ...splunk, splunkIndex: "ops logs", splunkAllowedIndexes: ["ops logs"] }, splunkEnv),
      [
        `Stack "dev", key operator-wiring:splunkIndex: is "ops logs", which cannot name a Splunk index (empty, or with spaces or commas). Hint: ${indexHint}`,
        `Stack "dev", key operator-wiring:splunkAllowedIndexes[0]: is "ops logs", which cannot name a Splunk index (empty, or with spaces or commas). Hint: ${indexHint}`,
      ],
    ],
    [
      "allowed Splunk indexes written as one comma-separated item",
      rawConfig("dev", { ...splunk, splunkIndex: "ops", splunkAllowedIndexes: ["ops,main"] }, splunkEnv),
      [
        `Stack "dev", key operator-wiring:splunkAllowedIndexes[0]: is "ops,main", which cannot name a Splunk index (empty, or with spaces or commas). Hint: ${indexHint}`,
        'Stack "dev", key operator-wiring:splunkAllowedIndexes: does not include operator-wiring:splunkIndex "ops". Hint: list the indexes the token may write to; it must include operator-wiring:splunkIndex.',
      ],
    ],
    [
      "a Splunk management URL with a query string",
      rawConfig("dev", { ...splunk, splunkManagementUrl: "https://splunk.example.com:8089/?output_mode=json" }, splunkEnv),
      ['Stack "dev", key operator-wiring:splunkManagementUrl: has a query string or fragment, which Splunk\'s endpoints do not take. Hint: set it to the management URL, e.g. https://splunk.example.com:8089 (self-managed Splunk).'],
    ],
    ["a Sentry environment with a space", sentry({ environment: "pre prod" }), [sentryEnvironment('"pre prod"')]],
    ["a Sentry environment with a slash", sentry({ environment: "prod/eu" }), [sentryEnvironment('"prod/eu"')]],
    ["a Sentry environment of 65 characters", sentry({ environment: "x".repeat(65) }), [sentryEnvironment(`"${"x".repeat(60)}…"`)]],
    ["the Sentry environment None", sentry({ environment: "None" }), [sentryEnvironment('"None"')]],
  ])("refuses %s", (_name, raw, expected) => {
    expect(messages(raw)).toEqual(expected);
  });

  it("accepts the longest names the limits allow", () => {
    expect(messages(rawConfig("dev", { services: [{ ...validService, opsgenie: { team: "T".repeat(100) } }] }, { env: { OPSGENIE_ACCOUNT_API_KEY: "k" } }))).toEqual([]);
    expect(messages(sentry({ environment: "x".repeat(64) }))).toEqual([]);
  });
});

describe("URLs a person can fix", () => {
  it.each([
    [
      "a Splunk HEC URL without a scheme",
      rawConfig("dev", { ...splunk, splunkHecUrl: "splunk.example.com:8088" }, splunkEnv),
      'Stack "dev", key operator-wiring:splunkHecUrl: is "splunk.example.com:8088", a URL without a scheme. Hint: write it with https:// in front; set it to the HEC base URL, e.g. https://splunk.example.com:8088.',
    ],
    [
      "a Sentry API URL without a scheme",
      rawConfig("dev", { sentryOrganization: "acme", sentryApiUrl: "de.sentry.io/api/0" }, { env: { SENTRY_AUTH_TOKEN: "t" } }),
      'Stack "dev", key operator-wiring:sentryApiUrl: is "de.sentry.io/api/0", a URL without a scheme. Hint: write it with https:// in front; give Sentry\'s web API base ending in /api/0: https://sentry.io/api/0, https://de.sentry.io/api/0, or https://<self-hosted>/api/0.',
    ],
    [
      "a PagerDuty schedule URL without a scheme",
      rawConfig("prod", { manageDatadogPagerdutyIntegration: true, pagerdutySubdomain: "acme", pagerdutySchedules: ["acme.pagerduty.com/schedules#P1ABCDE"] }),
      'Stack "prod", key operator-wiring:pagerdutySchedules[0]: is "acme.pagerduty.com/schedules#P1ABCDE", a URL without a scheme. Hint: list PagerDuty schedule URLs, e.g. ["https://acme.pagerduty.com/schedules#P1ABCDE"].',
    ],
    [
      "a Splunk management URL that is no URL",
      rawConfig("dev", { ...splunk, splunkManagementUrl: "the splunk box" }, splunkEnv),
      'Stack "dev", key operator-wiring:splunkManagementUrl: is "the splunk box", which is not a URL. Hint: give the whole URL, starting with https://; set it to the management URL, e.g. https://splunk.example.com:8089 (self-managed Splunk).',
    ],
  ])("calls %s what it is", (_name, raw, expected) => {
    expect(messages(raw)).toEqual([expected]);
  });

  it("shows invisible characters in a value escaped", () => {
    expect(messages(rawConfig("dev", { services: [{ ...validService, name: "Checkout\u00a0API" }] }))).toEqual([
      'Stack "dev", key operator-wiring:services[0].name: "Checkout\\u00a0API" would make an ambiguous Datadog handle: only letters, digits, single spaces, ".", "_" and "-" survive in @pagerduty-… handles, and the name must start and end with a letter or digit. Hint: rename the service using only those characters.',
    ]);
    expect(messages(rawConfig("dev", { datadogSite: "datadoghq.com\u200b" }))[0]).toContain('is "datadoghq.com\\u200b", which is not an allowed value.');
  });
});
