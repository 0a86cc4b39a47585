/**
 * Provider credentials as `pulumi config set --secret` would pass them. The values are
 * canaries: a test fails if any of them shows up in a message or a plain output.
 */
export const testCredentials = {
  "pagerduty:token": "canary-pagerduty-token",
  "datadog:apiKey": "canary-datadog-api-key",
  "datadog:appKey": "canary-datadog-app-key",
};
