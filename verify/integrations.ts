/** The integrations verify probes, in the operator checklist's order (easiest first). */
export const integrations = ["slack", "sentry", "pagerduty", "opsgenie", "datadog", "splunk"] as const;
export type Integration = (typeof integrations)[number];

export const integrationTitles: Record<Integration, string> = {
  slack: "Slack",
  sentry: "Sentry",
  pagerduty: "PagerDuty",
  opsgenie: "Opsgenie",
  datadog: "Datadog",
  splunk: "Splunk",
};

export function isIntegration(value: string): value is Integration {
  return (integrations as readonly string[]).includes(value);
}
