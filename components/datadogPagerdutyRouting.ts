import * as datadog from "@pulumi/datadog";
import * as pulumi from "@pulumi/pulumi";
import { pagerdutyHandle, validationMonitorName } from "../config/naming";
import { ValidationMonitor } from "./validationMonitor";

export interface DatadogPagerDutyRoutingArgs {
  /** The PagerDuty service name to map; it becomes the `@pagerduty-…` handle. */
  serviceName: pulumi.Input<string>;
  /** The service's Events API v2 integration key. Secret; Datadog never returns it. */
  integrationKey: pulumi.Input<string>;
  /** The environment, for the monitor's `env:` tag. */
  environment: string;
  /** Draft status of the validation monitor. @default "draft" */
  monitorDraftStatus?: "draft" | "published";
}

/**
 * Datadog → PagerDuty for one service: the PagerDuty service object that maps the name
 * to the routing key (runbook step 3) and a draft monitor that validates the handle
 * (steps 4-5). The handle is computed from the mapping's own name output, so the monitor
 * can never name a service the mapping does not have.
 *
 * Needs the Datadog PagerDuty integration tile active in the org; pass it in `dependsOn`
 * when this stack owns it.
 * @see https://docs.datadoghq.com/integrations/pagerduty/
 */
export class DatadogPagerDutyRouting extends pulumi.ComponentResource {
  readonly mappedServiceName: pulumi.Output<string>;
  readonly handle: pulumi.Output<string>;
  readonly monitorId: pulumi.Output<string>;
  readonly monitorDraftStatus: pulumi.Output<string>;

  constructor(name: string, args: DatadogPagerDutyRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:datadog:PagerDutyRouting", name, {}, opts);

    const mapping = new datadog.pagerduty.ServiceObject(
      `${name}-mapping`,
      { serviceName: args.serviceName, serviceKey: pulumi.secret(args.integrationKey) },
      { parent: this },
    );
    this.mappedServiceName = mapping.serviceName;
    this.handle = mapping.serviceName.apply(pagerdutyHandle);

    const monitor = new ValidationMonitor(
      `${name}-validation`,
      {
        monitorName: mapping.serviceName.apply(validationMonitorName.pagerduty),
        handle: this.handle,
        targetLabel: "PagerDuty",
        integrationTag: "datadog-pagerduty",
        environment: args.environment,
        draftStatus: args.monitorDraftStatus,
      },
      // The handle resolves only once the mapping exists.
      { parent: this, dependsOn: [mapping] },
    );
    this.monitorId = monitor.monitorId;
    this.monitorDraftStatus = monitor.draftStatus;

    this.registerOutputs({
      mappedServiceName: this.mappedServiceName,
      handle: this.handle,
      monitorId: this.monitorId,
      monitorDraftStatus: this.monitorDraftStatus,
    });
  }
}
