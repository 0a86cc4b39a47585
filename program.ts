/**
 * operator-wiring, per stack: for each configured service a PagerDuty service with an Events
 * API v2 key, the Datadog → PagerDuty mapping and a draft validation monitor; where configured,
 * Datadog → Slack routes and PagerDuty Slack connections, Opsgenie routing, and Sentry alerting
 * that pages PagerDuty (and Opsgenie and Slack); per stack, a Splunk HEC token and, opted in,
 * Sentry → Datadog forwarding.
 *
 * Read config → validate all of it → look up the Sentry organization → create providers and
 * components → return the outputs. Nothing is declared until the configuration has been
 * checked and the lookup has answered.
 */
import { setImmediate as nextTurn } from "node:timers/promises";
import * as datadog from "@pulumi/datadog";
import * as pulumi from "@pulumi/pulumi";
import { requireStackSettings } from "./config/parseStackConfig";
import { readStackConfig } from "./config/readStackConfig";
import { slackChannelKey } from "./config/naming";
import type { SentrySettings } from "./config/stackSettings";
import { createProviders } from "./components/providers";
import { SentryDatadogForwarding } from "./components/sentryDatadogForwarding";
import { ServiceWiring } from "./components/serviceWiring";
import { SlackRouting } from "./components/slackRouting";
import { declareSplunkHec } from "./components/splunkHec";
import { declareOpsgenieTeams } from "./components/opsgenieTeams";
import type { OpsgenieKeyCheck } from "./lookups/opsgenieKeyRegion";
import type { DatadogTileCheck } from "./lookups/datadogPagerdutyTile";
import type { SentryOrganizationLookup } from "./lookups/sentryOrganization";
import { type SentryTargets, resolveSentryTargets } from "./lookups/sentryTargets";

/** What the program asks the outside world before declaring anything. */
export interface ProgramLookups {
  sentryOrganization: SentryOrganizationLookup;
  opsgenieKeyRegion: OpsgenieKeyCheck;
  /** Stacks that map services in Datadog without owning the org's PagerDuty tile need it installed. */
  datadogPagerdutyTile: DatadogTileCheck;
}

