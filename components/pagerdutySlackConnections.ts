import * as pagerduty from "@pulumi/pagerduty";
import * as pulumi from "@pulumi/pulumi";

export interface PagerDutySlackConnectionsArgs {
  /** The PagerDuty service whose incidents are posted. */
  serviceId: pulumi.Input<string>;
  /** The Slack workspace connected to PagerDuty (T…). */
  workspaceId: string;
  /** The channels, by id, with their names for resource names. */
  channels: { channel: string; channelId: string }[];
}

/** What responders see in the channel: an incident's whole life, not only its start. */
const incidentEvents = ["incident.triggered", "incident.acknowledged", "incident.escalated", "incident.resolved", "incident.reassigned"];

/**
 * PagerDuty → Slack for one service (P8): a Slack connection per channel posting the service's
 * incidents. The workspace must already be connected to PagerDuty in the UI, and the provider
 * needs a user-level token (PagerDuty's Slack API accepts no account key).
 * @see https://support.pagerduty.com/main/docs/slack-integration-guide
 */
export class PagerDutySlackConnections extends pulumi.ComponentResource {
  readonly connectionIds: pulumi.Output<string>[];

  constructor(name: string, args: PagerDutySlackConnectionsArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:pagerduty:SlackConnections", name, {}, opts);
    this.connectionIds = args.channels.map(
      ({ channel, channelId }) =>
        new pagerduty.SlackConnection(
          `${name}-${channel.replace(/^#/, "")}`,
          {
            sourceId: args.serviceId,
            // Wire values are snake_case in this SDK version, whatever its doc comments show.
            sourceType: "service_reference",
            workspaceId: args.workspaceId,
            channelId,
            notificationType: "responder",
            configs: [{ events: incidentEvents }],
          },
          { parent: this },
        ).id,
    );
    this.registerOutputs({});
  }
}
