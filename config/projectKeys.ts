import { z } from "zod";
import { datadogSites, pagerdutyRegions } from "./regions";

/** The Pulumi project name: the namespace of every project config key. */
export const projectName = "operator-wiring";

/** The stacks this project ships, in promotion order. */
export const environments = ["dev", "staging", "prod"] as const;
export type Environment = (typeof environments)[number];

/** Sentry's PagerDuty action severities. */
export const sentryPagerdutyPriorities = ["default", "critical", "warning", "error", "info"] as const;
/** Sentry's allowed minutes between two actions for one issue. */
export const sentryFrequencies = [0, 5, 10, 30, 60, 180, 720, 1440] as const;
/** Sentry's alerting API: the workflow engine (current) or the deprecated project rules (self-hosted without workflows). */
export const sentryAlertingModes = ["workflows", "rules"] as const;

const escalationTargetSchema = z.strictObject({
  type: z.enum(["user_reference", "schedule_reference"]),
  id: z.string(),
});

const escalationRuleSchema = z.strictObject({
  delayMinutes: z.int(),
  targets: z.array(escalationTargetSchema).min(1),
});

const serviceSchema = z.strictObject({
  name: z.string(),
  description: z.string().optional(),
  urgency: z.enum(["high", "low"]).default("high"),
  opsgenie: z
    .strictObject({
      /** The Opsgenie team alerts go to. */
      team: z.string(),
      /** Look the team up and leave it unmanaged, instead of creating it. */
      adoptTeam: z.boolean().default(false),
    })
    .optional(),
  slack: z
    .strictObject({
      /** Datadog Slack channel routes: the Slack app must already be installed in the workspace. */
      routes: z
        .array(
          z.strictObject({
            account: z.string(),
            channel: z.string(),
            /** The channel's id (C…/G…): PagerDuty's Slack connection and Sentry's Slack action target channels by id. */
            channelId: z.string().optional(),
          }),
        )
        .min(1),
    })
    .optional(),
  sentry: z
    .strictObject({
      /** The Sentry project (slug) whose new and regressed issues page this service. */
      project: z.string(),
      /** The PagerDuty severity of Sentry's page; `default` lets Sentry derive it from the level. */
      priority: z.enum(sentryPagerdutyPriorities).default("default"),
      /** Only issues from this Sentry environment page; unset: every environment. */
      environment: z.string().optional(),
      /** Minutes before the same issue pages again (Sentry's allowed values). */
      frequencyMinutes: z.literal(sentryFrequencies).default(30),
    })
    .optional(),
  escalationPolicy: z.strictObject({
    existing: z.strictObject({ name: z.string() }).optional(),
    create: z
      .strictObject({
        name: z.string().optional(),
        numLoops: z.int().min(0).max(9).default(0),
        rules: z.array(escalationRuleSchema).min(1),
      })
      .optional(),
  }),
});

/**
 * The shape of the project's config (`operator-wiring:*`), after each raw value is decoded.
 * Defaults here must equal the `default`s declared in Pulumi.yaml; a test holds them together.
 * Meaning (ranges, names, cross-key rules) is checked after the shape, in plain code.
 */
export const projectConfigSchema = z.strictObject({
  environment: z.enum(environments).optional(),
  services: z.array(serviceSchema).min(1),
  datadogSite: z.enum(datadogSites).default("datadoghq.com"),
  pagerdutyRegion: z.enum(pagerdutyRegions).default("us"),
  allowCrossRegion: z.boolean().default(false),
  routingEnabled: z.boolean().default(true),
  controlledIncidentTest: z.boolean().default(false),
  manageDatadogPagerdutyIntegration: z.boolean().default(false),
  pagerdutySubdomain: z.string().optional(),
  pagerdutySchedules: z.array(z.string()).default([]),
  pagerdutyKeyGeneration: z.int().min(1).default(1),
  opsgenieRegion: z.enum(["us", "eu"]).default("us"),
  splunkHecUrl: z.string().optional(),
  splunkManagementUrl: z.string().optional(),
  splunkHecToken: z.string().optional(),
  splunkTokenName: z.string().optional(),
  splunkIndex: z.string().default("main"),
  splunkAllowedIndexes: z.array(z.string()).default([]),
  splunkInsecureTls: z.boolean().default(false),
  pagerdutySlackWorkspaceId: z.string().optional(),
  sentryOrganization: z.string().optional(),
  sentryApiUrl: z.string().default("https://sentry.io/api/0"),
  sentryAlerting: z.enum(sentryAlertingModes).default("workflows"),
  sentryPagerdutyIntegration: z.string().optional(),
  sentryDatadogForwarding: z.boolean().default(false),
});
export type ProjectConfig = z.infer<typeof projectConfigSchema>;
export type ServiceConfig = ProjectConfig["services"][number];
export type EscalationRuleConfig = z.infer<typeof escalationRuleSchema>;

