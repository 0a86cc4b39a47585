import { describe, expect, it } from "vitest";
import type { RawStackConfig } from "../config/checkCredentials";
import { parseStackConfig } from "../config/parseStackConfig";
import { formatConfigProblem } from "../config/stackConfigError";
import { rawConfig } from "./support/rawConfig";

const mockUrls = {
  pagerduty: "http://127.0.0.1:4801",
  datadog: "http://127.0.0.1:4802/",
  sentry: "http://127.0.0.1:4803",
  opsgenie: "http://localhost:4804",
  splunkHec: "http://127.0.0.1:4805",
  splunkManagement: "http://[::1]:4806",
};
const endpointsKey = "operator-wiring:rehearsalEndpoints";
const hint = "Hint: it is written by npm run rehearse, which starts the mock endpoints on this machine; remove the key from any other stack.";

/** A staging-like stack: Sentry, Opsgenie and a Splunk token it creates, all on https. */
function stagingLike(stack: string, endpoints: unknown, environment = "staging"): RawStackConfig {
  return rawConfig(
    stack,
    {
      environment,
      sentryOrganization: "example-org",
      services: [{ name: "Payments Worker", sentry: { project: "payments-worker" }, opsgenie: { team: "Payments" }, escalationPolicy: { existing: { name: "Payments On-call" } } }],
      splunkHecUrl: "https://splunk.example.com:8088",
      splunkManagementUrl: "https://splunk.example.com:8089",
    },
    {
      values: endpoints === undefined ? {} : { [endpointsKey]: typeof endpoints === "string" ? endpoints : JSON.stringify(endpoints) },
      env: { SENTRY_AUTH_TOKEN: "sntryu_canary", OPSGENIE_ACCOUNT_API_KEY: "canary-opsgenie", SPLUNK_MGMT_TOKEN: "canary-splunk" },
    },
  );
}

function messages(raw: RawStackConfig): string[] {
  const result = parseStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => formatConfigProblem(raw.stack, p));
}

describe("rehearsal endpoints", () => {
  it("point every vendor URL of a rehearsal stack at the mocks", () => {
    const result = parseStackConfig(stagingLike("rehearsal-staging", mockUrls));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    const { settings } = result;
    expect({
      pagerduty: settings.pagerduty.apiUrl,
      datadog: settings.datadog.apiUrl,
      intake: settings.datadog.sentryIntakeUrl,
      sentry: settings.sentry?.apiUrl,
      opsgenie: [settings.opsgenie?.apiUrl, settings.opsgenie?.hosts],
      splunk: [settings.splunk?.hecUrl, settings.splunk && "create" in settings.splunk.token ? settings.splunk.token.create.managementUrl : undefined],
    }).toEqual({
      pagerduty: "http://127.0.0.1:4801",
      datadog: "http://127.0.0.1:4802/",
      intake: "http://127.0.0.1:4802/intake/webhook/sentry",
      sentry: "http://127.0.0.1:4803/api/0",
      opsgenie: ["http://localhost:4804", { us: "http://localhost:4804", eu: "http://localhost:4804" }],
      splunk: ["http://127.0.0.1:4805", "http://[::1]:4806"],
    });
  });

  it("leave the vendors' own URLs in place without the key", () => {
    const result = parseStackConfig(stagingLike("staging", undefined));
    if (!result.ok) throw new Error(JSON.stringify(result.problems));
    expect([result.settings.pagerduty.apiUrl, result.settings.datadog.apiUrl, result.settings.opsgenie?.apiUrl, result.settings.rehearsalEndpoints]).toEqual([
      undefined,
      "https://api.datadoghq.com/",
      "https://api.opsgenie.com",
      undefined,
    ]);
  });

  it.each(["staging", "prod", "dev", "rehearsal", "rehearsal-qa", "Rehearsal-staging"])("are refused in a stack named %s", (stack) => {
    // A stack named after an environment must be that environment (a rule of its own).
    const environment = ["dev", "prod"].includes(stack) ? stack : "staging";
    expect(messages(stagingLike(stack, mockUrls, environment))).toEqual([
      `Stack "${stack}", key ${endpointsKey}: is set, but only a rehearsal stack (rehearsal-dev, rehearsal-staging, rehearsal-prod) may point the providers at other endpoints than the vendors'. Hint: remove it: pulumi config rm ${endpointsKey} -s ${stack}.`,
    ]);
  });

  it.each([
    ["a real vendor host", { ...mockUrls, sentry: "https://sentry.io" }, "sentry", '"https://sentry.io"'],
    ["a host on the network", { ...mockUrls, datadog: "http://10.0.0.5:4802" }, "datadog", '"http://10.0.0.5:4802"'],
    ["a loopback look-alike", { ...mockUrls, opsgenie: "http://127.0.0.1.example.com:4804" }, "opsgenie", '"http://127.0.0.1.example.com:4804"'],
    ["another scheme", { ...mockUrls, splunkHec: "file://127.0.0.1/tmp/x" }, "splunkHec", '"file://127.0.0.1/tmp/x"'],
    ["no URL at all", { ...mockUrls, pagerduty: "127.0.0.1:4801" }, "pagerduty", '"127.0.0.1:4801"'],
  ])("refuse %s", (_, endpoints, service, shown) => {
    expect(messages(stagingLike("rehearsal-staging", endpoints))).toEqual([
      `Stack "rehearsal-staging", key ${endpointsKey}.${service}: is ${shown}, which is not a URL on this machine's loopback. ${hint}`,
    ]);
  });

  it.each([
    ["a service missing", { ...mockUrls, splunkManagement: undefined }],
    ["an unknown service", { ...mockUrls, slack: "http://127.0.0.1:4807" }],
    ["a list", Object.values(mockUrls)],
  ])("refuse %s", (_, endpoints) => {
    expect(messages(stagingLike("rehearsal-staging", endpoints))).toEqual([
      `Stack "rehearsal-staging", key ${endpointsKey}: must give exactly pagerduty, datadog, sentry, opsgenie, splunkHec, splunkManagement, each a URL. ${hint}`,
    ]);
  });

  it("refuse text that is not JSON", () => {
    expect(messages(stagingLike("rehearsal-staging", "pagerduty=http://127.0.0.1:1"))).toEqual([`Stack "rehearsal-staging", key ${endpointsKey}: is not a JSON object. ${hint}`]);
  });

  it("do not lift what the committed configuration refuses: http Splunk outside dev", () => {
    const raw = stagingLike("rehearsal-staging", mockUrls);
    const httpSplunk = { ...raw, values: { ...raw.values, "operator-wiring:splunkHecUrl": "http://splunk.example.com:8088" } };
    expect(messages(httpSplunk)).toEqual([
      'Stack "rehearsal-staging", key operator-wiring:splunkHecUrl: uses http; outside dev Splunk must be reached over https. Hint: set it to the HEC base URL, e.g. https://splunk.example.com:8088.',
    ]);
  });
});
