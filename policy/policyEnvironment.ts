/**
 * What the pack's policies share: which environment a stack is (the pack cannot read the stack's
 * configuration, only its resources), and which of the program's resources hold what.
 */

import { isValidationMonitor as isValidationName } from "../config/naming";

const environments = ["dev", "staging", "prod"] as const;

/** The pack's config schema for the `environment` it may be told (`--policy-pack-config`). */
export const environmentConfigSchema = { properties: { environment: { type: "string" as const } } };

/** The environment of the stack a validated resource belongs to: environmentOf, with the pack's configured one. */
export function resourceEnvironment(args: { urn: string; getConfig<T extends object>(): T }): string | undefined {
  return environmentOf(args.urn, args.getConfig<{ environment?: string }>().environment);
}

/**
 * The environment a resource's stack stands for: the `environment` the pack was configured with
 * (`--policy-pack-config`), else the stack in its URN (`urn:pulumi:<stack>::…`) when that is
 * `dev`, `staging`, `prod` or a rehearsal stack of one (`rehearsal-prod`).
 */
export function environmentOf(urn: string, configured?: string): string | undefined {
  if (configured) return configured;
  const stack = /^urn:pulumi:([^:]+)::/.exec(urn)?.[1] ?? "";
  return environments.find((e) => stack === e || stack === `rehearsal-${e}`);
}

/** Outputs that are credentials, by resource type: each must be an additional secret output. */
export const credentialOutputs: Record<string, string> = {
  "pagerduty:index/serviceIntegration:ServiceIntegration": "integrationKey",
  "pulumi-nodejs:dynamic/opsgenie:ApiIntegration": "apiKey",
  "pulumi-nodejs:dynamic/splunk:HecToken": "token",
  "pulumi-nodejs:dynamic/sentry:ServiceTableRow": "integrationKey",
  "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow": "integrationKey",
  "datadog:pagerduty/serviceObject:ServiceObject": "serviceKey",
  "datadog:opsgenie/serviceObject:ServiceObject": "opsgenieApiKey",
};

/**
 * Inputs that hold a credential by design, by resource type: secret in the provider's schema or
 * made secret by the program. A credential anywhere else is in plain text.
 */
export const credentialInputs: Record<string, string[]> = {
  "pulumi:providers:pagerduty": ["token", "userToken"],
  "pulumi:providers:datadog": ["apiKey", "appKey"],
  "pulumi:providers:sentry": ["token"],
  "datadog:pagerduty/serviceObject:ServiceObject": ["serviceKey"],
  "datadog:opsgenie/serviceObject:ServiceObject": ["opsgenieApiKey"],
  "pulumi-nodejs:dynamic/sentry:ServiceTableRow": ["integrationKey"],
  "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow": ["integrationKey"],
  // The Webhooks plugin's URL is Datadog's intake with the API key in its query.
  "sentry:index/sentryPlugin:SentryPlugin": ["config"],
};

/** Inputs that look like credentials and are not: an Opsgenie team id is a UUID, the serialized provider code carries Pulumi's unknown-value UUID. */
export const notCredentials: Record<string, string[]> = {
  "pulumi-nodejs:dynamic/opsgenie:ApiIntegration": ["teamId"],
};

/**
 * Resources whose deletion revokes a credential that senders or Sentry still use: a PagerDuty
 * Events v2 integration (its routing key), an Opsgenie API integration (its key), a Splunk HEC
 * token, a Sentry table row (the key Sentry pages with).
 */
export const credentialHolders = [
  "pagerduty:index/serviceIntegration:ServiceIntegration",
  "pulumi-nodejs:dynamic/opsgenie:ApiIntegration",
  "pulumi-nodejs:dynamic/splunk:HecToken",
  "pulumi-nodejs:dynamic/sentry:ServiceTableRow",
  "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow",
];

/** The name a vendor shows, by resource type: where the environment must appear. */
export const vendorNames: Record<string, string> = {
  "pagerduty:index/service:Service": "name",
  "pagerduty:index/escalationPolicy:EscalationPolicy": "name",
  "datadog:index/monitor:Monitor": "name",
  "datadog:pagerduty/serviceObject:ServiceObject": "serviceName",
  "datadog:opsgenie/serviceObject:ServiceObject": "name",
  "pulumi-nodejs:dynamic/opsgenie:ApiIntegration": "name",
  "pulumi-nodejs:dynamic/sentry:Workflow": "name",
  "pulumi-nodejs:dynamic/sentry:ServiceTableRow": "service",
  "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow": "team",
  "pulumi-nodejs:dynamic/splunk:HecToken": "name",
  "sentry:index/sentryIssueAlert:SentryIssueAlert": "name",
};

/** A monitor the stack uses to validate a route: the program names and tags them so. */
export function isValidationMonitor(props: Record<string, unknown>): boolean {
  return isValidationName(String(props.name ?? ""), Array.isArray(props.tags) ? (props.tags as unknown[]) : []);
}
