import type * as pulumi from "@pulumi/pulumi";
import * as providerChecks from "./providerChecks";

/**
 * The actions of a SentryWorkflow's one action filter: a PagerDuty page, optionally an Opsgenie
 * alert and Slack messages: their types, and how the provider writes and reads them back
 * (`check` and error hints: sentryWorkflowActionChecks.ts).
 * Closure rule as in vendors/sentry/sentryApi.ts: helpers are bound to locals, nothing here uses an import at run time.
 */

const definedOnly = providerChecks.definedOnly;

/** The PagerDuty severity of the page, in Sentry's spelling (`default` lets Sentry map the level). */
export type SentryPagerDutyPriority = "default" | "critical" | "warning" | "error" | "info";
/** The Opsgenie alert priority, in Opsgenie's spelling. */
export type SentryOpsgeniePriority = "P1" | "P2" | "P3" | "P4" | "P5";

export interface SentryWorkflowPagerDuty {
  integrationId: string;
  rowId: string;
  serviceName: string;
  priority: SentryPagerDutyPriority;
}

export interface SentryWorkflowOpsgenie {
  integrationId: string;
  teamRowId: string;
  teamName: string;
  priority: SentryOpsgeniePriority;
}

export interface SentryWorkflowSlackChannel {
  integrationId: string;
  /** `#name`. */
  channel: string;
  channelId?: string;
}

export interface SentryWorkflowPagerDutyArgs {
  /** The organisation's installed PagerDuty integration id (digits); the action's `integrationId`. */
  integrationId: pulumi.Input<string>;
  /**
   * The service-table row to page (Sentry's row id, digits): pass a `SentryServiceTableRow`'s
   * `rowId` so the workflow follows the row. Sentry refuses a row id its table does not have (400).
   */
  rowId: pulumi.Input<string>;
  /** The PagerDuty service name Sentry shows for the target (`targetDisplay`). */
  serviceName: pulumi.Input<string>;
  /** The PagerDuty severity of the page. `default` lets Sentry derive it from the level. */
  priority: pulumi.Input<SentryPagerDutyPriority>;
}

export interface SentryWorkflowOpsgenieArgs {
  /** The organisation's installed Opsgenie integration id (digits); the action's `integrationId`. */
  integrationId: pulumi.Input<string>;
  /**
   * The team to alert: the id of its row in the Opsgenie integration's team table in Sentry,
   * `<id>-<team>` (e.g. `42-Payments`), not Opsgenie's team id. Sentry refuses a row the table
   * does not have (400).
   */
  teamRowId: pulumi.Input<string>;
  /** The team's label Sentry shows for the target (`targetDisplay`). */
  teamName: pulumi.Input<string>;
  /** The Opsgenie alert priority, `P1` (highest) to `P5`. */
  priority: pulumi.Input<SentryOpsgeniePriority>;
}

export interface SentryWorkflowSlackChannelArgs {
  /** The organisation's installed Slack integration (the workspace) id, digits. */
  integrationId: pulumi.Input<string>;
  /**
   * The channel's name with its `#` (`targetDisplay`), e.g. `#alerts-checkout`. A private
   * channel needs the Sentry app invited, or Sentry cannot find it (400).
   */
  channel: pulumi.Input<string>;
  /**
   * The Slack channel id (`C…` or `G…`). Unset: Sentry looks the channel up by name on every
   * create and update and stores the id it found (left out of the outputs). Given: Sentry checks
   * with Slack that the id is that channel (400 on a mismatch) instead of a lookup, which can
   * time out in a large workspace.
   */
  channelId?: pulumi.Input<string>;
}

/** The action part of the workflow's inputs. */
export interface SentryWorkflowActionInputs {
  pagerduty: SentryWorkflowPagerDuty;
  opsgenie?: SentryWorkflowOpsgenie;
  slack?: SentryWorkflowSlackChannel[];
}

/** The action part of the outputs: the Slack list is always there, empty when there is none. */
export type SentryWorkflowActionOutputs = SentryWorkflowActionInputs & { slack: SentryWorkflowSlackChannel[] };

/** An action as Sentry's workflow serializer shows it. */
export interface ActionView {
  id: string;
  type: string;
  integrationId: string | null;
  config?: Record<string, unknown>;
  data?: Record<string, unknown>;
}

/** The action types this resource writes: the action filter holding one of them is the one it manages. */
export const managedActionTypes = ["pagerduty", "opsgenie", "slack"];

/**
 * A Slack channel's identity across a round trip: Sentry stores `#name` after looking a name up
 * itself but the bare `name` when it was given the id (`SlackNotifyServiceForm`), so the `#` is
 * not part of it. A member target (`@name`) keeps its `@`.
 */
