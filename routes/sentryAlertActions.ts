import type { SentryActionRecord } from "./inventory";

/**
 * A legacy rule's actions in the rule engine's spelling (components/sentryRuleActions.ts writes
 * them so): PagerDuty `account`/`service` (integration and service-table row ids), Opsgenie
 * `team` (its team-table row id), Slack `workspace`/`channel`.
 * @see https://docs.sentry.io/api/alerts/create-an-issue-alert-rule-for-a-project/
 */
export function ruleActionRecords(actions: readonly Record<string, unknown>[]): SentryActionRecord[] {
  return actions.flatMap((action): SentryActionRecord[] => {
    const id = String(action.id ?? "");
    if (id.includes(".pagerduty.")) return [{ type: "pagerduty", target: String(action.service ?? ""), integrationId: String(action.account ?? "") }];
    if (id.includes(".opsgenie.")) return [{ type: "opsgenie", target: String(action.team ?? ""), integrationId: String(action.account ?? "") }];
    if (id.includes(".slack.")) return [{ type: "slack", target: String(action.channel ?? "").replace(/^#/, ""), integrationId: String(action.workspace ?? "") }];
    return [];
  });
}

/**
 * A workflow's actions as Sentry's workflow serializer shows them: the PagerDuty and Opsgenie
 * actions' `targetIdentifier` is the row id, a Slack action's `targetDisplay` the channel.
 * @see https://docs.sentry.io/api/monitors/
 */
export function workflowActionRecords(actions: readonly { type: string; integrationId?: unknown; config?: Record<string, unknown> | null }[]): SentryActionRecord[] {
  return actions.flatMap((action): SentryActionRecord[] => {
    const integrationId = String(action.integrationId ?? "");
    if (action.type === "pagerduty" || action.type === "opsgenie") return [{ type: action.type, target: String(action.config?.targetIdentifier ?? ""), integrationId }];
    if (action.type === "slack") return [{ type: "slack", target: String(action.config?.targetDisplay ?? "").replace(/^#/, ""), integrationId }];
    return [];
  });
}