/** How the CLI hands a key's value to the program: plain text, or JSON for anything else. */
export type RawValueKind = "string" | "json";

interface ProjectKey {
  kind: RawValueKind;
  /** How to fix a wrong value, shown after `Hint:`. */
  hint: string;
  /**
   * An optional key. The CLI refuses to run a stack that leaves unset a key declared without
   * a default ("Stack 'dev' is missing configuration value …"), so these are declared in
   * Pulumi.yaml with `default: ""` and "" is how an unset value reaches the program.
   */
  optional?: true;
}

const sites = datadogSites.join(", ");

/** Every project key, with how its raw value is decoded and how to fix a bad one. */
export const projectKeys: Record<keyof ProjectConfig, ProjectKey> = {
  environment: {
    kind: "string",
    optional: true,
    hint: `set it to one of ${environments.join(", ")}: pulumi config set ${projectName}:environment <env>.`,
  },
  services: {
    kind: "json",
    hint: "list the services as objects with name and escalationPolicy (README, section Configuration).",
  },
  datadogSite: {
    kind: "string",
    hint: `use the host of your Datadog URL without "app.", one of ${sites}.`,
  },
  pagerdutyRegion: {
    kind: "string",
    hint: `use "us" for app.pagerduty.com accounts or "eu" for app.eu.pagerduty.com accounts.`,
  },
  allowCrossRegion: { kind: "json", hint: "set it to true or false." },
  routingEnabled: { kind: "json", hint: "set it to true or false." },
  controlledIncidentTest: { kind: "json", hint: "set it to true or false." },
  manageDatadogPagerdutyIntegration: { kind: "json", hint: "set it to true or false." },
  pagerdutySubdomain: {
    kind: "string",
    optional: true,
    hint: `set it to the part of your PagerDuty URL before ".pagerduty.com", e.g. "acme".`,
  },
  pagerdutyKeyGeneration: {
    kind: "json",
    hint: "give a whole number, at least 1; raise it by one to rotate every service's PagerDuty routing key.",
  },
  opsgenieRegion: { kind: "string", hint: 'use "us" for api.opsgenie.com accounts or "eu" for api.eu.opsgenie.com accounts.' },
  splunkHecUrl: { kind: "string", optional: true, hint: "set it to the HEC base URL, e.g. https://splunk.example.com:8088." },
  splunkManagementUrl: { kind: "string", optional: true, hint: "set it to the management URL, e.g. https://splunk.example.com:8089 (self-managed Splunk)." },
  splunkHecToken: {
    kind: "string",
    optional: true,
    hint: "store an existing token encrypted: pulumi config set --secret operator-wiring:splunkHecToken <token> (Splunk Cloud).",
  },
  splunkTokenName: { kind: "string", optional: true, hint: "give the HEC token a name without \"/\", e.g. operator-wiring-prod." },
  splunkIndex: { kind: "string", hint: "give the index events go to, e.g. main." },
  splunkAllowedIndexes: { kind: "json", hint: "list the indexes the token may write to; it must include operator-wiring:splunkIndex." },
  splunkInsecureTls: { kind: "json", hint: "set it to true or false." },
  pagerdutySlackWorkspaceId: {
    kind: "string",
    optional: true,
    hint: "give the id of the Slack workspace connected to PagerDuty (T followed by letters and digits; PagerDuty → Integrations → Slack).",
  },
  sentryOrganization: { kind: "string", optional: true, hint: "give the organization's slug, as in https://sentry.io/organizations/<slug>/." },
  sentryApiUrl: {
    kind: "string",
    hint: "give Sentry's web API base ending in /api/0: https://sentry.io/api/0, https://de.sentry.io/api/0, or https://<self-hosted>/api/0.",
  },
  sentryAlerting: {
    kind: "string",
    hint: 'use "workflows" (Sentry\'s current alerting API) or "rules" (only for self-hosted Sentry without workflows).',
  },
  sentryPagerdutyIntegration: {
    kind: "string",
    optional: true,
    hint: "give the name of the Sentry PagerDuty integration to use, as Sentry → Settings → Integrations → PagerDuty lists it.",
  },
  sentryDatadogForwarding: { kind: "json", hint: "set it to true or false." },
  pagerdutySchedules: {
    kind: "json",
    hint: "list PagerDuty schedule URLs, e.g. [\"https://acme.pagerduty.com/schedules#P1ABCDE\"].",
  },
};

export function isProjectKey(key: string): key is keyof ProjectConfig {
  return Object.hasOwn(projectKeys, key);
}