export async function declareOperatorWiring(lookups: ProgramLookups): Promise<Record<string, unknown>> {
  const settings = requireStackSettings(readStackConfig());

  // Asked before anything is declared, both at once: an Opsgenie key of the other region, or a
  // Sentry organization without the PagerDuty integration, stops the preview here.
  const datadogIntake = settings.datadog.sentryIntakeUrl;
  const sentryTargetsOf = async (sentry: SentrySettings): Promise<SentryTargets> =>
    resolveSentryTargets(settings.stack, sentry, settings.services, await lookups.sentryOrganization(settings.stack, sentry), datadogIntake);
  const [, sentryTargets] = await Promise.all([
    settings.opsgenie ? lookups.opsgenieKeyRegion(settings.stack, settings.opsgenie, settings.opsgenie.accountKey.reveal()) : undefined,
    settings.sentry ? sentryTargetsOf(settings.sentry) : undefined,
    // So does, for a stack that maps its services in Datadog without owning the org's PagerDuty
    // tile, a tile not installed yet (Datadog would refuse every service object mid-update).
    !settings.datadog.pagerdutyIntegration && settings.routingEnabled ? lookups.datadogPagerdutyTile(settings.stack, settings.datadog) : undefined,
  ]);
  if (settings.opsgenie) {
    pulumi.log.warn("Opsgenie is enabled: Atlassian ends Opsgenie (support and the REST API) on 2027-04-05; plan the move to Jira Service Management.");
  }
  for (const notice of sentryTargets?.notices ?? []) pulumi.log.warn(notice);

  const providers = createProviders(settings);

  // One PagerDuty tile per Datadog org: only the stack configured to own it declares it.
  const tile = settings.datadog.pagerdutyIntegration
    ? new datadog.pagerduty.Integration(
        "datadog-pagerduty-integration",
        {
          subdomain: settings.datadog.pagerdutyIntegration.subdomain,
          schedules: settings.datadog.pagerdutyIntegration.schedules,
        },
        // Deleting the tile would break every stack's mappings in the org, not just this one.
        { provider: providers.datadog, retainOnDelete: settings.retainCredentialsOnDelete },
      )
    : undefined;

  const opsgenieTeams = declareOpsgenieTeams(settings);

  // One service at a time, with a turn of the event loop between: the SDK registers a resource
  // through a chain of promises that holds its Outputs until the registration is done, so
  // declaring every service in one synchronous run keeps them all alive together (300 MB, and a
  // third of the offline plan's time in garbage collection, at 100 services: issue 12). The
  // order of declaration is the same.
  const wirings: ServiceWiring[] = [];
  for (const service of settings.services) {
    if (wirings.length > 0) await nextTurn();
    const sentryTarget = sentryTargets?.services.get(service.slug);
    const wiring = new ServiceWiring(
      service.slug,
      {
        service,
        environment: settings.environment,
        routingEnabled: settings.routingEnabled,
        monitorDraftStatus: settings.monitorDraftStatus,
        retainCredentialsOnDelete: settings.retainCredentialsOnDelete,
        keyGeneration: settings.pagerduty.keyGeneration,
        routingDependsOn: tile ? [tile] : undefined,
        opsgenie:
          settings.opsgenie && service.opsgenie
            ? { apiUrl: settings.opsgenie.apiUrl, region: settings.opsgenie.region, teamId: opsgenieTeams.get(service.opsgenie.team)!.teamId }
            : undefined,
        pagerdutySlackWorkspaceId: settings.pagerduty.slack?.workspaceId,
        sentry: settings.sentry && sentryTarget ? { settings: settings.sentry, targets: sentryTarget, provider: providers.sentry } : undefined,
      },
      { providers: [providers.pagerduty, providers.datadog] },
    );
    wirings.push(wiring);
  }

  // Sentry → Datadog (P6), opted in: one Webhooks plugin per project; part of routing, so rollback removes it.
  const forwardedProjects = [...new Set(settings.services.flatMap((s) => (s.sentry ? [s.sentry.project] : [])))];
  if (settings.sentry?.datadogForwarding && settings.routingEnabled && providers.sentry && forwardedProjects.length > 0) {
    new SentryDatadogForwarding("sentry-datadog", {
      organization: settings.sentry.organization,
      projects: forwardedProjects,
      intakeUrl: pulumi.secret(`${datadogIntake}?api_key=${settings.datadog.apiKey.reveal()}`),
      provider: providers.sentry,
    });
  }

  // Datadog → Slack (P8): one channel resource per channel, whichever services route to it;
  // two resources for one channel would each delete the other's routing.
  const slackRoutes = [...new Map(settings.services.flatMap((s) => s.slackRoutes).map((r) => [slackChannelKey(r.account, r.channel), r])).values()];
  const slack =
    settings.routingEnabled && slackRoutes.length > 0
      ? new SlackRouting("slack", { routes: slackRoutes, environment: settings.environment, monitorDraftStatus: settings.monitorDraftStatus }, { providers: [providers.datadog] })
      : undefined;
  const slackHandles = new Map(slackRoutes.map((r, i) => [slackChannelKey(r.account, r.channel), slack?.handles[i]]));

  const splunk = declareSplunkHec(settings);

  return {
    environment: settings.environment,
    datadogSite: settings.datadog.site,
    pagerdutyRegion: settings.pagerduty.region,
    routingEnabled: settings.routingEnabled,

    /** Per service (keyed by configured name): ids, names and handles. No key in here. */
    services: Object.fromEntries(
      settings.services.map((service, i) => {
        const wiring = wirings[i];
        return [
          service.name,
          {
            pagerdutyServiceId: wiring.pagerduty.serviceId,
            pagerdutyServiceName: wiring.pagerduty.serviceName,
            escalationPolicyId: wiring.pagerduty.escalationPolicyId,
            integrationId: wiring.pagerduty.integrationId,
            datadogHandle: wiring.routing?.handle ?? null,
            validationMonitorId: wiring.routing?.monitorId ?? null,
            validationMonitorDraftStatus: wiring.routing?.monitorDraftStatus ?? null,
            slackHandles: slack ? pulumi.all(service.slackRoutes.map((r) => slackHandles.get(slackChannelKey(r.account, r.channel))!)) : [],
            pagerdutySlackConnectionIds: wiring.pagerdutySlack ? pulumi.all(wiring.pagerdutySlack.connectionIds) : [],
            opsgenie: wiring.opsgenie
              ? { team: service.opsgenie?.team, integrationId: wiring.opsgenie.integrationId, datadogHandle: wiring.opsgenie.handle ?? null }
              : null,
            sentry: wiring.sentry
              ? {
                  project: service.sentry?.project,
                  pagerdutyRowId: wiring.sentry.pagerdutyRowId,
                  opsgenieRowId: wiring.sentry.opsgenieRowId ?? null,
                  alerting: settings.sentry?.alerting,
                  alertId: wiring.sentry.alertId ?? null,
                }
              : null,
          },
        ];
      }),
    ),

    /** Events API v2 routing keys per service, for verify: secret, shown only with --show-secrets. */
    pagerdutyRoutingKeys: pulumi.secret(
      Object.fromEntries(settings.services.map((service, i) => [service.name, wirings[i].pagerduty.integrationKey])),
    ),

    /** The Sentry organization and API the stack wired (null when Sentry is not wired). No token. */
    sentry: settings.sentry
      ? { organization: settings.sentry.organization, apiUrl: settings.sentry.apiUrl, alerting: settings.sentry.alerting, datadogForwarding: settings.sentry.datadogForwarding }
      : null,

    /** Splunk HEC for senders and verify (SPLUNK_HEC_URL, SPLUNK_HEC_INDEX); null when not wired. */
    splunkHec: splunk ? { url: splunk.hecUrl, index: splunk.index, tokenManagedByStack: splunk.managed } : null,

    /** The HEC token (SPLUNK_HEC_TOKEN): secret. */
    splunkHecToken: splunk ? splunk.token : null,

    /** The Opsgenie region of the routed services (OPSGENIE_REGION for verify); null without Opsgenie. */
    opsgenieRegion: settings.opsgenie?.region ?? null,

    /** Opsgenie API-integration keys per routed service (OPSGENIE_API_KEY for verify): secret. */
    opsgenieApiKeys: pulumi.secret(
      Object.fromEntries(settings.services.flatMap((service, i) => (wirings[i].opsgenie ? [[service.name, wirings[i].opsgenie.apiKey]] : []))),
    ),
  };
}
