import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";
import type { SentrySettings, ServiceSentrySettings } from "../config/stackSettings";
import type { ServiceSentryTargets } from "../lookups/sentryTargets";
import { SentryOpsgenieTeamRow } from "./dynamic/sentryOpsgenieTeamRow";
import { SentryServiceTableRow } from "./dynamic/sentryServiceTableRow";
import { SentryWorkflow } from "./dynamic/sentryWorkflow";
import { opsgeniePriorityFor, sentryRuleActions, sentryRuleConditions } from "./sentryRuleActions";

export interface SentryRoutingArgs {
  sentry: SentrySettings;
  /** The service's Sentry project and alert settings. */
  project: ServiceSentrySettings;
  /** Which installed integrations the alert acts through (looked up at preview). */
  targets: ServiceSentryTargets;
  /** The PagerDuty service name: the service-table row's label and the action's display name. */
  pagerdutyServiceName: string;
  /** The service's Events API v2 routing key (secret): what the row registers in Sentry. */
  integrationKey: pulumi.Input<string>;
  /** The Opsgenie API integration's key (secret) when the service routes to Opsgenie. */
  opsgenieApiKey?: pulumi.Input<string>;
  /** Build the alert (workflow or rule); `false` (rollback) keeps only the table rows, which hold keys. @default true */
  routingEnabled?: boolean;
  /** Keep the table rows on destroy (prod), as the keys they hold stay in use. @default false */
  retainOnDelete?: boolean;
  /** The @pulumiverse/sentry provider; rules mode needs it. */
  provider?: sentry.Provider;
}

/**
 * Sentry → PagerDuty for one service (P5), plus Sentry's Opsgenie and Slack actions where the
 * organization has those integrations: the service's routing key registered as a row of the
 * PagerDuty integration's service table, and an alert on the project's new and regressed issues
 * paging that row: a workflow (current API) or, for self-hosted Sentry without workflows, a
 * project rule through @pulumiverse/sentry. The alert names the row by the row's id output, so
 * key rotation (a new routing key) rewrites the row and the alert keeps pointing at it.
 */
export class SentryRouting extends pulumi.ComponentResource {
  readonly pagerdutyRowId: pulumi.Output<string>;
  readonly opsgenieRowId?: pulumi.Output<string>;
  /** The workflow's id (workflows mode) or the rule's id (rules mode); unset when rolled back. */
  readonly alertId?: pulumi.Output<string>;

  constructor(name: string, args: SentryRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:sentry:Routing", name, {}, opts);
    const { sentry: settings, project, targets } = args;
    const where = { apiUrl: settings.apiUrl, organization: settings.organization };

    const row = new SentryServiceTableRow(
      `${name}-pagerduty-row`,
      { ...where, integrationId: targets.pagerduty.id, service: args.pagerdutyServiceName, integrationKey: args.integrationKey },
      { parent: this, retainOnDelete: args.retainOnDelete ?? false },
    );
    this.pagerdutyRowId = row.rowId;

    const opsgenieRow =
      targets.opsgenie && args.opsgenieApiKey !== undefined
        ? new SentryOpsgenieTeamRow(
            `${name}-opsgenie-row`,
            { ...where, integrationId: targets.opsgenie.id, team: args.pagerdutyServiceName, integrationKey: args.opsgenieApiKey },
            { parent: this, retainOnDelete: args.retainOnDelete ?? false },
          )
        : undefined;
    this.opsgenieRowId = opsgenieRow?.rowId;

    if (!(args.routingEnabled ?? true)) {
      this.registerOutputs({ pagerdutyRowId: this.pagerdutyRowId });
      return;
    }
    const alertName = `operator-wiring: ${args.pagerdutyServiceName}`;
    const opsgenieAction = opsgenieRow && targets.opsgenie
      ? { integrationId: targets.opsgenie.id, teamRowId: opsgenieRow.rowId, teamName: args.pagerdutyServiceName, priority: opsgeniePriorityFor(project.priority) }
      : undefined;

    if (settings.alerting === "workflows") {
      const workflow = new SentryWorkflow(
        `${name}-workflow`,
        {
          ...where,
          project: project.project,
          name: alertName,
          environment: project.environment,
          frequencyMinutes: project.frequencyMinutes,
          pagerduty: { integrationId: targets.pagerduty.id, rowId: row.rowId, serviceName: args.pagerdutyServiceName, priority: project.priority },
          opsgenie: opsgenieAction,
          slack: targets.slack.map((s) => ({ integrationId: s.integration.id, channel: s.channel, channelId: s.channelId })),
        },
        { parent: this },
      );
      this.alertId = workflow.workflowId;
    } else {
      const rule = new sentry.SentryIssueAlert(
        `${name}-rule`,
        {
          organization: settings.organization,
          project: project.project,
          name: alertName,
          environment: project.environment,
          frequency: project.frequencyMinutes,
          actionMatch: "any",
          filterMatch: "all",
          conditions: sentryRuleConditions,
          actions: sentryRuleActions({ pagerduty: { integrationId: targets.pagerduty.id, rowId: row.rowId, priority: project.priority }, opsgenie: opsgenieAction, slack: targets.slack }),
        },
        { parent: this, provider: args.provider },
      );
      this.alertId = rule.id;
    }
    this.registerOutputs({ pagerdutyRowId: this.pagerdutyRowId, alertId: this.alertId });
  }
}
