import { validationMonitorName } from "../config/naming";
import * as datadog from "@pulumi/datadog";
import * as pulumi from "@pulumi/pulumi";
import { ValidationMonitor } from "./validationMonitor";

export interface SlackRoutingArgs {
  /** Channel routes: the Slack account as Datadog's Slack tile names it, and the channel with its #. */
  routes: { account: string; channel: string }[];
  /** The environment, for the monitors' `env:` tag. */
  environment: string;
  /** @default "draft" */
  monitorDraftStatus?: "draft" | "published";
}

/**
 * Datadog → Slack for the stack's channels (P8): a Datadog Slack channel per channel, shared
 * by every service routed to it (Datadog keeps one configuration per account and channel, so
 * two resources for one channel would each delete the other's), and a draft validation
 * monitor on each `@slack-<account>-<channel>` handle, derived from the channel resource's
 * own outputs. Needs the Datadog Slack app installed in the workspace
 * (a UI step); webhooks are Slack's and never made here.
 * @see https://docs.datadoghq.com/integrations/slack/
 */
export class SlackRouting extends pulumi.ComponentResource {
  readonly handles: pulumi.Output<string>[];

  constructor(name: string, args: SlackRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:slack:Routing", name, {}, opts);
    this.handles = args.routes.map((route) => {
      const routeName = `${name}-${route.account}-${route.channel.replace(/^#/, "")}`.toLowerCase();
      const channel = new datadog.slack.Channel(
        `${routeName}-channel`,
        { accountName: route.account, channelName: route.channel, display: { message: true, notified: true, snapshot: true, tags: true } },
        { parent: this },
      );
      const handle = pulumi.interpolate`@slack-${channel.accountName}-${channel.channelName.apply((c) => c.replace(/^#/, ""))}`;
      new ValidationMonitor(
        `${routeName}-validation`,
        {
          monitorName: pulumi.all([channel.accountName, channel.channelName]).apply(([account, name]) => validationMonitorName.slack(account, name, args.environment)),
          handle,
          targetLabel: "Slack",
          integrationTag: "datadog-slack",
          environment: args.environment,
          draftStatus: args.monitorDraftStatus,
        },
        { parent: this, dependsOn: [channel] },
      );
      return handle;
    });
    this.registerOutputs({ handles: this.handles });
  }
}
