import { describe, expect, it } from "vitest";
import type { PlannedResource } from "../plan/evaluateStack";
import { SecretInput } from "../plan/recordingMocks";
import { evaluateProgram, planned } from "./support/evaluateProgram";
import { byName } from "./support/plannedResource";

const T = {
  pdProvider: "pulumi:providers:pagerduty",
  ddProvider: "pulumi:providers:datadog",
  wiring: "operator-wiring:index:ServiceWiring",
  pdComponent: "operator-wiring:pagerduty:Service",
  routing: "operator-wiring:datadog:PagerDutyRouting",
  validation: "operator-wiring:datadog:ValidationMonitor",
  policy: "pagerduty:index/escalationPolicy:EscalationPolicy",
  service: "pagerduty:index/service:Service",
  integration: "pagerduty:index/serviceIntegration:ServiceIntegration",
  mapping: "datadog:pagerduty/serviceObject:ServiceObject",
  monitor: "datadog:index/monitor:Monitor",
  tile: "datadog:pagerduty/integration:Integration",
  splunk: "operator-wiring:splunk:Hec",
  hecToken: "pulumi-nodejs:dynamic/splunk:HecToken",
};

const routingKeyOf = (slug: string) => `offline-routing-key-for-${slug}-pagerduty-events-v2`;


/** Every resource one service gets, with routing on. */
function serviceResources(slug: string, createsPolicy: boolean): string[] {
  return [
    `${T.wiring} ${slug}`,
    `${T.pdComponent} ${slug}-pagerduty`,
    ...(createsPolicy ? [`${T.policy} ${slug}-pagerduty-escalation`] : []),
    `${T.service} ${slug}-pagerduty-service`,
    `${T.integration} ${slug}-pagerduty-events-v2`,
    `${T.routing} ${slug}-datadog`,
    `${T.mapping} ${slug}-datadog-mapping`,
    `${T.validation} ${slug}-datadog-validation`,
    `${T.monitor} ${slug}-datadog-validation-monitor`,
  ];
}

const inventory = (resources: PlannedResource[]) => resources.map((r) => `${r.type} ${r.name}`).sort();

/** Every string in a value, secrets unwrapped (a secret input still refers to what made it). */
const stringsIn = (value: unknown): string[] => {
  if (value instanceof SecretInput) return stringsIn(value.value);
  if (typeof value === "string") return [value];
  if (Array.isArray(value)) return value.flatMap(stringsIn);
  return value !== null && typeof value === "object" ? Object.values(value).flatMap(stringsIn) : [];
};

/**
 * The resources whose outputs a resource's inputs carry: the offline plan's placeholders name
 * the resource that assigns them (`(<name> id: assigned at deploy)`, `offline-…-for-<name>`).
 */
function referencedNames(resource: PlannedResource, resources: PlannedResource[]): string[] {
  const values = stringsIn(resource.inputs);
  return resources
    .filter((other) => other !== resource && values.some((v) => v.startsWith(`(${other.name} `) || v.endsWith(`-for-${other.name}`)))
    .map((other) => other.name);
}

/** Sentry → PagerDuty for a service (P5): the component, the row and the workflow. */
const sentryResources = (slug: string) => [
  `operator-wiring:sentry:Routing ${slug}-sentry`,
  `pulumi-nodejs:dynamic/sentry:ServiceTableRow ${slug}-sentry-pagerduty-row`,
  `pulumi-nodejs:dynamic/sentry:Workflow ${slug}-sentry-workflow`,
];

/** The Payments Worker's Opsgenie routing in staging and prod (P7), with its Sentry team row. */
const paymentsOpsgenie = [
  "pulumi-nodejs:dynamic/opsgenie:Team opsgenie-team-payments",
  "operator-wiring:opsgenie:Routing payments-worker-opsgenie",
  "pulumi-nodejs:dynamic/opsgenie:ApiIntegration payments-worker-opsgenie-integration",
  "datadog:opsgenie/serviceObject:ServiceObject payments-worker-opsgenie-service-object",
  `${T.validation} payments-worker-opsgenie-validation`,
  `${T.monitor} payments-worker-opsgenie-validation-monitor`,
  "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow payments-worker-sentry-opsgenie-row",
];

