import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { PlannedResource } from "../plan/evaluateStack";
import { SecretInput } from "../plan/recordingMocks";
import { lookupSentryOrganizationOverHttp } from "../lookups/sentryOrganizationOverHttp";
import { MockControl } from "../mock-endpoints/controlClient";
import { type RunningService, startService } from "../mock-endpoints/core/mockServer";
import { sentryMock } from "../mock-endpoints/sentry";
import { evaluateProgram, planned } from "./support/evaluateProgram";
import { byName } from "./support/plannedResource";

const T = {
  routing: "operator-wiring:sentry:Routing",
  row: "pulumi-nodejs:dynamic/sentry:ServiceTableRow",
  teamRow: "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow",
  workflow: "pulumi-nodejs:dynamic/sentry:Workflow",
  rule: "sentry:index/sentryIssueAlert:SentryIssueAlert",
  plugin: "sentry:index/sentryPlugin:SentryPlugin",
  provider: "pulumi:providers:sentry",
  slackConnection: "pagerduty:index/slackConnection:SlackConnection",
};
const offlinePd = '(PagerDuty integration of "example-org": looked up at preview)';
const offlineOg = '(Opsgenie integration of "example-org": looked up at preview)';
const offlineSlack = '(Slack integration of "example-org": looked up at preview)';
const rowIdOf = (name: string) => `(${name} row id: assigned at deploy)`;
const routingKeyOf = (slug: string) => `offline-routing-key-for-${slug}-pagerduty-events-v2`;

const ofType = (resources: PlannedResource[], type: string) => resources.filter((r) => r.type === type).map((r) => r.name);

describe("Sentry → PagerDuty (P5) in prod", () => {
  it("registers each service's routing key as a service-table row, secret and retained", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "prod" }));
    const row = byName(resources, "checkout-api-sentry-pagerduty-row");
    expect(row.type).toBe(T.row);
    expect(row.parentType).toBe(T.routing);
    expect(row.inputs).toEqual({
      apiUrl: "https://sentry.io/api/0",
      organization: "example-org",
      integrationId: offlinePd,
      service: "Checkout API prod",
      integrationKey: new SecretInput(routingKeyOf("checkout-api")),
    });
    expect(row.options.additionalSecretOutputs).toEqual(["integrationKey"]);
    expect(row.options.retainOnDelete).toBe(true);
  });

  it("alerts through a workflow whose PagerDuty action names the row by the row's id output", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "prod" }));
    expect(ofType(resources, T.workflow)).toEqual(["checkout-api-sentry-workflow", "payments-worker-sentry-workflow"]);
    expect(ofType(resources, T.rule)).toEqual([]);
    const workflow = byName(resources, "checkout-api-sentry-workflow");
    expect(workflow.inputs).toEqual({
      apiUrl: "https://sentry.io/api/0",
      organization: "example-org",
      project: "checkout-api",
      name: "operator-wiring: Checkout API prod",
      environment: "production",
      frequencyMinutes: 30,
      pagerduty: { integrationId: offlinePd, rowId: rowIdOf("checkout-api-sentry-pagerduty-row"), serviceName: "Checkout API prod", priority: "critical" },
      slack: [{ integrationId: offlineSlack, channel: "#checkout-alerts", channelId: "C0CHECKOUT1" }],
    });
    expect(workflow.options.retainOnDelete).toBe(false);
  });

  it("pages the Opsgenie team through a team-table row holding the service's Opsgenie key", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "prod" }));
    expect(ofType(resources, T.teamRow)).toEqual(["payments-worker-sentry-opsgenie-row"]);
    const teamRow = byName(resources, "payments-worker-sentry-opsgenie-row");
    expect(teamRow.inputs).toMatchObject({ integrationId: offlineOg, team: "Payments Worker prod" });
    expect((teamRow.inputs.integrationKey as SecretInput).value).toBe("offline-opsgenie-key-for-payments-worker-opsgenie-integration");
    expect(teamRow.options.additionalSecretOutputs).toEqual(["integrationKey"]);
    expect(teamRow.options.retainOnDelete).toBe(true);
    expect(byName(resources, "payments-worker-sentry-workflow").inputs.opsgenie).toEqual({
      integrationId: offlineOg,
      teamRowId: rowIdOf("payments-worker-sentry-opsgenie-row"),
      teamName: "Payments Worker prod",
      priority: "P2",
    });
  });

  it("follows key rotation: the row takes the new key in the same update (P12)", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "prod", overrides: { pagerdutyKeyGeneration: 2 } }));
    expect(byName(resources, "checkout-api-pagerduty-events-v2").inputs.name).toBe("Events API v2 (key generation 2)");
    expect((byName(resources, "checkout-api-sentry-pagerduty-row").inputs.integrationKey as SecretInput).value).toBe(routingKeyOf("checkout-api"));
    expect(byName(resources, "checkout-api-sentry-workflow").inputs.pagerduty).toMatchObject({ rowId: rowIdOf("checkout-api-sentry-pagerduty-row") });
  });

  it("exports each service's row and alert ids, never a key", async () => {
    const { outputs } = planned(await evaluateProgram({ stack: "prod" }));
    const services = outputs.services.value as Record<string, { sentry: unknown }>;
    expect(services["Checkout API"].sentry).toEqual({
      project: "checkout-api",
      pagerdutyRowId: rowIdOf("checkout-api-sentry-pagerduty-row"),
      opsgenieRowId: null,
      alerting: "workflows",
      alertId: "(checkout-api-sentry-workflow id: assigned at deploy)",
    });
    expect(outputs.sentry).toEqual({ secret: false, value: { organization: "example-org", apiUrl: "https://sentry.io/api/0", alerting: "workflows", datadogForwarding: true } });
    expect(JSON.stringify(outputs.services.value)).not.toContain("offline-routing-key");
  });

  it("with routingEnabled false drops the alerts and the forwarding, and keeps the rows that hold keys", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "prod", overrides: { routingEnabled: false } }));
    expect(ofType(resources, T.workflow)).toEqual([]);
    expect(ofType(resources, T.plugin)).toEqual([]);
    expect(ofType(resources, T.slackConnection)).toEqual([]);
    expect(ofType(resources, T.row)).toEqual(["checkout-api-sentry-pagerduty-row", "payments-worker-sentry-pagerduty-row"]);
    expect(ofType(resources, T.teamRow)).toEqual(["payments-worker-sentry-opsgenie-row"]);
  });
});

