import type { SentryOrganizationLookup } from "./sentryOrganization";

/**
 * The offline plan's answer: no Sentry to ask, so it assumes what the runbook found (PagerDuty
 * installed, no Datadog provider) plus Opsgenie and Slack, so every route shows. Ids are labelled
 * placeholders; the plan says these are assumptions.
 */
export const offlineSentryOrganization: SentryOrganizationLookup = async (_stack, sentry) => {
  const placeholder = (provider: string) => ({ id: `(${provider} integration of "${sentry.organization}": looked up at preview)`, name: sentry.pagerdutyIntegrationName && provider === "PagerDuty" ? sentry.pagerdutyIntegrationName : `${provider} (assumed installed)` });
  return { pagerduty: [placeholder("PagerDuty")], opsgenie: [placeholder("Opsgenie")], slack: [placeholder("Slack")], datadogProviderAvailable: false };
};

/** The assumptions behind offlineSentryOrganization, for the plan to print. */
export const offlineSentryAssumption =
  "Sentry was not asked (offline): the plan assumes the organization has the PagerDuty, Opsgenie and Slack integrations installed and no Datadog provider (the runbook's finding); pulumi preview looks them up.";