const expectedStacks = {
  dev: { services: [["default-service", "Default Service dev", true]] as const, tile: false, splunk: false, extra: sentryResources("default-service") },
  staging: {
    services: [["checkout-api", "Checkout API staging", false], ["payments-worker", "Payments Worker staging", false]] as const,
    tile: false,
    splunk: true,
    extra: [...sentryResources("checkout-api"), ...sentryResources("payments-worker"), ...paymentsOpsgenie],
  },
  prod: {
    services: [["checkout-api", "Checkout API prod", false], ["payments-worker", "Payments Worker prod", true]] as const,
    tile: true,
    splunk: true,
    extra: [
      ...sentryResources("checkout-api"),
      ...sentryResources("payments-worker"),
      ...paymentsOpsgenie,
      "operator-wiring:slack:Routing slack",
      "datadog:slack/channel:Channel slack-example-org-checkout-alerts-channel",
      `${T.validation} slack-example-org-checkout-alerts-validation`,
      `${T.monitor} slack-example-org-checkout-alerts-validation-monitor`,
      "operator-wiring:pagerduty:SlackConnections checkout-api-pagerduty-slack",
      "pagerduty:index/slackConnection:SlackConnection checkout-api-pagerduty-slack-checkout-alerts",
      "pulumi:providers:sentry sentry",
      "operator-wiring:sentry:DatadogForwarding sentry-datadog",
      "sentry:index/sentryPlugin:SentryPlugin sentry-datadog-checkout-api",
      "sentry:index/sentryPlugin:SentryPlugin sentry-datadog-payments-worker",
    ],
  },
};

