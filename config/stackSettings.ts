import type { SecretValue } from "./secretValue";
import type { DatadogSite, PagerDutyRegion } from "./regions";
import type { Environment, EscalationRuleConfig, sentryAlertingModes, sentryFrequencies, sentryPagerdutyPriorities } from "./projectKeys";
import type { RehearsalEndpoints } from "./rehearsalEndpoints";

/** A validated stack configuration: what `index.ts` builds from. Nothing here is unchecked. */
export interface StackSettings {
  stack: string;
  environment: Environment;
  pagerduty: {
    region: PagerDutyRegion;
    /** Set only in a rehearsal stack: the PagerDuty mock, for the provider's apiUrlOverride. */
    apiUrl?: string;
    token: SecretValue;
    /** Raised by one to rotate every routing key (P12). */
    keyGeneration: number;
    /** Set when routes get PagerDuty Slack connections (P8): the connected workspace and a user-level token. */
    slack?: { workspaceId: string; userToken: SecretValue };
  };
  datadog: {
    site: DatadogSite;
    apiUrl: string;
    /** Datadog's Sentry intake (P6), where each project's Webhooks plugin posts. */
    sentryIntakeUrl: string;
    apiKey: SecretValue;
    appKey: SecretValue;
    /** Set when this stack owns the org's single Datadog PagerDuty integration tile. */
    pagerdutyIntegration?: { subdomain: string; schedules: string[] };
  };
  /** False is the one-flag rollback: routing (mappings, monitors) is removed, keys stay. */
  routingEnabled: boolean;
  /** Validation monitors stay drafts unless a controlled incident test is under way. */
  monitorDraftStatus: "draft" | "published";
  /** Prod keeps credential-bearing resources on destroy, so apps using a key are not cut off. */
  retainCredentialsOnDelete: boolean;
  services: ServiceSettings[];
  /** Set when the stack wires Splunk (P9). */
  splunk?: SplunkSettings;
  /** Set when the stack wires Sentry (P5, P6). */
  sentry?: SentrySettings;
  /** Set only in a rehearsal stack (`npm run rehearse`): every vendor URL above points at these mocks. */
  rehearsalEndpoints?: RehearsalEndpoints;
  /** Set when any service routes to Opsgenie (P7). */
  opsgenie?: {
    region: "us" | "eu";
    /** The region's host (a loopback mock in a rehearsal stack). */
    apiUrl: "https://api.opsgenie.com" | "https://api.eu.opsgenie.com" | `http://${string}`;
    /** Both regions' hosts: the preview tells a key of the other region by asking there. */
    hosts: Record<"us" | "eu", string>;
    /** $OPSGENIE_ACCOUNT_API_KEY: checked against the region at preview (the dynamic resources read it themselves). */
    accountKey: SecretValue;
  };
}

export interface SentrySettings {
  organization: string;
  /** The web API base, ending in /api/0, without a trailing slash. */
  apiUrl: string;
  alerting: (typeof sentryAlertingModes)[number];
  /** Which installed PagerDuty integration to page through, when the organization has several. */
  pagerdutyIntegrationName?: string;
  /** $SENTRY_AUTH_TOKEN: the lookup and the @pulumiverse/sentry provider use it (the dynamic resources read it themselves). */
  token: SecretValue;
  /** P6 opt-in: forward each project's issues to Datadog through its Webhooks plugin. */
  datadogForwarding: boolean;
}

export interface ServiceSentrySettings {
  project: string;
  priority: (typeof sentryPagerdutyPriorities)[number];
  environment?: string;
  frequencyMinutes: (typeof sentryFrequencies)[number];
}

export interface SplunkSettings {
  hecUrl: string;
  index: string;
  allowedIndexes: string[];
  /** `create`: a token the stack owns, made on the management port; `existing`: adopted (Splunk Cloud). */
  token: { create: { managementUrl: string; name: string; insecureTls: boolean } } | { existing: SecretValue };
}

export interface ServiceSettings {
  /** Resource-name stem, unique in the stack. */
  slug: string;
  /** The name as configured, e.g. "Checkout API". */
  name: string;
  /** The PagerDuty service name, e.g. "Checkout API prod". */
  pagerdutyServiceName: string;
  description?: string;
  urgency: "high" | "low";
  escalationPolicy: { existing: { name: string } } | { create: { name: string; numLoops: number; rules: EscalationRuleConfig[] } };
  /** Datadog → Slack channel routes (P8), each with its `@slack-<account>-<channel>` handle. */
  slackRoutes: { account: string; channel: string; channelId?: string; handle: string }[];
  /** Sentry alerting for this service's project (P5), when the stack wires Sentry. */
  sentry?: ServiceSentrySettings;
  /** Opsgenie routing (P7): the team, and the Datadog service-object name whose handle monitors use. */
  opsgenie?: { team: string; adoptTeam: boolean; serviceObjectName: string };
}