export function slackKey(integrationId: unknown, display: unknown): string {
  return `${String(integrationId)}/${String(display ?? "").replace(/^#+/, "")}`;
}

/**
 * The action filter's actions for a create / update body. Given the filter's current actions,
 * the PagerDuty and Opsgenie actions and each Slack channel (matched by integration and name)
 * keep their ids: a PUT deletes and re-creates what it does not list by id.
 */
export function workflowActions(inputs: SentryWorkflowActionInputs, current: ActionView[] = []): Record<string, unknown>[] {
  const idOf = (action: ActionView | undefined) => (action ? { id: action.id } : {});
  const pd = inputs.pagerduty;
  const actions: Record<string, unknown>[] = [
    {
      ...idOf(current.find((a) => a.type === "pagerduty")),
      type: "pagerduty",
      integrationId: pd.integrationId,
      // targetIdentifier is the service-table row id, not the PagerDuty service name.
      config: { targetType: "specific", targetIdentifier: pd.rowId, targetDisplay: pd.serviceName },
      data: { priority: pd.priority },
    },
  ];
  const og = inputs.opsgenie;
  if (og) {
    actions.push({
      ...idOf(current.find((a) => a.type === "opsgenie")),
      type: "opsgenie",
      integrationId: og.integrationId,
      // targetIdentifier is the team-table row id (`<id>-<team>`), the team's label its display.
      config: { targetType: "specific", targetIdentifier: og.teamRowId, targetDisplay: og.teamName },
      data: { priority: og.priority },
    });
  }
  for (const slack of inputs.slack ?? []) {
    const key = slackKey(slack.integrationId, slack.channel);
    actions.push({
      ...idOf(current.find((a) => a.type === "slack" && slackKey(a.integrationId, a.config?.targetDisplay) === key)),
      type: "slack",
      integrationId: slack.integrationId,
      // An empty identifier makes Sentry look the channel up by name in the workspace.
      config: { targetType: "specific", targetIdentifier: slack.channelId ?? "", targetDisplay: slack.channel },
      data: { tags: "", notes: "" },
    });
  }
  return actions;
}

/** The action inputs as the outputs carry them: only the known fields, no undefined (Pulumi's Struct refuses it). */
export function pickActions(inputs: SentryWorkflowActionInputs): SentryWorkflowActionOutputs {
  const { integrationId, rowId, serviceName, priority } = inputs.pagerduty;
  const og = inputs.opsgenie;
  return definedOnly({
    pagerduty: { integrationId, rowId, serviceName, priority },
    opsgenie: og && { integrationId: og.integrationId, teamRowId: og.teamRowId, teamName: og.teamName, priority: og.priority },
    slack: (inputs.slack ?? []).map((s) => definedOnly({ integrationId: s.integrationId, channel: s.channel, channelId: s.channelId })),
  });
}

/**
 * The actions as Sentry has them now, in the inputs' shape; `declared` (the state) tells which
 * Slack channels were declared without an id, whose id Sentry looked up and the outputs leave out.
 */
export function readActions(actions: ActionView[], declared?: Partial<SentryWorkflowActionInputs>): SentryWorkflowActionOutputs {
  const pd = actions.find((a) => a.type === "pagerduty");
  const og = actions.find((a) => a.type === "opsgenie");
  const pagerduty = pd
    ? {
        integrationId: String(pd.integrationId),
        rowId: String(pd.config?.targetIdentifier),
        serviceName: String(pd.config?.targetDisplay),
        priority: String(pd.data?.priority ?? "default") as SentryPagerDutyPriority,
      }
    : // No PagerDuty action any more: an empty object differs from the inputs, so the next up restores it.
      ({} as SentryWorkflowPagerDuty);
  const opsgenie = og && {
    integrationId: String(og.integrationId),
    teamRowId: String(og.config?.targetIdentifier),
    teamName: String(og.config?.targetDisplay),
    // P3 is Opsgenie's own default when an alert names no priority.
    priority: String(og.data?.priority ?? "P3") as SentryOpsgeniePriority,
  };
  const slack = actions
    .filter((a) => a.type === "slack")
    .map((a) => {
      const display = String(a.config?.targetDisplay ?? "");
      const key = slackKey(a.integrationId, display);
      const byName = declared?.slack?.find((s) => slackKey(s.integrationId, s.channel) === key && s.channelId === undefined);
      const channelId = String(a.config?.targetIdentifier ?? "");
      return definedOnly({
        integrationId: String(a.integrationId),
        channel: display.startsWith("@") ? display : `#${display.replace(/^#+/, "")}`,
        // Reporting the id Sentry looked up for a channel declared by name would be a diff on every refresh.
        channelId: byName || channelId === "" ? undefined : channelId,
      });
    });
  return definedOnly({ pagerduty, opsgenie, slack });
}