describe.each(Object.entries(expectedStacks))("stack %s", (stack, expected) => {
  it("declares exactly the providers, the tile where owned, and each service's resources", async () => {
    const { resources } = planned(await evaluateProgram({ stack }));
    expect(inventory(resources)).toEqual(
      [
        `${T.pdProvider} pagerduty`,
        `${T.ddProvider} datadog`,
        ...(expected.tile ? [`${T.tile} datadog-pagerduty-integration`] : []),
        ...(expected.splunk ? [`${T.splunk} splunk`, `${T.hecToken} splunk-token`] : []),
        ...expected.extra,
        ...expected.services.flatMap(([slug, , createsPolicy]) => serviceResources(slug, createsPolicy)),
      ].sort(),
    );
  });

  it("creates each PagerDuty service with an Events API v2 integration", async () => {
    const { resources } = planned(await evaluateProgram({ stack }));
    for (const [slug, pagerdutyName] of expected.services) {
      const service = byName(resources, `${slug}-pagerduty-service`);
      expect(service.inputs).toMatchObject({
        name: pagerdutyName,
        alertCreation: "create_alerts_and_incidents",
        incidentUrgencyRule: { type: "constant", urgency: stack === "prod" ? "high" : "low" },
      });
      expect(byName(resources, `${slug}-pagerduty-events-v2`).inputs).toEqual({
        name: "Events API v2",
        service: `(${slug}-pagerduty-service id: assigned at deploy)`,
        type: "events_api_v2_inbound_integration",
      });
    }
  });

  it("maps each service in Datadog with its own integration key, as a secret", async () => {
    const { resources } = planned(await evaluateProgram({ stack }));
    for (const [slug, pagerdutyName] of expected.services) {
      const mapping = byName(resources, `${slug}-datadog-mapping`);
      expect(mapping.inputs.serviceName).toBe(pagerdutyName);
      expect(mapping.inputs.serviceKey).toBeInstanceOf(SecretInput);
      expect((mapping.inputs.serviceKey as SecretInput).value).toBe(routingKeyOf(slug));
    }
  });

  it("declares the draft validation monitor exactly as the runbook's step 5, with the mapped handle", async () => {
    const { resources } = planned(await evaluateProgram({ stack }));
    for (const [slug, pagerdutyName] of expected.services) {
      const handle = `@pagerduty-${pagerdutyName.replace(/ /g, "-")}`;
      expect(byName(resources, `${slug}-datadog-validation-monitor`).inputs).toEqual({
        name: `integration-validation datadog-to-pagerduty ${pagerdutyName}`,
        type: "query alert",
        query: "avg(last_5m):avg:system.load.1{*} > 100000",
        message: `Datadog to PagerDuty validation ${handle}`,
        tags: ["integration:datadog-pagerduty", `env:${stack}`, "managed-by:operator-wiring"],
        priority: "3",
        draftStatus: "draft",
        notifyNoData: false,
        includeTags: true,
        monitorThresholds: { critical: "100000" },
      });
    }
  });

  it("exports each handle equal to the mapped service name with dashes", async () => {
    const { outputs } = planned(await evaluateProgram({ stack }));
    const services = outputs.services.value as Record<string, { pagerdutyServiceName: string; datadogHandle: string; validationMonitorDraftStatus: string }>;
    expect(Object.values(services).map((s) => [s.pagerdutyServiceName, s.datadogHandle, s.validationMonitorDraftStatus])).toEqual(
      expected.services.map(([, name]) => [name, `@pagerduty-${name.replace(/ /g, "-")}`, "draft"]),
    );
  });

  it("keeps the integration key secret: marked in the resource options, only in secret outputs", async () => {
    const { resources, outputs } = planned(await evaluateProgram({ stack }));
    for (const [slug] of expected.services) {
      expect(byName(resources, `${slug}-pagerduty-events-v2`).options.additionalSecretOutputs).toEqual(["integrationKey"]);
    }
    expect(outputs.pagerdutyRoutingKeys.secret).toBe(true);
    const plain = JSON.stringify(Object.values(outputs).filter((o) => !o.secret).map((o) => o.value));
    expect(plain).not.toContain("offline-routing-key");
    expect(plain).not.toContain("offline-hec-token");
    expect(plain).not.toContain("canary");
  });

  it("retains the credential-bearing resources on destroy in prod only", async () => {
    const { resources } = planned(await evaluateProgram({ stack }));
    const retained = resources.filter((r) => r.options.retainOnDelete).map((r) => r.name).sort();
    expect(retained).toEqual(
      stack === "prod"
        ? [
            "checkout-api-pagerduty-events-v2",
            "checkout-api-pagerduty-service",
            "checkout-api-sentry-pagerduty-row",
            "datadog-pagerduty-integration",
            "opsgenie-team-payments",
            "payments-worker-opsgenie-integration",
            "payments-worker-pagerduty-escalation",
            "payments-worker-pagerduty-events-v2",
            "payments-worker-pagerduty-service",
            "payments-worker-sentry-opsgenie-row",
            "payments-worker-sentry-pagerduty-row",
            "splunk-token",
          ]
        : [],
    );
  });

  it("retains everything a retained resource refers to, so destroy deletes nothing a kept resource still uses", async () => {
    const { resources } = planned(await evaluateProgram({ stack }));
    const retained = new Set(resources.filter((r) => r.options.retainOnDelete).map((r) => r.name));
    const deletedButUsed = resources
      .filter((r) => retained.has(r.name))
      .flatMap((r) => [...referencedNames(r, resources), ...r.options.dependsOn].filter((used) => !retained.has(used)).map((used) => `${r.name} → ${used}`));
    // e.g. PagerDuty refuses to delete an escalation policy a (retained) service still uses.
    expect(deletedButUsed).toEqual([]);
  });

  it("marks every Events API v2 integration to be replaced, not renamed, when its name changes", async () => {
    const { resources } = planned(await evaluateProgram({ stack }));
    for (const [slug] of expected.services) expect(byName(resources, `${slug}-pagerduty-events-v2`).options.replaceOnChanges).toEqual(["name"]);
  });

  it("rotates every routing key when the key generation is raised, and the mappings follow (P12)", async () => {
    const { resources } = planned(await evaluateProgram({ stack, overrides: { pagerdutyKeyGeneration: 2 } }));
    for (const [slug] of expected.services) {
      expect(byName(resources, `${slug}-pagerduty-events-v2`).inputs.name).toBe("Events API v2 (key generation 2)");
      expect((byName(resources, `${slug}-datadog-mapping`).inputs.serviceKey as SecretInput).value).toBe(routingKeyOf(slug));
    }
  });

  it("with routingEnabled false drops exactly the routing and keeps services and keys", async () => {
    const withRouting = planned(await evaluateProgram({ stack }));
    const rolledBack = planned(await evaluateProgram({ stack, overrides: { routingEnabled: false } }));
    const routingTypes: string[] = [
      T.routing,
      T.mapping,
      T.validation,
      T.monitor,
      "operator-wiring:slack:Routing",
      "datadog:slack/channel:Channel",
      "datadog:opsgenie/serviceObject:ServiceObject",
      "operator-wiring:pagerduty:SlackConnections",
      "pagerduty:index/slackConnection:SlackConnection",
      "pulumi-nodejs:dynamic/sentry:Workflow",
      "pulumi:providers:sentry",
      "operator-wiring:sentry:DatadogForwarding",
      "sentry:index/sentryPlugin:SentryPlugin",
    ];
    expect(inventory(rolledBack.resources)).toEqual(inventory(withRouting.resources.filter((r) => !routingTypes.includes(r.type))));
    expect(rolledBack.outputs.pagerdutyRoutingKeys.secret).toBe(true);
    expect(Object.keys(rolledBack.outputs.pagerdutyRoutingKeys.value as object)).toHaveLength(expected.services.length);
    for (const [slug] of expected.services) {
      expect(byName(rolledBack.resources, `${slug}-pagerduty-service`).inputs).toEqual(byName(withRouting.resources, `${slug}-pagerduty-service`).inputs);
    }
  });
});

