import type { SentrySettings } from "../config/stackSettings";

/** An installed organization integration, as alert actions name it. */
export interface SentryIntegrationRef {
  /** The integration's id (digits): an action's `integrationId`. */
  id: string;
  /** The name Sentry shows (PagerDuty account, Slack workspace, Opsgenie account). */
  name: string;
}

/** What the stack needs to know about the Sentry organization before it declares anything. */
export interface SentryOrganizationFacts {
  pagerduty: SentryIntegrationRef[];
  opsgenie: SentryIntegrationRef[];
  slack: SentryIntegrationRef[];
  /** Whether Sentry offers this organization a Datadog integration provider (the runbook's step 1). */
  datadogProviderAvailable: boolean;
}

/**
 * Answers what a Sentry organization has installed. The program asks once, at preview and at
 * deploy alike, before declaring anything; the offline plan gives its own labelled answer.
 */
export type SentryOrganizationLookup = (stack: string, sentry: SentrySettings) => Promise<SentryOrganizationFacts>;
