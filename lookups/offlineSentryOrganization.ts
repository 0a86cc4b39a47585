import type { SentryIntegrationRef, SentryOrganizationLookup } from "./sentryOrganization";

/**
 * The offline plan's answer: no Sentry to ask, so it assumes what the runbook found (PagerDuty
 * installed, no Datadog provider) plus Opsgenie and Slack, so every route shows. Ids are labelled
 * placeholders; the plan prints offlineSentryAssumption beside them.
 */
export const offlineSentryOrganization: SentryOrganizationLookup = async (_stack, sentry) => {
  // The configured PagerDuty integration name is taken as installed, so the plan never asks which.
  const assumed = (provider: string, name = `${provider} (assumed installed)`): SentryIntegrationRef[] => [
    { id: `(${provider} integration of "${sentry.organization}": looked up at preview)`, name },
  ];
  return { pagerduty: assumed("PagerDuty", sentry.pagerdutyIntegrationName), opsgenie: assumed("Opsgenie"), slack: assumed("Slack"), datadogProviderAvailable: false };
};

/** The assumptions behind offlineSentryOrganization, for the plan to print. */
export const offlineSentryAssumption =
  "Sentry was not asked (offline): the plan assumes the organization has the PagerDuty, Opsgenie and Slack integrations installed and no Datadog provider (the runbook's finding); pulumi preview looks them up.";