describe("providers", () => {
  it("get credentials only as secrets and the region from the stack", async () => {
    const { resources } = planned(
      await evaluateProgram({ stack: "dev", overrides: { datadogSite: "datadoghq.eu", pagerdutyRegion: "eu" } }),
    );
    const pd = byName(resources, "pagerduty");
    const dd = byName(resources, "datadog");
    expect(pd.inputs.serviceRegion).toBe("eu");
    expect(pd.inputs.token).toEqual(new SecretInput("canary-pagerduty-token"));
    expect(dd.inputs.apiUrl).toBe("https://api.datadoghq.eu/");
    expect(dd.inputs.validate).toBe("true");
    expect(dd.inputs.apiKey).toEqual(new SecretInput("canary-datadog-api-key"));
    expect(dd.inputs.appKey).toEqual(new SecretInput("canary-datadog-app-key"));
  });

  it("leave the US PagerDuty region to the provider's default", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "dev" }));
    expect(byName(resources, "pagerduty").inputs.serviceRegion).toBeUndefined();
  });
});

describe("the program", () => {
  it("looks up adopted escalation policies and makes no other call", async () => {
    const { invokes } = planned(await evaluateProgram({ stack: "staging" }));
    expect(invokes).toEqual([
      { token: "pagerduty:index/getEscalationPolicy:getEscalationPolicy", args: { name: "Platform On-call" } },
      { token: "pagerduty:index/getEscalationPolicy:getEscalationPolicy", args: { name: "Payments On-call" } },
    ]);
  });

  it("creates an escalation policy from config with its rules", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "prod" }));
    expect(byName(resources, "payments-worker-pagerduty-escalation").inputs).toEqual({
      name: "Payments Worker prod escalation",
      description: "Managed by operator-wiring.",
      numLoops: 2,
      rules: [
        { escalationDelayInMinutes: 15, targets: [{ type: "schedule_reference", id: "PPAYPRI" }] },
        {
          escalationDelayInMinutes: 30,
          targets: [
            { type: "schedule_reference", id: "PPAYSEC" },
            { type: "user_reference", id: "PLEADPY" },
          ],
        },
      ],
    });
  });

  it("makes the Datadog mappings wait for the tile the stack owns", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "prod" }));
    expect(byName(resources, "checkout-api-datadog").options.dependsOn).toEqual(["datadog-pagerduty-integration"]);
    expect(byName(resources, "checkout-api-datadog-validation").options.dependsOn).toEqual(["checkout-api-datadog-mapping"]);
  });

  it("publishes validation monitors only for a controlled incident test", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "dev", overrides: { controlledIncidentTest: true } }));
    expect(byName(resources, "default-service-datadog-validation-monitor").inputs.draftStatus).toBe("published");
  });

  it("declares nothing when the config is invalid, and says why", async () => {
    const evaluation = await evaluateProgram({ stack: "staging", overrides: { datadogSite: "datadoghq.co" } });
    expect(evaluation.ok).toBe(false);
    if (evaluation.ok) return;
    expect(evaluation.resourcesDeclared).toBe(0);
    expect(evaluation.error.split("\n")[0]).toBe('Stack "staging" has 1 configuration problem; nothing was created or changed:');
    expect(evaluation.error).toContain('key operator-wiring:datadogSite: is "datadoghq.co"');
  });

  it("scales to many services with unique resource names", async () => {
    const services = Array.from({ length: 30 }, (_, i) => ({ name: `Service ${i}`, escalationPolicy: { existing: { name: "Platform On-call" } } }));
    const { resources } = planned(await evaluateProgram({ stack: "staging", overrides: { services } }));
    const names = resources.map((r) => `${r.type} ${r.name}`);
    expect(new Set(names).size).toBe(names.length);
    expect(resources.filter((r) => r.type === T.monitor)).toHaveLength(30);
  });
});

