import * as datadog from "@pulumi/datadog";
import * as pagerduty from "@pulumi/pagerduty";
import type * as pulumi from "@pulumi/pulumi";
import { describe, expect, it } from "vitest";
import { evaluateStack } from "../../plan/evaluateStack";
import { evaluateProgram } from "../support/evaluateProgram";
import { type PolicyRun, policyViolations } from "../support/policyHarness";

/** A program of its own, under Pulumi's mock runtime, judged by the pack. */
async function judge(stack: string, declare: () => void, run: Omit<PolicyRun, "stack"> = {}) {
  const evaluation = await evaluateStack({
    project: "operator-wiring",
    stack,
    values: {},
    secretKeys: [],
    loadProgram: async () => {
      declare();
      return {};
    },
  });
  return policyViolations(evaluation, { stack, ...run });
}

const monitor = (name: string, args: Partial<datadog.MonitorArgs>, opts?: pulumi.CustomResourceOptions) =>
  new datadog.Monitor(name, { name, type: "query alert", query: "avg(last_5m):avg:system.load.1{*} > 100000", message: "load", ...args }, opts);
const integration = (opts: pulumi.CustomResourceOptions = {}) =>
  new pagerduty.ServiceIntegration("checkout-events-v2", { service: "PCHECK1", type: "events_api_v2_inbound_integration", name: "Events API v2" }, opts);

describe("the committed stacks under the policy pack", () => {
  it.each(["dev", "staging", "prod"])("%s passes every policy, mandatory and advisory", async (stack) => {
    const evaluation = await evaluateProgram({ stack });
    expect(await policyViolations(evaluation, { stack })).toEqual([]);
    // As a real preview runs it: the engine passes no retainOnDelete, and the prod policy says it cannot see it.
    expect(await policyViolations(evaluation, { stack, retainOnDeleteKnown: false })).toEqual([]);
  });
});

describe("each policy rejects a program that breaks it", () => {
  it("validation-monitors-are-drafts (mandatory): a published validation monitor, unless the pack is told of a controlled test", async () => {
    const program = () => monitor("integration-validation datadog-to-pagerduty Checkout API dev", { draftStatus: "published", tags: ["integration:datadog-pagerduty", "env:dev"] });
    expect(await judge("dev", program)).toEqual([
      {
        policy: "validation-monitors-are-drafts",
        enforcementLevel: "mandatory",
        message:
          'integration-validation datadog-to-pagerduty Checkout API dev ("integration-validation datadog-to-pagerduty Checkout API dev") is published: a validation monitor pages for real when it fires. Hint: keep it a draft, or run the test with operator-wiring:controlledIncidentTest true and the pack\'s controlledIncidentTest config true.',
      },
    ]);
    expect(await judge("dev", program, { config: { "validation-monitors-are-drafts": { controlledIncidentTest: true } } })).toEqual([]);
    // The program's own opt-in publishes them, and the pack must be told too.
    const published = await evaluateProgram({ stack: "dev", overrides: { controlledIncidentTest: true } });
    expect((await policyViolations(published, { stack: "dev" })).map((v) => v.policy)).toEqual(["validation-monitors-are-drafts"]);
  });

  it("credential-outputs-secret (mandatory): an Events v2 integration whose key is not a secret output", async () => {
    expect(await judge("dev", () => integration())).toEqual([
      {
        policy: "credential-outputs-secret",
        enforcementLevel: "mandatory",
        message: 'checkout-events-v2 outputs its credential integrationKey in plain text: add "integrationKey" to the resource\'s additionalSecretOutputs (the PagerDuty SDK does not make it secret itself).',
      },
    ]);
    expect(await judge("dev", () => integration({ additionalSecretOutputs: ["integrationKey"] }))).toEqual([]);
  });

  it("prod-retains-credentials (mandatory): a prod integration a destroy would delete; dev may, and a real preview cannot see it", async () => {
    const program = () => integration({ additionalSecretOutputs: ["integrationKey"] });
    expect((await judge("prod", program)).map((v) => [v.policy, v.enforcementLevel, v.message])).toEqual([
      [
        "prod-retains-credentials",
        "mandatory",
        "checkout-events-v2 holds a credential in use and is not retained in prod: a pulumi destroy would revoke it under the senders. Hint: declare it with retainOnDelete: true in prod.",
      ],
    ]);
    expect(await judge("rehearsal-prod", program)).toHaveLength(1);
    expect(await judge("prod", () => integration({ additionalSecretOutputs: ["integrationKey"], retainOnDelete: true }))).toEqual([]);
    expect(await judge("dev", program)).toEqual([]);
    expect(await judge("prod", program, { retainOnDeleteKnown: false })).toEqual([]);
  });

  it("no-plain-credentials (mandatory): a routing key pasted into a monitor message, never quoted back; a service object's key is where a key belongs", async () => {
    const key = "0123456789abcdef0123456789abcdef";
    const violations = await judge("dev", () => monitor("checkout-latency-dev", { message: `latency high, send to ${key}` }));
    expect(violations).toEqual([
      {
        policy: "no-plain-credentials",
        enforcementLevel: "mandatory",
        message:
          "checkout-latency-dev: input message holds what looks like a 32-character key (a Datadog API key or a PagerDuty routing key), in plain text. Hint: keep credentials in secret config or the environment, and pass them only where they are made secret.",
      },
    ]);
    expect(JSON.stringify(violations)).not.toContain(key);
    expect(await judge("dev", () => new datadog.pagerduty.ServiceObject("checkout-dev", { serviceName: "Checkout dev", serviceKey: key }))).toEqual([]);
  });

  it("monitor-handles-resolve (mandatory): a handle no service object of the stack makes, unless declared external", async () => {
    const program = () => monitor("checkout-latency-dev", { message: "latency @pagerduty-Search-API-dev" });
    expect(await judge("dev", program)).toEqual([
      {
        policy: "monitor-handles-resolve",
        enforcementLevel: "mandatory",
        message: "checkout-latency-dev notifies @pagerduty-Search-API-dev, which no service object or Slack channel of this stack makes. Hint: declare the service in this stack, fix the handle, or add it to the pack's externalHandles.",
      },
    ]);
    expect(await judge("dev", program, { config: { "monitor-handles-resolve": { externalHandles: ["@pagerduty-search-api-dev"] } } })).toEqual([]);
    const withObject = () => {
      new datadog.pagerduty.ServiceObject("search-dev", { serviceName: "Search API dev", serviceKey: "k" });
      program();
    };
    expect(await judge("dev", withObject)).toEqual([]);
  });

  it("names-carry-environment (advisory): a service named without its environment; a stack that names none is told to configure it", async () => {
    const program = () => new pagerduty.Service("checkout", { name: "Checkout API", escalationPolicy: "PEP0001" });
    expect(await judge("staging", program)).toEqual([
      { policy: "names-carry-environment", enforcementLevel: "advisory", message: 'checkout: name "Checkout API" does not say staging. Hint: put the environment in the name (config/naming.ts derives the stack\'s names so).' },
    ]);
    expect(await judge("staging", () => new pagerduty.Service("checkout", { name: "Checkout API staging", escalationPolicy: "PEP0001" }))).toEqual([]);
    expect(await judge("scratch", program)).toEqual([]);
    expect(await judge("scratch", program, { config: { "names-carry-environment": { environment: "dev" } } })).toHaveLength(1);
  });
});
