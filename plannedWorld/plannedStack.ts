import type { Environment } from "../config/projectKeys";
import type { ServiceSettings } from "../config/stackSettings";

/**
 * The Sentry integration ids the planned world installs (the PagerDuty, Opsgenie and Slack
 * integrations an operator installs by hand, through OAuth): the program is told these when it
 * asks what the organization has, so its rows and alerts name them.
 */
export const worldSentryIntegrations = { pagerduty: "101", opsgenie: "102", slack: "103" } as const;

/** Where a workflow body names its project's error detector, which the Sentry mock assigns when seeded. */
export const detectorPlaceholder = (project: string): string => `(error detector of project "${project}": assigned when seeded)`;

/** The parts of a stack's settings the world and the chain read: plain data, no secret. */
export interface StackFacts {
  stack: string;
  environment: Environment;
  routingEnabled: boolean;
  monitorDraftStatus: "draft" | "published";
  services: Pick<ServiceSettings, "slug" | "name" | "pagerdutyServiceName" | "escalationPolicy" | "slackRoutes" | "sentry" | "opsgenie">[];
  sentry?: { organization: string; alerting: "workflows" | "rules"; pagerdutyIntegrationName?: string };
  opsgenie?: { region: "us" | "eu" };
  /** The Slack workspace connected to PagerDuty, when routes get PagerDuty Slack connections. */
  pagerdutySlackWorkspaceId?: string;
}

/** A resource as the program declared it, secrets as their (offline) values. */
export interface PlannedResource {
  type: string;
  name: string;
  inputs: Record<string, unknown>;
}

/** What one stack's plan gives the world: its facts, resources, lookups and outputs. */
export type PlannedStack =
  | {
      ok: true;
      facts: StackFacts;
      resources: PlannedResource[];
      /** The escalation policies the program looked up by name. */
      lookedUpPolicies: string[];
      /** Sentry workflow bodies as the dynamic provider would POST them, by resource name (detector id a placeholder). */
      workflowBodies: Record<string, Record<string, unknown>>;
      outputs: Record<string, unknown>;
    }
  | { ok: false; stack: string; error: string };