describe("Splunk (P9)", () => {
  it("creates the stack's HEC token on the management port, its token a secret output", async () => {
    const { resources, outputs } = planned(await evaluateProgram({ stack: "prod" }));
    const token = byName(resources, "splunk-token");
    expect(token.inputs).toMatchObject({
      managementUrl: "https://splunk.example.com:8089",
      name: "operator-wiring-prod",
      defaultIndex: "ops",
      allowedIndexes: ["ops", "main"],
      sourcetype: "_json",
      insecureTls: false,
    });
    expect(token.options.additionalSecretOutputs).toEqual(["token"]);
    expect(token.parentType).toBe("operator-wiring:splunk:Hec");
    expect(outputs.splunkHec).toEqual({ value: { url: "https://splunk.example.com:8088", index: "ops", tokenManagedByStack: true }, secret: false });
    expect(outputs.splunkHecToken.secret).toBe(true);
    expect(JSON.stringify(token.inputs)).not.toContain("canary-splunk-management-token");
  });

  it("adopts an existing token instead (Splunk Cloud): no token resource, the token only as a secret output", async () => {
    const adopted = "00000000-0000-4000-8000-00000000ad0b";
    const { resources, outputs } = planned(
      await evaluateProgram({
        stack: "prod",
        overrides: { splunkManagementUrl: undefined, splunkHecToken: adopted },
        extraSecretKeys: ["operator-wiring:splunkHecToken"],
        splunkManagementToken: "",
      }),
    );
    expect(resources.filter((r) => r.type === T.hecToken)).toEqual([]);
    expect(outputs.splunkHecToken).toEqual({ value: adopted, secret: true });
    expect((outputs.splunkHec.value as { tokenManagedByStack: boolean }).tokenManagedByStack).toBe(false);
    const plain = JSON.stringify(Object.values(outputs).filter((o) => !o.secret).map((o) => o.value));
    expect(plain).not.toContain(adopted);
  });

  it("is off when no HEC URL is configured", async () => {
    const { resources, outputs } = planned(await evaluateProgram({ stack: "dev" }));
    expect(resources.filter((r) => r.type === T.splunk)).toEqual([]);
    expect(outputs.splunkHec.value).toBeNull();
  });

  it("refuses to plan a token without the management credential, naming the variables", async () => {
    const evaluation = await evaluateProgram({ stack: "staging", splunkManagementToken: "" });
    expect(evaluation.ok).toBe(false);
    if (!evaluation.ok) {
      expect(evaluation.resourcesDeclared).toBe(0);
      expect(evaluation.error).toContain(
        'Stack "staging", key operator-wiring:splunkManagementUrl: is set, but no Splunk management credential is in the environment to create the token with. Hint: export SPLUNK_MGMT_TOKEN',
      );
    }
  });
});

