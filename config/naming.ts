import type { Environment } from "./projectKeys";

/**
 * How names are derived. Everything that must agree (the PagerDuty service name, the
 * Datadog mapping, the `@pagerduty-…` handle in monitor messages, Pulumi resource names)
 * is computed here, once.
 */

/** Characters a service name may use: each survives unchanged into a Datadog handle. */
export const serviceNamePattern = /^[A-Za-z0-9](?:[A-Za-z0-9 ._-]*[A-Za-z0-9])?$/;

/** PagerDuty limits service names to 255 characters; the environment suffix needs room. */
export const maxServiceNameLength = 200;

/**
 * The PagerDuty service name for a service in an environment: the environment is part of
 * the name so that dev, staging and prod services in one PagerDuty account never collide.
 */
export function pagerdutyServiceName(name: string, environment: Environment): string {
  return `${name} ${environment}`;
}

/**
 * The Datadog notification handle for a PagerDuty service mapping: the mapped service
 * name with spaces as dashes (runbook step 4: "Default Service" → `@pagerduty-Default-Service`).
 * @see https://docs.datadoghq.com/integrations/pagerduty/
 */
export function pagerdutyHandle(mappedServiceName: string): string {
  return `@pagerduty-${mappedServiceName.replace(/ /g, "-")}`;
}

/**
 * The Pulumi resource-name stem for a service. Two names with the same stem would also
 * share a Datadog handle (handles compare case-insensitively), so config validation
 * refuses them; the stem is therefore unique within a stack.
 */
export function serviceSlug(name: string): string {
  return name.replace(/ /g, "-").toLowerCase();
}

/**
 * The Datadog notification handle of a Slack channel route: `@slack-<account>-<channel>`
 * with the channel's `#` dropped.
 * @see https://docs.datadoghq.com/integrations/slack/
 */
export function slackHandle(account: string, channel: string): string {
  return `@slack-${account}-${channel.replace(/^#/, "")}`;
}

/**
 * The Datadog notification handle of an Opsgenie service object: `@opsgenie-<name>`.
 * @see https://docs.datadoghq.com/integrations/opsgenie/
 */
export function opsgenieHandle(serviceObjectName: string): string {
  return `@opsgenie-${serviceObjectName}`;
}

/**
 * One Datadog Slack channel per key: the stack declares one channel resource for every route
 * to it, whichever services share it. Account names are matched ignoring case, as the
 * resource names that carry them are lower case; channel names are lower case already.
 */
export function slackChannelKey(account: string, channel: string): string {
  return `${account.toLowerCase()}/${channel}`;
}

/** The Pulumi resource-name stem for a free-form name such as an Opsgenie team's. */
export function nameSlug(name: string): string {
  return name.trim().toLowerCase().replace(/[^a-z0-9._-]+/g, "-");
}

/**
 * The name of a service's Opsgenie API integration, unique in the account (Opsgenie refuses a
 * second integration of one name). The owner team is in it because a change of team replaces
 * the integration, the new one created before the old one is deleted (or, retained, never is).
 */
export function opsgenieIntegrationName(pagerdutyServiceName: string, team: string): string {
  return `operator-wiring ${pagerdutyServiceName} for team ${team}`;
}

/** What an integration name made by opsgenieIntegrationName names, or undefined for a name made otherwise (by hand). */
export function opsgenieIntegrationNamed(name: string): { pagerdutyServiceName: string; team: string } | undefined {
  const named = /^operator-wiring (.+) for team (.+)$/.exec(name);
  return named ? { pagerdutyServiceName: named[1], team: named[2] } : undefined;
}

/**
 * The names of the draft validation monitors (P4), one per route kind. The PagerDuty one names
 * the mapped service (its name carries the environment), the Opsgenie one the service object
 * (likewise); a Slack channel is shared by environments, so its monitor names the environment.
 * verify --chain finds the monitors by these names.
 */
export const validationMonitorName = {
  pagerduty: (mappedServiceName: string) => `integration-validation datadog-to-pagerduty ${mappedServiceName}`,
  opsgenie: (serviceObjectName: string) => `integration-validation datadog-to-opsgenie ${serviceObjectName}`,
  slack: (account: string, channel: string, environment: string) => `integration-validation datadog-to-slack ${account} ${channel} ${environment}`,
};

/** A validation monitor, by the names above or the `integration:` tag the program gives each. */
export function isValidationMonitor(name: string, tags: readonly unknown[]): boolean {
  return name.startsWith("integration-validation") || tags.some((t) => String(t).startsWith("integration:"));
}
