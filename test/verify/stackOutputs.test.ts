import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { type StackOutputValues, stackOutputsToEnv } from "../../verify/inputs/stackOutputs";
import { evaluateProgram, planned } from "../support/evaluateProgram";

/** The outputs as `pulumi stack output --json --show-secrets` prints them: values only, secrets revealed. */
async function outputsOf(stack: string): Promise<StackOutputValues> {
  const { outputs } = planned(await evaluateProgram({ stack }));
  return Object.fromEntries(Object.entries(outputs).map(([key, output]) => [key, output.value])) as StackOutputValues;
}

describe("verify reads what the stack outputs", () => {
  it("maps prod's Payments Worker to every variable its probes and wiring checks take", async () => {
    const { env, note } = stackOutputsToEnv("prod", await outputsOf("prod"), { PAGERDUTY_SERVICE: "Payments Worker" });
    expect(note).toBe('stack prod: outputs read (PagerDuty service "Payments Worker")');
    expect(env).toEqual({
      PAGERDUTY_ROUTING_KEY: "offline-routing-key-for-payments-worker-pagerduty-events-v2",
      PAGERDUTY_SERVICE_ID: "(payments-worker-pagerduty-service id: assigned at deploy)",
      PAGERDUTY_SERVICE_NAME: "Payments Worker prod",
      DATADOG_MONITOR_ID: "(payments-worker-datadog-validation-monitor id: assigned at deploy)",
      OPSGENIE_API_KEY: "offline-opsgenie-key-for-payments-worker-opsgenie-integration",
      OPSGENIE_TEAM: "Payments",
      OPSGENIE_REGION: "us",
      SENTRY_ORG: "example-org",
      SENTRY_URL: "https://sentry.io",
      SENTRY_PROJECT: "payments-worker",
      SPLUNK_HEC_URL: "https://splunk.example.com:8088",
      SPLUNK_HEC_INDEX: "ops",
      SPLUNK_HEC_TOKEN: "offline-hec-token-for-splunk-token",
    });
  });

  it("takes dev's one service without being told, and leaves unwired integrations unset", async () => {
    const { env } = stackOutputsToEnv("dev", await outputsOf("dev"), {});
    expect(env).toMatchObject({ PAGERDUTY_SERVICE_NAME: "Default Service dev", SENTRY_PROJECT: "default-service", OPSGENIE_API_KEY: undefined, OPSGENIE_REGION: undefined, SPLUNK_HEC_URL: undefined });
  });

  it("asks which service when there are several and none is named", async () => {
    const { env, note } = stackOutputsToEnv("staging", await outputsOf("staging"), {});
    expect(note).toBe("stack staging: 2 PagerDuty services (Checkout API, Payments Worker); set PAGERDUTY_SERVICE to the one to probe");
    expect(env.PAGERDUTY_ROUTING_KEY).toBeUndefined();
  });

  it("names only variables that .env.example documents", async () => {
    const example = readFileSync(path.join(__dirname, "../../.env.example"), "utf8");
    const documented = new Set([...example.matchAll(/^#?\s*([A-Z][A-Z0-9_]+)=/gm)].map((m) => m[1]));
    const { env } = stackOutputsToEnv("prod", await outputsOf("prod"), { PAGERDUTY_SERVICE: "Payments Worker" });
    expect(Object.keys(env).filter((name) => !documented.has(name))).toEqual([]);
  });
});