describe("Opsgenie (P7)", () => {
  const routed = [
    { name: "Checkout API", escalationPolicy: { existing: { name: "Platform On-call" } }, opsgenie: { team: "payments" } },
    { name: "Payments Worker", escalationPolicy: { existing: { name: "Payments On-call" } }, opsgenie: { team: "payments" } },
  ];

  it("creates one team, an API integration per service, and the Datadog route with a draft monitor on the handle", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "staging", overrides: { services: routed, opsgenieRegion: "eu" } }));
    expect(resources.filter((r) => r.type === "pulumi-nodejs:dynamic/opsgenie:Team").map((r) => [r.name, r.inputs.name, r.inputs.adopt, r.inputs.apiUrl])).toEqual([
      ["opsgenie-team-payments", "payments", false, "https://api.eu.opsgenie.com"],
    ]);
    const integration = byName(resources, "checkout-api-opsgenie-integration");
    expect(integration.inputs).toMatchObject({ name: "operator-wiring Checkout API staging for team payments", teamId: '(team "payments" id: assigned at deploy)' });
    expect(integration.options.additionalSecretOutputs).toEqual(["apiKey"]);
    const serviceObject = byName(resources, "checkout-api-opsgenie-service-object");
    expect(serviceObject.inputs.name).toBe("checkout-api-staging");
    expect(serviceObject.inputs.region).toBe("eu");
    expect((serviceObject.inputs.opsgenieApiKey as SecretInput).value).toBe("offline-opsgenie-key-for-checkout-api-opsgenie-integration");
    expect(byName(resources, "checkout-api-opsgenie-validation-monitor").inputs).toMatchObject({
      message: "Datadog to Opsgenie validation @opsgenie-checkout-api-staging",
      tags: ["integration:datadog-opsgenie", "env:staging", "managed-by:operator-wiring"],
      draftStatus: "draft",
    });
  });

  it("exports the keys only as a secret, and each service's handle", async () => {
    const { outputs } = planned(await evaluateProgram({ stack: "staging", overrides: { services: routed } }));
    expect(outputs.opsgenieApiKeys.secret).toBe(true);
    const services = outputs.services.value as Record<string, { opsgenie: { team: string; datadogHandle: string } }>;
    expect(services["Payments Worker"].opsgenie).toMatchObject({ team: "payments", datadogHandle: "@opsgenie-payments-worker-staging" });
    expect(JSON.stringify(Object.values(outputs).filter((o) => !o.secret).map((o) => o.value))).not.toContain("offline-opsgenie-key");
  });

  it("names the integration after its owner team: moving a service to another team replaces it under another name", async () => {
    const integrationOf = async (team: string) => {
      const services = [{ ...routed[0], opsgenie: { team } }];
      return byName(planned(await evaluateProgram({ stack: "prod", overrides: { services, pagerdutySlackWorkspaceId: undefined } })).resources, "checkout-api-opsgenie-integration");
    };
    const [before, after] = [await integrationOf("payments"), await integrationOf("platform")];
    // Another owner team is another integration (Opsgenie cannot move one), created before the old
    // one goes, and in prod the old one is retained: under one name Opsgenie would refuse it (409).
    expect(before.inputs.teamId).not.toEqual(after.inputs.teamId);
    expect(after.options.retainOnDelete).toBe(true);
    expect([before.inputs.name, after.inputs.name]).toEqual(["operator-wiring Checkout API prod for team payments", "operator-wiring Checkout API prod for team platform"]);
  });

  it("with routingEnabled false keeps the team and integration, drops the Datadog route", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "staging", overrides: { services: routed, routingEnabled: false } }));
    const opsgenieTypes = resources.filter((r) => r.name.includes("opsgenie")).map((r) => r.type).sort();
    expect(opsgenieTypes).toEqual([
      "operator-wiring:opsgenie:Routing",
      "operator-wiring:opsgenie:Routing",
      "pulumi-nodejs:dynamic/opsgenie:ApiIntegration",
      "pulumi-nodejs:dynamic/opsgenie:ApiIntegration",
      "pulumi-nodejs:dynamic/opsgenie:Team",
    ]);
  });

  it("retains the team and integrations on destroy in prod", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "prod", overrides: { services: routed, pagerdutySlackWorkspaceId: undefined } }));
    expect(resources.filter((r) => r.name.includes("opsgenie") && r.options.retainOnDelete).map((r) => r.name).sort()).toEqual([
      "checkout-api-opsgenie-integration",
      "opsgenie-team-payments",
      "payments-worker-opsgenie-integration",
    ]);
  });
});

describe("Slack (P8)", () => {
  const withSlack = [
    {
      name: "Checkout API",
      escalationPolicy: { existing: { name: "Platform On-call" } },
      slack: { routes: [{ account: "acme", channel: "#checkout-alerts" }, { account: "acme", channel: "#oncall" }] },
    },
  ];

  it("declares a Datadog Slack channel per route, each with a draft monitor on its handle", async () => {
    const { resources, outputs } = planned(await evaluateProgram({ stack: "staging", overrides: { services: withSlack } }));
    expect(resources.filter((r) => r.type === "datadog:slack/channel:Channel").map((r) => [r.name, r.inputs.accountName, r.inputs.channelName])).toEqual([
      ["slack-acme-checkout-alerts-channel", "acme", "#checkout-alerts"],
      ["slack-acme-oncall-channel", "acme", "#oncall"],
    ]);
    expect(byName(resources, "slack-acme-oncall-validation-monitor").inputs).toMatchObject({
      // The environment in the name, as in the PagerDuty and Opsgenie monitors': one channel routed from two stacks is two monitors.
      name: "integration-validation datadog-to-slack acme #oncall staging",
      message: "Datadog to Slack validation @slack-acme-oncall",
      tags: ["integration:datadog-slack", "env:staging", "managed-by:operator-wiring"],
      draftStatus: "draft",
    });
    const services = outputs.services.value as Record<string, { slackHandles: string[] }>;
    expect(services["Checkout API"].slackHandles).toEqual(["@slack-acme-checkout-alerts", "@slack-acme-oncall"]);
  });

  it("drops the Slack routes with routingEnabled false", async () => {
    const { resources } = planned(await evaluateProgram({ stack: "staging", overrides: { services: withSlack, routingEnabled: false } }));
    expect(resources.filter((r) => r.name.includes("slack"))).toEqual([]);
  });
});
