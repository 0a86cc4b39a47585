/**
 * The credentials a rehearsal stack runs with: fakes of each vendor's shape, so the mocks'
 * shape checks pass, and nothing a vendor would accept. The rehearsal's process and the CLI
 * it drives get these and no other vendor credential, so a real key in the user's
 * environment can never reach a mock (or, through a mistake, a vendor).
 */

import { mockCredentials } from "../verify/inputs/mockDefaults";

/** Stored in the rehearsal stack with `--secret`, as the README tells users to. */
export const rehearsalSecretConfig = {
  "pagerduty:token": "rehearsalmocktoken00",
  "datadog:apiKey": "0".repeat(32),
  "datadog:appKey": "0".repeat(40),
} as const;

/** Opsgenie account keys are UUIDs; the mock is seeded with this one as an account key. */
export const rehearsalOpsgenieAccountKey = "00000000-0000-4000-8000-00000000000a";

/** Read from the environment by the program and its dynamic providers (README, Deploying for real). */
export const rehearsalCredentialEnv = {
  SENTRY_AUTH_TOKEN: mockCredentials.sentryAuthToken,
  OPSGENIE_ACCOUNT_API_KEY: rehearsalOpsgenieAccountKey,
  SPLUNK_MGMT_TOKEN: "rehearsal-splunk-management-session",
  PAGERDUTY_USER_TOKEN: "rehearsalmockusertok",
} as const;

/** Every variable a vendor credential may come from: cleared, then set to the fakes above. */
const vendorCredentialVariables = [
  "PAGERDUTY_TOKEN",
  "PAGERDUTY_USER_TOKEN",
  "DATADOG_API_KEY",
  "DATADOG_APP_KEY",
  "DD_API_KEY",
  "DD_APP_KEY",
  "DD_SITE",
  "SENTRY_AUTH_TOKEN",
  "SENTRY_DSN",
  "OPSGENIE_ACCOUNT_API_KEY",
  "OPSGENIE_API_KEY",
  "SPLUNK_MGMT_TOKEN",
  "SPLUNK_MGMT_USERNAME",
  "SPLUNK_MGMT_PASSWORD",
  "SPLUNK_HEC_TOKEN",
  "SLACK_WEBHOOK_URL",
];

/**
 * The environment of a rehearsal: `base` without any vendor credential, plus the fakes. The
 * inline program reads process.env, so the rehearsal's own process is given this too.
 */
export function rehearsalEnvironment(base: NodeJS.ProcessEnv): Record<string, string> {
  const clean = Object.fromEntries(
    Object.entries(base).filter((entry): entry is [string, string] => entry[1] !== undefined && !vendorCredentialVariables.includes(entry[0])),
  );
  return { ...clean, ...rehearsalCredentialEnv };
}
