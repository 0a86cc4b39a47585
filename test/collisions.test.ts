import * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import type { RawStackConfig } from "../config/checkCredentials";
import { parseStackConfig } from "../config/parseStackConfig";
import { formatConfigProblem } from "../config/stackConfigError";
import { evaluateStack } from "../plan/evaluateStack";
import { evaluateProgram, planned } from "./support/evaluateProgram";
import { rawConfig, validService } from "./support/rawConfig";

function messages(raw: RawStackConfig): string[] {
  const result = parseStackConfig(raw);
  return result.ok ? [] : result.problems.map((p) => formatConfigProblem(raw.stack, p));
}

const service = (name: string, fields: object = {}) => ({ ...validService, name, ...fields });
const route = (account: string, channel: string, channelId?: string) => ({ account, channel, ...(channelId ? { channelId } : {}) });
const slack = (...routes: object[]) => ({ slack: { routes } });
const opsgenieEnv = { env: { OPSGENIE_ACCOUNT_API_KEY: "k", PAGERDUTY_USER_TOKEN: "u" } };

describe("names and handles that collide after the vendors' normalisation", () => {
  it.each([
    [
      "service names that differ in dashes and underscores",
      rawConfig("dev", { services: [service("Checkout API"), service("Checkout_API")] }),
      'Stack "dev", key operator-wiring:services[1].name: "Checkout_API" and services[0] "Checkout API" differ only in case, spaces, dashes or underscores: their handles (@pagerduty-…, @opsgenie-…) could not be told apart. Hint: rename one of them so that the two names differ in more than case, spaces, dashes and underscores.',
    ],
    [
      "two services creating escalation policies of one name",
      rawConfig("dev", {
        services: [
          service("Checkout API", { escalationPolicy: { create: { name: "Shared", rules: [{ delayMinutes: 5, targets: [{ type: "user_reference", id: "PABC123" }] }] } } }),
          service("Payments", { escalationPolicy: { create: { name: "shared ", rules: [{ delayMinutes: 5, targets: [{ type: "user_reference", id: "PABC123" }] }] } } }),
        ],
      }),
      'Stack "dev", key operator-wiring:services[1].escalationPolicy.create.name: "shared " is the escalation policy services[0] creates; PagerDuty keeps one policy per name, so a second one cannot be created. Hint: give each created policy a name of its own.',
    ],
    [
      "a service adopting the policy another one creates",
      rawConfig("dev", {
        services: [
          service("Checkout API", { escalationPolicy: { create: { name: "Platform On-call", rules: [{ delayMinutes: 5, targets: [{ type: "user_reference", id: "PABC123" }] }] } } }),
          service("Payments"),
        ],
      }),
      'Stack "dev", key operator-wiring:services[1].escalationPolicy.existing.name: "Platform On-call" is the escalation policy services[0] creates; PagerDuty keeps one policy per name, so the lookup would find the one this stack creates. Hint: adopt only a policy the stack does not create: give the service a create block of its own, or adopt another policy.',
    ],
    [
      "an Opsgenie team spelt with an underscore and a dash",
      rawConfig("dev", { services: [service("Checkout API", { opsgenie: { team: "Payments_Team" } }), service("Payments", { opsgenie: { team: "payments-team" } })] }, opsgenieEnv),
      'Stack "dev", key operator-wiring:services[1].opsgenie.team: "payments-team" and "Payments_Team" differ only in case or punctuation. Hint: spell the team the same way in every service, exactly as Opsgenie shows it.',
    ],
    [
      "one Slack account spelt two ways for one channel",
      rawConfig("dev", { services: [service("Checkout API", slack(route("Acme", "#alerts"))), service("Payments", slack(route("acme", "#alerts")))] }),
      'Stack "dev", key operator-wiring:services[1].slack.routes[0].account: "acme" and services[0].slack.routes[0] "Acme" name one Slack account in two spellings; the two routes share one Datadog channel. Hint: spell the account the same way in every route, as Datadog\'s Slack tile shows it.',
    ],
    [
      "one channel given two ids",
      rawConfig("dev", { services: [service("Checkout API", slack(route("acme", "#alerts", "C0ALERTS1"))), service("Payments", slack(route("acme", "#alerts", "C0OTHER22")))] }),
      'Stack "dev", key operator-wiring:services[1].slack.routes[0].channelId: "C0OTHER22" differs from services[0].slack.routes[0]\'s "C0ALERTS1" for the same channel "#alerts". Hint: a channel has one id: copy it once from Slack and use it in both routes.',
    ],
    [
      "two channels given one id",
      rawConfig("dev", { services: [service("Checkout API", slack(route("acme", "#alerts", "C0ALERTS1"))), service("Payments", slack(route("acme", "#payments", "C0ALERTS1")))] }),
      'Stack "dev", key operator-wiring:services[1].slack.routes[0].channelId: "C0ALERTS1" is also the id of services[0].slack.routes[0]\'s channel, which is named differently. Hint: copy each channel\'s own id from Slack (channel details → About).',
    ],
    [
      "two channels that run together into one handle",
      rawConfig("dev", { services: [service("Checkout API", slack(route("acme-eng", "#alerts"))), service("Payments", slack(route("acme", "#eng-alerts")))] }),
      'Stack "dev", key operator-wiring:services[1].slack.routes[0]: makes the handle @slack-acme-eng-alerts, as services[0].slack.routes[0] does for another channel; Datadog could not tell the two apart. Hint: route to channels whose account and name do not run together into one handle.',
    ],
    [
      "one service's PagerDuty connections to two channels of one name",
      rawConfig("dev", { pagerdutySlackWorkspaceId: "T0ACME123", services: [service("Checkout API", slack(route("acme", "#alerts", "C0ALERTS1"), route("other", "#alerts", "C0ALERTS2")))] }, opsgenieEnv),
      'Stack "dev", key operator-wiring:services[0].slack.routes[1]: posts to a channel named "#alerts" on another account than acme; the service\'s PagerDuty Slack connections are named after the channel, so the two would collide. Hint: route the service to one of the two channels.',
    ],
  ])("refuses %s", (_name, raw, expected) => {
    expect(messages(raw)).toEqual([expected]);
  });
});

