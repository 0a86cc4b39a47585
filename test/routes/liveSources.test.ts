import { describe, expect, it } from "vitest";
import { emptyInventory } from "../../routes/inventory";
import { liveSources } from "../../routes/live/liveSources";
import type { StackFacts } from "../../routes/stackFacts";
import { parseMode } from "../../verify/mode";

const facts = (environment: string, splunk: string): StackFacts => ({
  stack: environment,
  environment,
  controlledIncidentTest: false,
  sentry: { organization: "example-org", apiUrl: "https://sentry.io/api/0", alerting: "workflows", environments: [] },
  opsgenie: { region: "eu" },
  endpoints: { pagerduty: "https://api.pagerduty.com", datadog: "https://api.datadoghq.com/", sentry: "https://sentry.io/api/0", opsgenie: "https://api.eu.opsgenie.com", splunkManagement: splunk },
});
const stacks = [
  { facts: facts("staging", "https://splunk-staging.example.com:8089"), inventory: emptyInventory() },
  { facts: facts("prod", "https://splunk.example.com:8089"), inventory: { ...emptyInventory(), datadog: { ...emptyInventory().datadog, slackChannels: [{ account: "example-org", channel: "#checkout-alerts" }] } } },
];

describe("where the live map reads each vendor", () => {
  it("in mock mode: the mocks (OPERATOR_WIRING_MOCK_<NAME>_URL or the default ports) with fake keys, each account once", () => {
    const { sources, unread } = liveSources(stacks, parseMode("mock"), { OPERATOR_WIRING_MOCK_SENTRY_URL: "http://127.0.0.1:5812", DD_API_KEY: "a-real-key-never-sent-to-a-mock" });
    expect(unread).toEqual([]);
    expect([sources.pagerduty.map((p) => p.url), sources.sentry.map((s) => s.apiUrl), sources.splunk.map((s) => s.managementUrl)]).toEqual([
      ["http://127.0.0.1:4813"],
      ["http://127.0.0.1:5812/api/0"],
      ["http://127.0.0.1:4816"],
    ]);
    expect(sources.datadog).toEqual([{ apiUrl: "http://127.0.0.1:4815", apiKey: "0".repeat(32), appKey: "0".repeat(40), slackAccounts: ["example-org"] }]);
  });

  it("in real mode: each stack's own endpoints with the environment's credentials, and what lacks one named unread", () => {
    const env = { PAGERDUTY_API_TOKEN: "pd-token", SENTRY_AUTH_TOKEN: "sntryu_x", SPLUNK_MGMT_TOKEN: "splunk-token", DD_API_KEY: "dd-api" };
    const { sources, unread } = liveSources(stacks, parseMode("real_all"), env);
    expect([sources.pagerduty, sources.sentry.map((s) => [s.apiUrl, s.organization]), sources.splunk.map((s) => s.managementUrl)]).toEqual([
      [{ url: "https://api.pagerduty.com", token: "pd-token" }],
      [["https://sentry.io/api/0", "example-org"]],
      ["https://splunk-staging.example.com:8089", "https://splunk.example.com:8089"],
    ]);
    expect([sources.datadog, sources.opsgenie]).toEqual([[], []]);
    expect(unread).toEqual([
      { vendor: "datadog", reason: "set DD_APP_KEY or DATADOG_APP_KEY to read datadog (OPERATOR_WIRING_MODE makes it real)" },
      { vendor: "opsgenie", reason: "set OPSGENIE_ACCOUNT_API_KEY to read opsgenie (OPERATOR_WIRING_MODE makes it real)" },
    ]);
  });
});
