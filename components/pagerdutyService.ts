import * as pagerduty from "@pulumi/pagerduty";
import * as pulumi from "@pulumi/pulumi";
import { eventsV2IntegrationType } from "../vendors/pagerduty/pagerdutyApi";

/** One escalation step: who is paged, after how long. */
export interface EscalationRule {
  /** Minutes before escalating to the next rule; PagerDuty requires at least 1. */
  delayMinutes: number;
  /** PagerDuty users or schedules paged by this rule. */
  targets: { type: "user_reference" | "schedule_reference"; id: string }[];
}

export interface PagerDutyServiceArgs {
  /**
   * The PagerDuty service name, unique in the account. Include the environment so that
   * dev, staging and prod never share a service.
   */
  serviceName: pulumi.Input<string>;
  /** Shown in PagerDuty. @default "Managed by operator-wiring." */
  description?: pulumi.Input<string>;
  /** Urgency of every incident on the service. @default "high" */
  urgency?: pulumi.Input<"high" | "low">;
  /**
   * The escalation policy: `existing` looks one up by name and leaves it unmanaged;
   * `create` makes one that this component owns. Exactly one.
   * @see https://support.pagerduty.com/main/docs/escalation-policies
   */
  escalationPolicy: { existing: { name: string } } | { create: { name: string; numLoops: number; rules: EscalationRule[] } };
  /**
   * Keep the service and its integration in PagerDuty when the stack is destroyed, so a
   * destroy never revokes a routing key that applications still send to. A created escalation
   * policy is kept with them: the kept service still uses it, and PagerDuty refuses to delete a
   * policy in use.
   * @default false
   */
  retainOnDelete?: boolean;
  /**
   * Key rotation (P12): raising it replaces the Events API v2 integration, so PagerDuty issues
   * a new routing key. Pulumi creates the new integration before deleting the old, and every
   * consumer of `integrationKey` (the Datadog mapping, the outputs verify reads) follows in the
   * same update. With `retainOnDelete` (prod) the old integration stays in PagerDuty, so the
   * old key keeps working during the overlap; remove it there once senders have switched.
   * @default 1
   */
  keyGeneration?: number;
}

/**
 * A PagerDuty service with an Events API v2 integration (runbook step 2). The integration
 * key is a secret output: it is the routing key every sender (Datadog, Sentry, verify) uses.
 * @see https://developer.pagerduty.com/docs/events-api-v2-overview
 */
export class PagerDutyService extends pulumi.ComponentResource {
  readonly serviceId: pulumi.Output<string>;
  readonly serviceName: pulumi.Output<string>;
  readonly escalationPolicyId: pulumi.Output<string>;
  readonly integrationId: pulumi.Output<string>;
  /** The Events API v2 routing key. Secret. */
  readonly integrationKey: pulumi.Output<string>;

  constructor(name: string, args: PagerDutyServiceArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:pagerduty:Service", name, {}, opts);

    const retain = { retainOnDelete: args.retainOnDelete ?? false };
    this.escalationPolicyId =
      "existing" in args.escalationPolicy
        ? pagerduty.getEscalationPolicyOutput({ name: args.escalationPolicy.existing.name }, { parent: this }).id
        : new pagerduty.EscalationPolicy(
            `${name}-escalation`,
            {
              name: args.escalationPolicy.create.name,
              description: "Managed by operator-wiring.",
              numLoops: args.escalationPolicy.create.numLoops,
              rules: args.escalationPolicy.create.rules.map((rule) => ({
                escalationDelayInMinutes: rule.delayMinutes,
                targets: rule.targets,
              })),
            },
            // A retained service keeps using its policy, and PagerDuty refuses to delete a policy a
            // service uses (400; the Terraform provider retries 30 s, then fails the destroy).
            { parent: this, ...retain },
          ).id;

    const service = new pagerduty.Service(
      `${name}-service`,
      {
        name: args.serviceName,
        description: args.description ?? "Managed by operator-wiring.",
        escalationPolicy: this.escalationPolicyId,
        // The SDK's doc comments show camelCase, but the provider takes the API's snake_case.
        alertCreation: "create_alerts_and_incidents",
        incidentUrgencyRule: { type: "constant", urgency: args.urgency ?? "high" },
      },
      { parent: this, ...retain },
    );

    // Created by type, not by looking up the "Events API V2" vendor: that lookup is known
    // to return a different vendor. Re-parenting an integration replaces it (a new key).
    const generation = args.keyGeneration ?? 1;
    const integration = new pagerduty.ServiceIntegration(
      `${name}-events-v2`,
      {
        // Generation 1 keeps the original name, so stacks deployed before rotation existed are unchanged.
        name: generation === 1 ? "Events API v2" : `Events API v2 (key generation ${generation})`,
        service: service.id,
        type: eventsV2IntegrationType,
      },
      {
        parent: this,
        // The SDK does not mark integrationKey secret; without this it lands in state in clear.
        additionalSecretOutputs: ["integrationKey"],
        // A renamed integration would keep its key; rotation needs a new integration.
        replaceOnChanges: ["name"],
        ...retain,
      },
    );

    this.serviceId = service.id;
    this.serviceName = service.name;
    this.integrationId = integration.id;
    this.integrationKey = pulumi.secret(integration.integrationKey);
    this.registerOutputs({
      serviceId: this.serviceId,
      serviceName: this.serviceName,
      escalationPolicyId: this.escalationPolicyId,
      integrationId: this.integrationId,
      integrationKey: this.integrationKey,
    });
  }
}
