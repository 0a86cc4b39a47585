import * as datadog from "@pulumi/datadog";
import * as pulumi from "@pulumi/pulumi";

/** The query of every validation monitor: it never fires on a real host (runbook step 4). */
export const validationQuery = "avg(last_5m):avg:system.load.1{*} > 100000";

export interface ValidationMonitorArgs {
  /** Monitor name in Datadog; unique per route so monitors of different services never merge. */
  monitorName: pulumi.Input<string>;
  /** The notification handle to validate, e.g. `@pagerduty-Checkout-API-prod`. */
  handle: pulumi.Input<string>;
  /** Who the handle notifies, for the message, e.g. `PagerDuty`. */
  targetLabel: string;
  /** The route, for the `integration:` tag, e.g. `datadog-pagerduty`. */
  integrationTag: string;
  /** The environment, for the `env:` tag. */
  environment: string;
  /**
   * `draft` keeps the monitor from notifying anyone; `published` only for a controlled
   * incident test. @default "draft"
   * @see https://docs.datadoghq.com/monitors/draft/
   */
  draftStatus?: "draft" | "published";
}

/**
 * A Datadog monitor whose only job is to prove a notification handle resolves (runbook
 * steps 4-5): Datadog validates the handle when the monitor is saved, and as a draft it
 * never pages.
 */
export class ValidationMonitor extends pulumi.ComponentResource {
  readonly monitorId: pulumi.Output<string>;
  readonly message: pulumi.Output<string>;
  readonly draftStatus: pulumi.Output<string>;

  constructor(name: string, args: ValidationMonitorArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:datadog:ValidationMonitor", name, {}, opts);

    const monitor = new datadog.Monitor(
      `${name}-monitor`,
      {
        name: args.monitorName,
        type: "query alert",
        query: validationQuery,
        message: pulumi.interpolate`Datadog to ${args.targetLabel} validation ${args.handle}`,
        tags: [`integration:${args.integrationTag}`, `env:${args.environment}`, "managed-by:operator-wiring"],
        // The provider takes priority and thresholds as strings.
        priority: "3",
        draftStatus: args.draftStatus ?? "draft",
        notifyNoData: false,
        includeTags: true,
        monitorThresholds: { critical: "100000" },
      },
      { parent: this },
    );

    this.monitorId = monitor.id;
    this.message = monitor.message;
    this.draftStatus = monitor.draftStatus.apply((s) => s ?? "draft");
    this.registerOutputs({ monitorId: this.monitorId, message: this.message, draftStatus: this.draftStatus });
  }
}
