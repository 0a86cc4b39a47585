import type { Integration } from "../integrations";
import type { ProbeMode } from "../mode";
import type { EnvValues } from "./envSources";
import { mockBaseUrl, mockCredentials } from "./mockDefaults";
import type { SplunkSearch } from "../probes/splunk/countRunEvents";

export interface SlackInputs {
  /** One incoming webhook per channel (Slack fixes the channel by the webhook); each gets the test message. */
  webhookUrls: string[];
}
export interface SentryInputs {
  dsn: string;
  environment: string;
  /** The management API, for read-back and wiring checks; only when a token is given. */
  api?: { url: string; token: string; org: string };
}
export interface PagerDutyInputs {
  eventsUrl: string;
  routingKey: string;
  /** The REST API, to see the incident open and resolve; only when a token is given. */
  api?: { url: string; token: string };
}
export interface OpsgenieInputs {
  apiUrl: string;
  apiKey: string;
  /** Responder team of the test alert. */
  team?: string;
}
export interface DatadogInputs {
  apiUrl: string;
  site: string;
  apiKey: string;
  appKey?: string;
}
export interface SplunkInputs {
  /** Base URL, e.g. `https://splunk.example.com:8088`. */
  hecUrl: string;
  token: string;
  index?: string;
  insecure: boolean;
  /** Splunk's search (management port and a search token), to find the event when HEC gives no acknowledgment. */
  search?: SplunkSearch;
}

export interface InputsByIntegration {
  slack: SlackInputs;
  sentry: SentryInputs;
  pagerduty: PagerDutyInputs;
  opsgenie: OpsgenieInputs;
  datadog: DatadogInputs;
  splunk: SplunkInputs;
}

/** A missing or malformed input, named by its variable. */
export interface InputProblem {
  variable: string;
  problem: string;
  hint: string;
}

/** Reads one integration's inputs; pushes what is missing or wrong into `problems`. */
export type InputReader<N extends Integration> = (env: EnvValues, mode: ProbeMode, problems: InputProblem[]) => InputsByIntegration[N] | undefined;

/** A required variable, or a problem naming it with where to get it. */
export function required(env: EnvValues, variable: string, where: string, problems: InputProblem[]): string | undefined {
  const value = env[variable]?.trim();
  if (value) return value;
  problems.push({ variable, problem: "is not set.", hint: `${where} Put it in .env.local (see .env.example) or export it.` });
  return undefined;
}

/** Mock-mode inputs: the mocks' addresses and fake credentials, whatever the environment holds. */
export function mockInputs(env: EnvValues): InputsByIntegration {
  const sentry = new URL(mockBaseUrl("sentry", env));
  return {
    slack: { webhookUrls: [`${mockBaseUrl("slack", env)}${mockCredentials.slackWebhookPath}`] },
    sentry: {
      dsn: `${sentry.protocol}//${mockCredentials.sentryPublicKey}@${sentry.host}/${mockCredentials.sentryProjectId}`,
      environment: "verify",
      // A user token's shape (sntryu_ + 64 hex); an org token would need a signed payload.
      api: { url: `${mockBaseUrl("sentry", env)}/api/0`, token: `sntryu_${"0".repeat(64)}`, org: "mock-org" },
    },
    pagerduty: {
      eventsUrl: mockBaseUrl("pagerduty", env),
      routingKey: mockCredentials.pagerdutyRoutingKey,
      api: { url: mockBaseUrl("pagerduty", env), token: mockCredentials.pagerdutyApiToken },
    },
    opsgenie: { apiUrl: mockBaseUrl("opsgenie", env), apiKey: mockCredentials.opsgenieApiKey, team: env.OPSGENIE_TEAM },
    datadog: { apiUrl: mockBaseUrl("datadog", env), site: "datadoghq.com", apiKey: mockCredentials.datadogApiKey, appKey: mockCredentials.datadogAppKey },
    splunk: { hecUrl: mockBaseUrl("splunk", env), token: mockCredentials.splunkHecToken, index: env.SPLUNK_HEC_INDEX, insecure: false },
  };
}
