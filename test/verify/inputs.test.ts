import { describe, expect, it } from "vitest";
import { mockServices } from "../../mock-endpoints/services";
import { mergeEnv } from "../../verify/inputs/envSources";
import { mockCredentials, mockPorts } from "../../verify/inputs/mockDefaults";
import { InputsError, resolveInputs } from "../../verify/inputs/resolveInputs";
import { integrations } from "../../verify/integrations";
import { parseMode } from "../../verify/mode";
import { Redactor } from "../../verify/redactor";

function problems(env: Record<string, string>, mode = "real_all", stack?: string): string[] {
  try {
    resolveInputs(integrations, parseMode(mode), env, new Redactor(), stack);
    return [];
  } catch (error) {
    if (!(error instanceof InputsError)) throw error;
    return error.problems.map((p) => `${p.variable} ${p.problem} Hint: ${p.hint}`);
  }
}

const realEnv = {
  SLACK_WEBHOOK_URL: `https://hooks.slack.com/services/T${"0".repeat(8)}/B${"0".repeat(8)}/${"x".repeat(24)}`,
  SENTRY_DSN: `https://${"a".repeat(32)}@o1.ingest.de.sentry.io/42`,
  PAGERDUTY_ROUTING_KEY: "r".repeat(32),
  OPSGENIE_API_KEY: "00000000-0000-4000-8000-000000000000",
  OPSGENIE_REGION: "eu",
  DD_API_KEY: "d".repeat(32),
  DD_SITE: "datadoghq.eu",
  SPLUNK_HEC_URL: "https://splunk.example.invalid:8088/services/collector",
  SPLUNK_HEC_TOKEN: "00000000-0000-4000-8000-000000000001",
};

