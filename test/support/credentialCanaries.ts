/**
 * One made-up credential of every shape the six vendors issue, each with the label the
 * program must give it. None is real; each is unique, so a test can look for it anywhere
 * (stdout, stderr, logs, reports, a server's request log) and fail if it shows up.
 */
export const credentialCanaries = {
  slackWebhook: { value: "https://hooks.slack.com/services/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", what: "a Slack webhook URL" },
  slackWorkflowWebhook: { value: "https://hooks.slack.com/workflows/T0CANARY1/A0CANARY1/123456789/c4n4ryW0rkfl0wS3cr3t", what: "a Slack webhook URL" },
  slackBotToken: { value: "xoxb-1234567890-0987654321-c4n4ryB0tT0k3nXyZ", what: "a Slack token (xox…)" },
  slackUserToken: { value: "xoxp-1234567890-0987654321-1122334455-c4n4ryUs3rT0k3n", what: "a Slack token (xox…)" },
  sentryDsn: { value: "https://c4a7e0d1b2c3d4e5f60718293a4b5c6d@o123456.ingest.us.sentry.io/4501234", what: "a Sentry DSN" },
  sentryUserToken: { value: "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", what: "a Sentry user auth token (sntryu_…)" },
  sentryOrgToken: { value: "sntrys_eyJpYXQiOjE3MDAwMDAwMDAsInVybCI6Imh0dHBzOi8vc2VudHJ5LmlvIn0_c4n4ryOrgT0k3nS3cr3tAbCdEf", what: "a Sentry organization auth token (sntrys_…)" },
  sentryLegacyToken: { value: "c4a7e0d1b2c3d4e5f60718293a4b5c6dc4a7e0d1b2c3d4e5f60718293a4b5c6e", what: "a Sentry auth token (64 hex characters)" },
  pagerdutyRestKey: { value: "c4_NrAkKy66qYTWbXzEu", what: "a PagerDuty REST API key (20 characters)" },
  pagerdutyUserToken: { value: "u+c4n4ryUs3rT0k3nXyZw", what: "a PagerDuty user API token (u+…)" },
  pagerdutyRoutingKey: { value: "R0CANARY4ROUTINGKEYXYZ1234567890", what: "a PagerDuty routing key (32 letters and digits)" },
  datadogApiKey: { value: "0c4a7e0d1b2c3d4e5f60718293a4b5c6", what: "a 32-character key (a Datadog API key or a PagerDuty routing key)" },
  datadogAppKey: { value: "0c4a7e0d1b2c3d4e5f60718293a4b5c6d7e8f901", what: "a Datadog application key (40 hex characters)" },
  datadogClientToken: { value: "pub0c4a7e0d1b2c3d4e5f60718293a4b5c6", what: "a Datadog client token (pub…)" },
  opsgenieKey: { value: "c4a7e0d1-b2c3-4d4e-8f60-718293a4b5c6", what: "a UUID-shaped key (an Opsgenie API key or a Splunk HEC token)" },
  splunkHecToken: { value: "0c4a7e0d-1b2c-4d4e-9f60-718293a4b5c7", what: "a UUID-shaped key (an Opsgenie API key or a Splunk HEC token)" },
  splunkManagementToken: {
    value: "eyJraWQiOiJzcGx1bmsuc2VjcmV0IiwiYWxnIjoiSFM1MTIifQ.eyJpc3MiOiJjYW5hcnkiLCJzdWIiOiJhZG1pbiJ9.c4n4ryS1gn4tur3AbCdEfGhIjKlMn",
    what: "a Splunk management token (a JWT)",
  },
  urlWithPassword: { value: "https://admin:c4n4ryP4ssw0rd@splunk.example.com:8089", what: "a URL with a password in it" },
} as const;

/** The secret part of each canary: what must never appear anywhere (a URL's host may). */
export const canarySecrets: string[] = [
  ...Object.values(credentialCanaries).map((c) => c.value),
  "c4n4ryW3bh00kS3cr3tXyZ12",
  "c4n4ryP4ssw0rd",
  "c4a7e0d1b2c3d4e5f60718293a4b5c6d",
];