describe("Sentry → Datadog (P6)", () => {
  it("forwards each project once through its Webhooks plugin to Datadog's Sentry intake, the key a secret", async () => {
    const { resources, warnings } = planned(await evaluateProgram({ stack: "prod" }));
    expect(ofType(resources, T.plugin)).toEqual(["sentry-datadog-checkout-api", "sentry-datadog-payments-worker"]);
    const plugin = byName(resources, "sentry-datadog-checkout-api");
    expect(plugin.inputs).toEqual({
      organization: "example-org",
      project: "checkout-api",
      plugin: "webhooks",
      // A secret inside an object makes the whole object secret on the wire.
      config: new SecretInput({ urls: "https://app.datadoghq.com/intake/webhook/sentry?api_key=canary-datadog-api-key" }),
    });
    expect(warnings).toContain(
      'Sentry has no native Datadog integration for organization "example-org"; forwarding through Datadog\'s documented alternative instead: each Sentry project\'s Webhooks plugin posts new issues to https://app.datadoghq.com/intake/webhook/sentry.',
    );
    const provider = byName(resources, "sentry");
    expect(provider.inputs).toEqual({ token: new SecretInput("canary-sentry-auth-token"), baseUrl: "https://sentry.io/api/" });
  });

  it("says so when the stack does not opt in, and wires nothing", async () => {
    const { resources, warnings } = planned(await evaluateProgram({ stack: "staging" }));
    expect(ofType(resources, T.plugin)).toEqual([]);
    expect(ofType(resources, T.provider)).toEqual([]);
    expect(warnings).toContain(
      'Sentry has no native Datadog integration for organization "example-org", so Sentry issues do not reach Datadog; set operator-wiring:sentryDatadogForwarding to true to forward them through each project\'s Webhooks plugin to https://app.datadoghq.com/intake/webhook/sentry.',
    );
  });
});

describe("Sentry rules mode (self-hosted Sentry without workflows)", () => {
  it("declares a @pulumiverse/sentry issue alert paging the row, through the stack's Sentry provider", async () => {
    const { resources, warnings } = planned(
      await evaluateProgram({ stack: "staging", overrides: { sentryAlerting: "rules", sentryApiUrl: "https://sentry.internal.example/api/0" } }),
    );
    expect(ofType(resources, T.workflow)).toEqual([]);
    const rule = byName(resources, "checkout-api-sentry-rule");
    expect(rule.type).toBe(T.rule);
    expect(rule.inputs).toEqual({
      organization: "example-org",
      project: "checkout-api",
      name: "operator-wiring: Checkout API staging",
      environment: "staging",
      frequency: 30,
      actionMatch: "any",
      filterMatch: "all",
      conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }, { id: "sentry.rules.conditions.regression_event.RegressionEventCondition" }],
      actions: [
        {
          id: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction",
          account: offlinePd,
          service: rowIdOf("checkout-api-sentry-pagerduty-row"),
          severity: "default",
        },
      ],
    });
    expect(byName(resources, "sentry").inputs.baseUrl).toBe("https://sentry.internal.example/api/");
    expect(warnings.filter((w) => w.includes("brown-out"))).toEqual([]);
  });

  it("warns at preview that the rules API browns out on sentry.io", async () => {
    const { warnings } = planned(await evaluateProgram({ stack: "staging", overrides: { sentryAlerting: "rules" } }));
    expect(warnings).toContain(
      'sentryAlerting is "rules" against sentry.io: Sentry deprecated the project rules API on 2026-05-14 and answers 410 during scheduled brown-outs until it is removed; use "workflows" (rules are for self-hosted Sentry without workflows).',
    );
  });
});