describe("two services routed to one Slack channel", () => {
  const shared = [service("Checkout API", slack(route("acme", "#alerts", "C0ALERTS1"))), service("Payments Worker", slack(route("acme", "#alerts", "C0ALERTS1"), route("acme", "#payments", "C0PAYMENT1")))];

  it("share one channel resource and one validation monitor, and both carry its handle", async () => {
    const { resources, outputs } = planned(await evaluateProgram({ stack: "staging", overrides: { services: shared } }));
    expect(resources.filter((r) => r.type === "datadog:slack/channel:Channel").map((r) => [r.name, r.inputs.accountName, r.inputs.channelName])).toEqual([
      ["slack-acme-alerts-channel", "acme", "#alerts"],
      ["slack-acme-payments-channel", "acme", "#payments"],
    ]);
    expect(resources.filter((r) => r.type === "datadog:index/monitor:Monitor" && String(r.inputs.message).includes("@slack-")).map((r) => r.name)).toEqual([
      "slack-acme-alerts-validation-monitor",
      "slack-acme-payments-validation-monitor",
    ]);
    const services = outputs.services.value as Record<string, { slackHandles: string[] }>;
    expect(services["Checkout API"].slackHandles).toEqual(["@slack-acme-alerts"]);
    expect(services["Payments Worker"].slackHandles).toEqual(["@slack-acme-alerts", "@slack-acme-payments"]);
  });

  it("each still get their own PagerDuty Slack connection to it", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "staging", overrides: { services: shared, pagerdutySlackWorkspaceId: "T0ACME123" } }));
    expect(resources.filter((r) => r.type === "pagerduty:index/slackConnection:SlackConnection").map((r) => [r.name, r.inputs.channelId])).toEqual([
      ["checkout-api-pagerduty-slack-alerts", "C0ALERTS1"],
      ["payments-worker-pagerduty-slack-alerts", "C0ALERTS1"],
      ["payments-worker-pagerduty-slack-payments", "C0PAYMENT1"],
    ]);
  });
});

describe("the plan as the engine, for resource names", () => {
  it("refuses two resources with one URN in the engine's words", async () => {
    const evaluation = await evaluateStack({
      project: "operator-wiring",
      stack: "dev",
      values: {},
      secretKeys: [],
      loadProgram: async () => {
        new pulumi.ComponentResource("operator-wiring:test:Twin", "twin");
        new pulumi.ComponentResource("operator-wiring:test:Twin", "twin");
        return {};
      },
    });
    expect(evaluation.ok ? "" : evaluation.error).toBe("Duplicate resource URN 'urn:pulumi:dev::operator-wiring::operator-wiring:test:Twin::twin'; try giving it a unique name");
  });

  it.each([
    ["services whose names differ in case, spaces, dashes and underscores", { services: [service("Checkout API"), service("checkout-api"), service("Checkout_Api"), service("CHECKOUT API")] }],
    ["teams spelt apart only by case and punctuation", { services: [service("A", { opsgenie: { team: "Pay Team" } }), service("B", { opsgenie: { team: "pay-team" } }), service("C", { opsgenie: { team: "PAY_TEAM" } })] }],
    ["routes to one channel in every spelling", { services: [service("A", slack(route("Acme", "#alerts"))), service("B", slack(route("acme", "#alerts"), route("ACME", "#alerts")))] }],
  ])("either refuses or plans unique names and handles: %s", async (_name, overrides) => {
    const evaluation = await evaluateProgram({ stack: "staging", overrides });
    if (!evaluation.ok) {
      expect(evaluation.error).toMatch(/^Stack "staging" has \d+ configuration problems?; nothing was created or changed:/);
      expect(evaluation.resourcesDeclared).toBe(0);
      return;
    }
    const handles = evaluation.resources.filter((r) => r.type === "datadog:index/monitor:Monitor").map((r) => String(r.inputs.message).split(" ").pop()!.toLowerCase().replace(/[ _-]+/g, "-"));
    expect(new Set(handles).size).toBe(handles.length);
  });
});
