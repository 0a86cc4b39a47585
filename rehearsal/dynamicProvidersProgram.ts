/**
 * The part of the program whose providers run on this machine: our own dynamic providers
 * (components/dynamic), which the engine runs through the pulumi-nodejs launcher. Same config
 * parsing, same lookups, same components, resource names and options as program.ts; what it
 * leaves out is every resource of a provider plugin the toolchain could not build (PagerDuty,
 * Datadog, @pulumiverse/sentry). The PagerDuty routing keys those would have made come from
 * the PagerDuty mock instead (seeded by the rehearsal, one per key generation).
 *
 * This is not the product: it exists so that the real engine exercises what the mock runtime
 * cannot (Check/Diff through the engine, replacements, retainOnDelete, refresh, destroy,
 * secrets in state, closure serialization in the provider process) while the vendor plugins
 * cannot be built here.
 */
import * as pulumi from "@pulumi/pulumi";
import { opsgenieIntegrationName } from "../config/naming";
import { requireStackSettings } from "../config/parseStackConfig";
import { readStackConfig } from "../config/readStackConfig";
import { OpsgenieApiIntegration } from "../components/dynamic/opsgenieApiIntegration";
import { declareOpsgenieTeams } from "../components/opsgenieTeams";
import { SentryRouting } from "../components/sentryRouting";
import { declareSplunkHec } from "../components/splunkHec";
import { opsgenieKeyRegionOverHttp } from "../lookups/opsgenieKeyRegion";
import { lookupSentryOrganizationOverHttp } from "../lookups/sentryOrganizationOverHttp";
import { resolveSentryTargets } from "../lookups/sentryTargets";

/** The routing key of a service's Events v2 integration at a key generation (1-based). */
export type RoutingKeyOf = (serviceName: string, generation: number) => string;

export function dynamicProvidersProgram(routingKeyOf: RoutingKeyOf): () => Promise<Record<string, unknown>> {
  return async () => {
    const settings = requireStackSettings(readStackConfig());
    const { sentry } = settings;
    if (settings.opsgenie) await opsgenieKeyRegionOverHttp()(settings.stack, settings.opsgenie, settings.opsgenie.accountKey.reveal());
    const targets = sentry
      ? resolveSentryTargets(settings.stack, sentry, settings.services, await lookupSentryOrganizationOverHttp(settings.stack, sentry), settings.datadog.sentryIntakeUrl)
      : undefined;
    const teams = declareOpsgenieTeams(settings);

    const services = settings.services.map((service) => {
      const team = service.opsgenie && teams.get(service.opsgenie.team);
      const opsgenie =
        settings.opsgenie && service.opsgenie && team
          ? new OpsgenieApiIntegration(
              `${service.slug}-opsgenie-integration`,
              { apiUrl: settings.opsgenie.apiUrl, name: opsgenieIntegrationName(service.pagerdutyServiceName, service.opsgenie.team), teamId: team.teamId },
              { retainOnDelete: settings.retainCredentialsOnDelete },
            )
          : undefined;
      const sentryTarget = targets?.services.get(service.slug);
      // Rules mode declares a @pulumiverse/sentry resource, whose plugin cannot be built here.
      const routing =
        sentry && sentry.alerting === "workflows" && service.sentry && sentryTarget
          ? new SentryRouting(`${service.slug}-sentry`, {
              sentry,
              project: service.sentry,
              targets: sentryTarget,
              pagerdutyServiceName: service.pagerdutyServiceName,
              integrationKey: pulumi.secret(routingKeyOf(service.name, settings.pagerduty.keyGeneration)),
              opsgenieApiKey: opsgenie && pulumi.secret(opsgenie.apiKey),
              routingEnabled: settings.routingEnabled,
              retainOnDelete: settings.retainCredentialsOnDelete,
            })
          : undefined;
      return [
        service.name,
        {
          opsgenieIntegrationId: opsgenie?.integrationId ?? null,
          sentryPagerdutyRowId: routing?.pagerdutyRowId ?? null,
          sentryOpsgenieRowId: routing?.opsgenieRowId ?? null,
          sentryWorkflowId: routing?.alertId ?? null,
        },
      ] as const;
    });
    const splunk = declareSplunkHec(settings);
    return { services: Object.fromEntries(services), splunkHecToken: splunk ? splunk.token : null };
  };
}