describe("PagerDuty → Slack (P8)", () => {
  it("connects each prod route's channel to the service, with the user token on the provider only", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "prod" }));
    expect(ofType(resources, T.slackConnection)).toEqual(["checkout-api-pagerduty-slack-checkout-alerts"]);
    expect(byName(resources, "checkout-api-pagerduty-slack-checkout-alerts").inputs).toEqual({
      sourceId: "(checkout-api-pagerduty-service id: assigned at deploy)",
      sourceType: "service_reference",
      workspaceId: "T0EXAMPLE1",
      channelId: "C0CHECKOUT1",
      notificationType: "responder",
      configs: [{ events: ["incident.triggered", "incident.acknowledged", "incident.escalated", "incident.resolved", "incident.reassigned"] }],
    });
    expect(byName(resources, "pagerduty").inputs.userToken).toEqual(new SecretInput("canary-pagerduty-user-token"));
  });
});

describe("the Sentry lookup at preview, against the Sentry mock", () => {
  let mock: RunningService;
  let control: MockControl;
  beforeAll(async () => {
    mock = await startService(sentryMock, { port: 0 });
    control = new MockControl(mock.url);
  });
  afterAll(() => mock.close());

  const run = () =>
    evaluateProgram({
      stack: "dev",
      overrides: { sentryApiUrl: `${mock.url}/api/0` },
      sentryToken: `sntryu_${"0".repeat(64)}`,
      sentryOrganization: lookupSentryOrganizationOverHttp,
    });

  it("stops before declaring anything when the organization has no PagerDuty integration, naming the org and the fix", async () => {
    await control.reset();
    await control.seed({ organizations: [{ slug: "example-org", projects: [{ id: "11", slug: "default-service", publicKeys: [] }] }] });
    const evaluation = await run();
    expect(evaluation.ok).toBe(false);
    if (evaluation.ok) return;
    expect(evaluation.resourcesDeclared).toBe(0);
    expect(evaluation.error.split("\n")).toEqual([
      'Stack "dev" has 1 configuration problem; nothing was created or changed:',
      '  - Stack "dev", key operator-wiring:sentryOrganization: Sentry organization "example-org" has no PagerDuty integration installed, and Sentry alerts page PagerDuty through it. Hint: install it: Sentry → Settings → Integrations → PagerDuty → Install (an OAuth flow in the browser, by an owner or manager of "example-org"); the stack cannot, as that is an OAuth flow. Then run pulumi preview again.',
    ]);
  });

  it("uses the installed integration's id once it is there", async () => {
    await control.reset();
    await control.seed({ organizations: [{ slug: "example-org", integrations: [{ provider: "pagerduty", id: "50", name: "example-pd" }] }] });
    const { resources } = planned(await run());
    expect(byName(resources, "default-service-sentry-pagerduty-row").inputs.integrationId).toBe("50");
    expect(byName(resources, "default-service-sentry-workflow").inputs.pagerduty).toMatchObject({ integrationId: "50" });
  });

  it("keeps the Webhooks route whether or not Sentry offers its Datadog (Seer) integration (Sentry answers 404 \"Providers do not exist\" when not)", async () => {
    await control.reset();
    await control.seed({ organizations: [{ slug: "example-org", availableProviders: ["datadog"], integrations: [{ provider: "pagerduty", id: "50", name: "example-pd" }] }] });
    const offered = planned(await run());
    expect(offered.warnings).toEqual([
      'Sentry\'s Datadog integration offered to organization "example-org" only lets Sentry\'s Seer read Datadog telemetry and sends no Sentry issue to Datadog, so Sentry issues do not reach Datadog; set operator-wiring:sentryDatadogForwarding to true to forward them through each project\'s Webhooks plugin to https://app.datadoghq.com/intake/webhook/sentry.',
    ]);
    await control.reset();
    await control.seed({ organizations: [{ slug: "example-org", integrations: [{ provider: "pagerduty", id: "50", name: "example-pd" }] }] });
    expect(planned(await run()).warnings).toEqual([
      'Sentry has no native Datadog integration for organization "example-org", so Sentry issues do not reach Datadog; set operator-wiring:sentryDatadogForwarding to true to forward them through each project\'s Webhooks plugin to https://app.datadoghq.com/intake/webhook/sentry.',
    ]);
  });

  it("names the organization key when the token cannot see the organization", async () => {
    await control.reset();
    const evaluation = await run();
    expect(evaluation.ok).toBe(false);
    if (evaluation.ok) return;
    expect(evaluation.resourcesDeclared).toBe(0);
    expect(evaluation.error).toContain(`Stack "dev", key operator-wiring:sentryOrganization: names "example-org", which ${mock.url}/api/0 does not show to this token`);
  });
});

describe("index.ts, Pulumi's entry point", () => {
  it("exports the program as a function for Pulumi to call, so loading it starts nothing", async () => {
    const mod = await import("../index");
    const entry = (mod as unknown as { default: unknown }).default ?? mod;
    expect(typeof entry).toBe("function");
    expect((entry as () => unknown).length).toBe(0);
  });
});
