import { describe, expect, it } from "vitest";
import { rehearsalCredentialEnv, rehearsalEnvironment } from "../../rehearsal/rehearsalCredentials";

describe("the rehearsal's environment", () => {
  it("holds none of the user's vendor credentials, only the fakes", () => {
    const user = {
      PATH: "/usr/bin",
      DD_API_KEY: "real-datadog-key",
      DATADOG_APP_KEY: "real-app-key",
      PAGERDUTY_TOKEN: "real-pd-token",
      SENTRY_AUTH_TOKEN: "sntryu_real",
      OPSGENIE_ACCOUNT_API_KEY: "real-opsgenie",
      SPLUNK_MGMT_PASSWORD: "real-password",
      SLACK_WEBHOOK_URL: "https://hooks.slack.com/services/T/B/real",
    };
    const env = rehearsalEnvironment(user);
    expect(JSON.stringify(env)).not.toMatch(/real/);
    expect(env).toEqual({ PATH: "/usr/bin", ...rehearsalCredentialEnv });
  });
});
