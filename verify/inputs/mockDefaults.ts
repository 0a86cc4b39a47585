import type { Integration } from "../integrations";

/**
 * Where `npm run mocks` and compose serve each mock (test/verify/inputs checks these
 * against the mock definitions), and the credentials verify sends them: fake, of the
 * right shape, so the mocks' shape checks pass and no real key ever reaches a mock.
 */
export const mockPorts: Record<Integration, number> = {
  slack: 4811,
  sentry: 4812,
  pagerduty: 4813,
  opsgenie: 4814,
  datadog: 4815,
  splunk: 4816,
};

export const mockCredentials = {
  slackWebhookPath: "/services/T0MOCK000/B0MOCK000/operatorwiringmockwebhook",
  sentryPublicKey: "0123456789abcdef0123456789abcdef".replace(/./g, "0"),
  sentryProjectId: "1",
  pagerdutyRoutingKey: "operatorwiringmockroutingkey0000",
  pagerdutyApiToken: "operatorwiringmock00",
  opsgenieApiKey: "00000000-0000-4000-8000-000000000001",
  datadogApiKey: "0".repeat(32),
  datadogAppKey: "0".repeat(40),
  /** A Sentry user auth token's shape (the web API: the chain, the rehearsal's program, the planned world). */
  sentryAuthToken: `sntryu_${"0".repeat(64)}`,
  splunkHecToken: "00000000-0000-4000-8000-000000000002",
} as const;

/** The `OPERATOR_WIRING_MOCK_<NAME>_URL` variables that point verify (and every command reading mockBaseUrl) at these mocks. */
export function mockUrlEnv(urls: Readonly<Partial<Record<string, string>>>): Record<string, string> {
  return Object.fromEntries(Object.entries(urls).map(([name, url]) => [`OPERATOR_WIRING_MOCK_${name.toUpperCase()}_URL`, url as string]));
}

/** `OPERATOR_WIRING_MOCK_<NAME>_URL`, else the default port on loopback. */
export function mockBaseUrl(integration: Integration, env: Readonly<Record<string, string | undefined>>): string {
  return env[`OPERATOR_WIRING_MOCK_${integration.toUpperCase()}_URL`] ?? `http://127.0.0.1:${mockPorts[integration]}`;
}