describe("verify inputs", () => {
  it("in mock mode uses the mocks' addresses and fake keys, whatever the environment holds", () => {
    const inputs = resolveInputs(integrations, parseMode("mock"), realEnv, new Redactor(), undefined);
    expect(inputs.pagerduty?.eventsUrl).toBe("http://127.0.0.1:4813");
    expect(inputs.pagerduty?.routingKey).not.toBe(realEnv.PAGERDUTY_ROUTING_KEY);
    expect(inputs.slack?.webhookUrls).toEqual([`http://127.0.0.1:4811${mockCredentials.slackWebhookPath}`]);
  });

  it("expects the mocks on the ports the mocks use", () => {
    for (const name of integrations) expect([name, mockPorts[name]]).toEqual([name, mockServices[name].defaultPort]);
  });

  it("derives real URLs from regions and sites", () => {
    const inputs = resolveInputs(integrations, parseMode("real_all"), realEnv, new Redactor(), undefined);
    expect([inputs.pagerduty?.eventsUrl, inputs.opsgenie?.apiUrl, inputs.datadog?.apiUrl, inputs.splunk?.hecUrl]).toEqual([
      "https://events.pagerduty.com",
      "https://api.eu.opsgenie.com",
      "https://api.datadoghq.eu",
      "https://splunk.example.invalid:8088",
    ]);
  });

  it("names every missing input at once, with where to get it", () => {
    expect(problems({})).toEqual([
      "SLACK_WEBHOOK_URL is not set. Hint: In Slack: App Directory → Incoming Webhooks → Add to channel, copy the URL. Put it in .env.local (see .env.example) or export it.",
      "SENTRY_DSN is not set. Hint: In Sentry: Project → Settings → Client Keys (DSN). Put it in .env.local (see .env.example) or export it.",
      "PAGERDUTY_ROUTING_KEY is not set. Hint: In PagerDuty: Service → Integrations → Events API v2, the Integration Key (or --stack to read it from the stack). Put it in .env.local (see .env.example) or export it.",
      "OPSGENIE_API_KEY is not set. Hint: In Opsgenie: Teams → <team> → Integrations → API, the API Key. Put it in .env.local (see .env.example) or export it.",
      "DD_API_KEY is not set. Hint: In Datadog: Organization Settings → API Keys. Put it in .env.local (see .env.example) or export it.",
      "SPLUNK_HEC_URL is not set. Hint: Ask the Splunk admins for the HEC URL (often https://<host>:8088). Put it in .env.local (see .env.example) or export it.",
      "SPLUNK_HEC_TOKEN is not set. Hint: In Splunk: Settings → Data Inputs → HTTP Event Collector → New Token. Put it in .env.local (see .env.example) or export it.",
    ]);
  });

  it("only asks for what the real integrations in scope need", () => {
    expect(problems({}, "real_slack")).toEqual([expect.stringMatching(/^SLACK_WEBHOOK_URL is not set/)]);
  });

  it.each([
    [{ PAGERDUTY_ROUTING_KEY: "short" }, 'PAGERDUTY_ROUTING_KEY is not 32 letters and digits. Hint: use the Events API v2 Integration Key, not the REST API token.'],
    [{ DD_SITE: "datadoghq.co" }, 'DD_SITE is "datadoghq.co", not a Datadog site. Hint: read it from your Datadog URL: one of datadoghq.com, us3.datadoghq.com, us5.datadoghq.com, datadoghq.eu, ap1.datadoghq.com, ap2.datadoghq.com, ddog-gov.com.'],
    [{ OPSGENIE_REGION: "de" }, 'OPSGENIE_REGION is "de", not "us" or "eu". Hint: use the region of the account\'s URL (eu for *.eu.* hosts).'],
    [{ SENTRY_DSN: "https://sentry.io/42" }, "SENTRY_DSN is not a Sentry DSN. Hint: it looks like https://<32 hex>@o<org>.ingest.us.sentry.io/<project id> (EU: ingest.de.sentry.io)."],
    [{ SLACK_WEBHOOK_URL: "https://example.com/hook" }, "SLACK_WEBHOOK_URL is not a Slack incoming-webhook URL. Hint: it looks like https://hooks.slack.com/services/T…/B…/…; copy it again from the Slack app (several: separate them with spaces or commas)."],
    [
      { SLACK_WEBHOOK_URL: `${"https://hooks.slack.com/services/T0AAAAAAA/B0AAAAAAA/" + "x".repeat(24)}, #alerts` },
      "SLACK_WEBHOOK_URL is not a Slack incoming-webhook URL (webhook 2 of 2). Hint: it looks like https://hooks.slack.com/services/T…/B…/…; copy it again from the Slack app (several: separate them with spaces or commas).",
    ],
  ])("refuses a malformed input %j", (override, expected) => {
    expect(problems({ ...realEnv, ...override })).toEqual([expected]);
  });

  it("refuses skipping TLS verification outside dev", () => {
    expect(problems({ ...realEnv, SPLUNK_HEC_INSECURE: "1" }, "real_all", "prod")).toEqual([
      'SPLUNK_HEC_INSECURE skips TLS verification, which is allowed only for the dev stack (this is "prod"). Hint: install the HEC\'s CA certificate (NODE_EXTRA_CA_CERTS=<file>) and unset SPLUNK_HEC_INSECURE.',
    ]);
    expect(problems({ ...realEnv, SPLUNK_HEC_INSECURE: "1" }, "real_all", "dev")).toEqual([]);
  });

  it("takes Splunk's search credential, both variables or neither, and registers the search token as a secret", () => {
    const search = { SPLUNK_SEARCH_URL: "https://splunk.example.invalid:8089/", SPLUNK_SEARCH_TOKEN: "search-token-0123456789abcdef" };
    const redactor = new Redactor();
    const inputs = resolveInputs(integrations, parseMode("real_splunk"), { ...realEnv, ...search }, redactor, undefined);
    expect(inputs.splunk?.search).toEqual({ url: "https://splunk.example.invalid:8089", token: "search-token-0123456789abcdef" });
    expect(redactor.redact(`Bearer ${search.SPLUNK_SEARCH_TOKEN}`)).not.toContain(search.SPLUNK_SEARCH_TOKEN);
    expect(resolveInputs(integrations, parseMode("real_splunk"), realEnv, new Redactor(), undefined).splunk?.search).toBeUndefined();

    expect(problems({ ...realEnv, SPLUNK_SEARCH_URL: search.SPLUNK_SEARCH_URL })).toEqual([
      "SPLUNK_SEARCH_TOKEN is not set, but SPLUNK_SEARCH_URL is: verify searches Splunk with both or neither. Hint: set SPLUNK_SEARCH_URL to the management port (https://<host>:8089) and SPLUNK_SEARCH_TOKEN to a token allowed to search the HEC index, or unset both.",
    ]);
    expect(problems({ ...realEnv, SPLUNK_SEARCH_TOKEN: search.SPLUNK_SEARCH_TOKEN })).toEqual([
      "SPLUNK_SEARCH_URL is not set, but SPLUNK_SEARCH_TOKEN is: verify searches Splunk with both or neither. Hint: set SPLUNK_SEARCH_URL to the management port (https://<host>:8089) and SPLUNK_SEARCH_TOKEN to a token allowed to search the HEC index, or unset both.",
    ]);
    expect(problems({ ...realEnv, ...search, SPLUNK_SEARCH_URL: "splunk:8089" })).toEqual([
      "SPLUNK_SEARCH_URL is not a URL. Hint: use the management port, https://<host>:8089 (not the HEC port).",
    ]);
  });

  it("takes the environment over stack outputs over .env.local", () => {
    expect(mergeEnv({ A: "env" }, { A: "stack", B: "stack" }, { A: "file", B: "file", C: "file" })).toEqual({ A: "env", B: "stack", C: "file" });
  });

  it("takes one webhook per channel, separated by spaces or commas, and registers each as a secret", () => {
    const first = `https://hooks.slack.com/services/T0AAAAAAA/B0AAAAAAA/${"f".repeat(24)}`;
    const second = `https://hooks.slack.com/services/T0AAAAAAA/B0BBBBBBB/${"s".repeat(24)}`;
    const redactor = new Redactor();
    const inputs = resolveInputs(integrations, parseMode("real_slack"), { SLACK_WEBHOOK_URL: ` ${first},\n${second} ` }, redactor, undefined);
    expect(inputs.slack?.webhookUrls).toEqual([first, second]);
    expect(redactor.redact(`${first} ${second}`)).not.toMatch(/hooks\.slack\.com\/services\/T/);
  });

  it("registers every credential with the redactor", () => {
    const redactor = new Redactor();
    resolveInputs(integrations, parseMode("real_all"), realEnv, redactor, undefined);
    const printed = redactor.redact(Object.values(realEnv).join(" "));
    for (const secret of [realEnv.SLACK_WEBHOOK_URL, realEnv.PAGERDUTY_ROUTING_KEY, realEnv.OPSGENIE_API_KEY, realEnv.DD_API_KEY, realEnv.SPLUNK_HEC_TOKEN, "a".repeat(32)]) {
      expect(printed).not.toContain(secret);
    }
  });
});
