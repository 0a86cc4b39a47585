import type * as pulumi from "@pulumi/pulumi";
import type { ServiceSentrySettings } from "../config/stackSettings";
import type { SentryIntegrationRef } from "../lookups/sentryOrganization";

/** Opsgenie's priority for a Sentry PagerDuty severity, so both pages carry the same weight. */
export function opsgeniePriorityFor(priority: ServiceSentrySettings["priority"]): "P1" | "P2" | "P3" | "P4" | "P5" {
  const map = { critical: "P1", error: "P2", warning: "P3", default: "P3", info: "P5" } as const;
  return map[priority];
}

type RuleMap = Record<string, pulumi.Input<string>>;

/** The legacy rule's triggers, the same as the workflow's: a new issue or a regression. */
export const sentryRuleConditions: RuleMap[] = [
  { id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" },
  { id: "sentry.rules.conditions.regression_event.RegressionEventCondition" },
];

export interface RuleActionTargets {
  pagerduty: { integrationId: string; rowId: pulumi.Input<string>; priority: ServiceSentrySettings["priority"] };
  opsgenie?: { integrationId: string; teamRowId: pulumi.Input<string>; priority: string };
  slack: { integration: SentryIntegrationRef; channel: string; channelId?: string }[];
}

/**
 * The actions of a legacy project rule (`/projects/{org}/{project}/rules/`) in the rule
 * engine's own spelling: `account`/`service` are the integration and service-table row ids
 * (not the PagerDuty service name), Opsgenie's `team` is its team-table row id, Slack's
 * `workspace` the integration id. @pulumiverse/sentry takes them as string maps.
 * @see https://docs.sentry.io/api/alerts/create-an-issue-alert-rule-for-a-project/
 */
export function sentryRuleActions(targets: RuleActionTargets): RuleMap[] {
  const actions: RuleMap[] = [
    {
      id: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction",
      account: targets.pagerduty.integrationId,
      service: targets.pagerduty.rowId,
      severity: targets.pagerduty.priority,
    },
  ];
  if (targets.opsgenie) {
    actions.push({
      id: "sentry.integrations.opsgenie.notify_action.OpsgenieNotifyTeamAction",
      account: targets.opsgenie.integrationId,
      team: targets.opsgenie.teamRowId,
      priority: targets.opsgenie.priority,
    });
  }
  for (const slack of targets.slack) {
    actions.push({
      id: "sentry.integrations.slack.notify_action.SlackNotifyServiceAction",
      workspace: slack.integration.id,
      channel: slack.channel,
      ...(slack.channelId ? { channel_id: slack.channelId } : {}),
      tags: "environment,level",
    });
  }
  return actions;
}
