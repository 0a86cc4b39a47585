import { opsgenieHandle, validationMonitorName } from "../config/naming";
import * as datadog from "@pulumi/datadog";
import * as pulumi from "@pulumi/pulumi";
import { OpsgenieApiIntegration } from "./dynamic/opsgenieApiIntegration";
import type { OpsgenieApiUrl } from "./dynamic/opsgenieTeam";
import { ValidationMonitor } from "./validationMonitor";

export interface OpsgenieRoutingArgs {
  /** The Opsgenie API host of the account's region. */
  apiUrl: OpsgenieApiUrl;
  /** Datadog's name for the region (`us` or `eu`). */
  region: "us" | "eu";
  /** The team that owns the API integration (and receives the alerts). */
  teamId: pulumi.Input<string>;
  /**
   * Name of the API integration in Opsgenie, unique in the account, e.g. `operator-wiring Checkout
   * API prod for team Payments`. Include what forces a replacement (the owner team): the new
   * integration is created before the old one is deleted (or, retained, never is).
   */
  integrationName: string;
  /** Datadog's Opsgenie service-object name; monitors notify `@opsgenie-<name>`. */
  serviceObjectName: string;
  /** The environment, for the monitor's `env:` tag. */
  environment: string;
  /** Build the Datadog routing (service object, monitor); `false` keeps only the integration. @default true */
  routingEnabled?: boolean;
  /** @default "draft" */
  monitorDraftStatus?: "draft" | "published";
  /** Keep the API integration (its key) on destroy. @default false */
  retainOnDelete?: boolean;
}

/**
 * Datadog → Opsgenie for one service (P7): an API integration owned by the service's team
 * (its key is a secret output), Datadog's Opsgenie service object holding that key, and a
 * draft validation monitor whose `@opsgenie-…` handle is derived from the object's name.
 * Atlassian ends Opsgenie (support and REST API) on 2027-04-05.
 * @see https://docs.datadoghq.com/integrations/opsgenie/
 */
export class OpsgenieRouting extends pulumi.ComponentResource {
  readonly integrationId: pulumi.Output<string>;
  /** The integration's API key (team-scoped). Secret. */
  readonly apiKey: pulumi.Output<string>;
  readonly handle?: pulumi.Output<string>;

  constructor(name: string, args: OpsgenieRoutingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:opsgenie:Routing", name, {}, opts);

    const integration = new OpsgenieApiIntegration(
      `${name}-integration`,
      { apiUrl: args.apiUrl, name: args.integrationName, teamId: args.teamId },
      { parent: this, retainOnDelete: args.retainOnDelete ?? false },
    );
    this.integrationId = integration.integrationId;
    this.apiKey = pulumi.secret(integration.apiKey);

    if (args.routingEnabled ?? true) {
      const serviceObject = new datadog.opsgenie.ServiceObject(
        `${name}-service-object`,
        { name: args.serviceObjectName, opsgenieApiKey: this.apiKey, region: args.region },
        { parent: this },
      );
      this.handle = serviceObject.name.apply(opsgenieHandle);
      new ValidationMonitor(
        `${name}-validation`,
        {
          monitorName: serviceObject.name.apply(validationMonitorName.opsgenie),
          handle: this.handle,
          targetLabel: "Opsgenie",
          integrationTag: "datadog-opsgenie",
          environment: args.environment,
          draftStatus: args.monitorDraftStatus,
        },
        { parent: this, dependsOn: [serviceObject] },
      );
    }
    this.registerOutputs({ integrationId: this.integrationId, apiKey: this.apiKey, handle: this.handle });
  }
}
