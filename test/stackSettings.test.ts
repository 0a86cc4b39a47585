import { inspect } from "node:util";
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../config/parseStackConfig";
import type { StackSettings } from "../config/stackSettings";
import { rawConfig } from "./support/rawConfig";

function settingsOf(...args: Parameters<typeof rawConfig>): StackSettings {
  const result = parseStackConfig(rawConfig(...args));
  if (!result.ok) throw new Error(result.problems.map((p) => p.problem).join("\n"));
  return result.settings;
}

describe("stack settings from valid config", () => {
  it("applies the documented defaults", () => {
    const settings = settingsOf("dev");
    expect({
      environment: settings.environment,
      site: settings.datadog.site,
      apiUrl: settings.datadog.apiUrl,
      region: settings.pagerduty.region,
      routing: settings.routingEnabled,
      draft: settings.monitorDraftStatus,
      retain: settings.retainCredentialsOnDelete,
      tile: settings.datadog.pagerdutyIntegration,
    }).toEqual({
      environment: "dev",
      site: "datadoghq.com",
      apiUrl: "https://api.datadoghq.com/",
      region: "us",
      routing: true,
      draft: "draft",
      retain: false,
      tile: undefined,
    });
  });

  it("names the PagerDuty service after the service and the environment", () => {
    expect(settingsOf("staging").services).toEqual([
      {
        slug: "checkout-api",
        name: "Checkout API",
        pagerdutyServiceName: "Checkout API staging",
        description: undefined,
        urgency: "high",
        escalationPolicy: { existing: { name: "Platform On-call" } },
        slackRoutes: [],
        opsgenie: undefined,
      },
    ]);
  });

  it("names a created escalation policy after its service unless told otherwise", () => {
    const rules = [{ delayMinutes: 10, targets: [{ type: "schedule_reference", id: "PSCHED1" }] }];
    const settings = settingsOf("prod", { services: [{ name: "Payments", escalationPolicy: { create: { rules } } }] });
    expect(settings.services[0].escalationPolicy).toEqual({ create: { name: "Payments prod escalation", numLoops: 0, rules } });
  });

  it("retains credential-bearing resources in prod, also for a stack with another name", () => {
    expect(settingsOf("prod").retainCredentialsOnDelete).toBe(true);
    expect(settingsOf("prod-eu", { environment: "prod", datadogSite: "datadoghq.eu", pagerdutyRegion: "eu" }).retainCredentialsOnDelete).toBe(true);
    expect(settingsOf("staging").retainCredentialsOnDelete).toBe(false);
  });

  it("publishes monitors only for a controlled incident test", () => {
    expect(settingsOf("dev", { controlledIncidentTest: true }).monitorDraftStatus).toBe("published");
  });

  it("maps every Datadog site to its API URL", () => {
    expect(settingsOf("dev", { datadogSite: "us5.datadoghq.com" }).datadog.apiUrl).toBe("https://api.us5.datadoghq.com/");
    expect(settingsOf("dev", { datadogSite: "datadoghq.eu", pagerdutyRegion: "eu" }).datadog.apiUrl).toBe("https://api.datadoghq.eu/");
  });

  it("accepts an EU/US mix only when allowed explicitly", () => {
    expect(settingsOf("dev", { datadogSite: "datadoghq.eu", allowCrossRegion: true }).pagerduty.region).toBe("us");
  });

  it("accepts a provider apiUrl that agrees with the site, with or without the trailing slash", () => {
    expect(settingsOf("dev", {}, { values: { "datadog:apiUrl": "https://api.datadoghq.com" } }).datadog.site).toBe("datadoghq.com");
  });

  it("takes credentials from the environment when config has none, and never prints them", () => {
    const settings = settingsOf("dev", {}, {
      omitCredentials: true,
      env: { PAGERDUTY_TOKEN: "env-pd-canary", DD_API_KEY: "env-dd-api-canary", DATADOG_APP_KEY: "env-dd-app-canary" },
    });
    expect(settings.pagerduty.token.reveal()).toBe("env-pd-canary");
    expect(settings.datadog.apiKey.source).toBe("$DD_API_KEY");
    expect(settings.datadog.appKey.source).toBe("$DATADOG_APP_KEY");
    const printed = [JSON.stringify(settings), String(settings.pagerduty.token), inspect(settings, { depth: 5 })].join("\n");
    expect(printed).not.toMatch(/canary/);
    expect(printed).toContain("[secret from $DD_API_KEY]");
  });

  it("prefers the stack's encrypted config over the environment", () => {
    const settings = settingsOf("dev", {}, { env: { PAGERDUTY_TOKEN: "from-env" } });
    expect(settings.pagerduty.token.source).toBe("pagerduty:token");
  });

  it("owns the Datadog PagerDuty tile only when configured to", () => {
    const settings = settingsOf("prod", {
      manageDatadogPagerdutyIntegration: true,
      pagerdutySubdomain: "acme",
      pagerdutySchedules: ["https://acme.pagerduty.com/schedules#PABC123"],
    });
    expect(settings.datadog.pagerdutyIntegration).toEqual({ subdomain: "acme", schedules: ["https://acme.pagerduty.com/schedules#PABC123"] });
  });
});

describe("route handles", () => {
  it("derives each Slack route's handle from account and channel, without the #", () => {
    const settings = settingsOf("dev", { services: [{ name: "Checkout API", escalationPolicy: { existing: { name: "P" } }, slack: { routes: [{ account: "acme", channel: "#alerts" }] } }] });
    expect(settings.services[0].slackRoutes).toEqual([{ account: "acme", channel: "#alerts", handle: "@slack-acme-alerts" }]);
  });

  it("names each service's Opsgenie service object after the service and environment", () => {
    const settings = settingsOf("prod", { services: [{ name: "Checkout API", escalationPolicy: { existing: { name: "P" } }, opsgenie: { team: "payments" } }] }, { env: { OPSGENIE_ACCOUNT_API_KEY: "k" } });
    expect(settings.services[0].opsgenie).toEqual({ team: "payments", adoptTeam: false, serviceObjectName: "checkout-api-prod" });
  });
});
