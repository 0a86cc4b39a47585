import * as pulumi from "@pulumi/pulumi";
import type * as sentry from "@pulumiverse/sentry";
import { opsgenieIntegrationName } from "../config/naming";
import type { SentrySettings, ServiceSettings } from "../config/stackSettings";
import type { ServiceSentryTargets } from "../lookups/sentryTargets";
import { DatadogPagerDutyRouting } from "./datadogPagerdutyRouting";
import { type OpsgenieRoutingArgs, OpsgenieRouting } from "./opsgenieRouting";
import { PagerDutyService } from "./pagerdutyService";
import { PagerDutySlackConnections } from "./pagerdutySlackConnections";
import { SentryRouting } from "./sentryRouting";

export interface ServiceWiringArgs {
  /** The validated service settings. */
  service: ServiceSettings;
  /** The environment, for tags. */
  environment: string;
  /**
   * Build the Datadog routing (mapping and monitor). `false` is the one-flag rollback:
   * routing goes, the PagerDuty service and its key stay. @default true
   */
  routingEnabled?: boolean;
  /** Draft status of validation monitors. @default "draft" */
  monitorDraftStatus?: "draft" | "published";
  /** Keep credential-bearing resources on destroy (prod). @default false */
  retainCredentialsOnDelete?: boolean;
  /** Key rotation generation (P12), see PagerDutyServiceArgs.keyGeneration. @default 1 */
  keyGeneration?: number;
  /** Resources the Datadog mapping must wait for, e.g. the org's PagerDuty tile. */
  routingDependsOn?: pulumi.Resource[];
  /** Opsgenie routing (P7), when the service has it: the region's host and the team's id. */
  opsgenie?: { apiUrl: OpsgenieRoutingArgs["apiUrl"]; region: "us" | "eu"; teamId: pulumi.Input<string> };
  /** PagerDuty → Slack (P8), when the stack has a connected workspace: every route has a channel id then. */
  pagerdutySlackWorkspaceId?: string;
  /** Sentry alerting (P5), when the stack wires Sentry and the service names a project. */
  sentry?: { settings: SentrySettings; targets: ServiceSentryTargets; provider?: sentry.Provider };
}

/**
 * Everything one service gets in one stack: its PagerDuty service and Events v2 key, and
 * (unless routing is rolled back) the Datadog mapping and validation monitor.
 */
export class ServiceWiring extends pulumi.ComponentResource {
  readonly pagerduty: PagerDutyService;
  readonly routing?: DatadogPagerDutyRouting;
  readonly opsgenie?: OpsgenieRouting;
  readonly pagerdutySlack?: PagerDutySlackConnections;
  readonly sentry?: SentryRouting;

  constructor(name: string, args: ServiceWiringArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:index:ServiceWiring", name, {}, opts);
    const { service } = args;

    this.pagerduty = new PagerDutyService(
      `${name}-pagerduty`,
      {
        serviceName: service.pagerdutyServiceName,
        description: service.description,
        urgency: service.urgency,
        escalationPolicy: service.escalationPolicy,
        retainOnDelete: args.retainCredentialsOnDelete,
        keyGeneration: args.keyGeneration,
      },
      { parent: this },
    );

    if (args.routingEnabled ?? true) {
      this.routing = new DatadogPagerDutyRouting(
        `${name}-datadog`,
        {
          serviceName: this.pagerduty.serviceName,
          integrationKey: this.pagerduty.integrationKey,
          environment: args.environment,
          monitorDraftStatus: args.monitorDraftStatus,
        },
        { parent: this, dependsOn: args.routingDependsOn },
      );
    }

    // Datadog → Slack channels are the stack's, not a service's: services routed to one channel
    // share its one resource (program.ts), instead of two that would delete each other's.

    if (args.opsgenie && service.opsgenie) {
      this.opsgenie = new OpsgenieRouting(
        `${name}-opsgenie`,
        {
          apiUrl: args.opsgenie.apiUrl,
          region: args.opsgenie.region,
          teamId: args.opsgenie.teamId,
          // Opsgenie keeps integration names unique per account and cannot move an integration
          // to another team: a new owner team replaces it new-before-old (in prod the old one is
          // retained), so the name carries the team and the two never share a name.
          integrationName: opsgenieIntegrationName(service.pagerdutyServiceName, service.opsgenie.team),
          serviceObjectName: service.opsgenie.serviceObjectName,
          environment: args.environment,
          routingEnabled: args.routingEnabled,
          monitorDraftStatus: args.monitorDraftStatus,
          retainOnDelete: args.retainCredentialsOnDelete,
        },
        { parent: this },
      );
    }

    if ((args.routingEnabled ?? true) && args.pagerdutySlackWorkspaceId && service.slackRoutes.length > 0) {
      this.pagerdutySlack = new PagerDutySlackConnections(
        `${name}-pagerduty-slack`,
        {
          serviceId: this.pagerduty.serviceId,
          workspaceId: args.pagerdutySlackWorkspaceId,
          // Config validation requires a channel id on every route when a workspace is set.
          channels: service.slackRoutes.map((r) => ({ channel: r.channel, channelId: r.channelId ?? "" })),
        },
        { parent: this },
      );
    }

    if (args.sentry && service.sentry) {
      this.sentry = new SentryRouting(
        `${name}-sentry`,
        {
          sentry: args.sentry.settings,
          project: service.sentry,
          targets: args.sentry.targets,
          pagerdutyServiceName: service.pagerdutyServiceName,
          integrationKey: this.pagerduty.integrationKey,
          opsgenieApiKey: this.opsgenie?.apiKey,
          routingEnabled: args.routingEnabled,
          retainOnDelete: args.retainCredentialsOnDelete,
          provider: args.sentry.provider,
        },
        { parent: this },
      );
    }

    this.registerOutputs({
      pagerdutyServiceId: this.pagerduty.serviceId,
      datadogHandle: this.routing?.handle,
    });
  }
}
