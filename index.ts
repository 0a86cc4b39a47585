/**
 * operator-wiring: per stack and configured service, a PagerDuty service with an Events API
 * v2 key, the Datadog → PagerDuty mapping and a draft validation monitor, and where
 * configured Datadog → Slack routes and Opsgenie routing; per stack, a Splunk HEC token.
 *
 * Read config → validate all of it → create providers and components → export outputs.
 * Nothing is declared until the whole configuration has been checked.
 */
import * as datadog from "@pulumi/datadog";
import * as pulumi from "@pulumi/pulumi";
import { requireStackSettings } from "./config/parseStackConfig";
import { readStackConfig } from "./config/readStackConfig";
import { createProviders } from "./components/providers";
import { ServiceWiring } from "./components/serviceWiring";
import { SplunkHec } from "./components/splunkHec";
import { OpsgenieTeam } from "./components/dynamic/opsgenieTeam";
import { nameSlug } from "./config/naming";

const settings = requireStackSettings(readStackConfig());
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

// Opsgenie (P7): one team resource per team name, shared by the services routed to it.
if (settings.opsgenie) {
  pulumi.log.warn("Opsgenie is enabled: Atlassian ends Opsgenie (support and the REST API) on 2027-04-05; plan the move to Jira Service Management.");
}
const opsgenieTeams = new Map<string, OpsgenieTeam>();
for (const service of settings.services) {
  if (!settings.opsgenie || !service.opsgenie || opsgenieTeams.has(service.opsgenie.team)) continue;
  opsgenieTeams.set(
    service.opsgenie.team,
    new OpsgenieTeam(
      `opsgenie-team-${nameSlug(service.opsgenie.team)}`,
      { apiUrl: settings.opsgenie.apiUrl, name: service.opsgenie.team, adopt: service.opsgenie.adoptTeam },
      // Deleting a team deletes its integrations, and with them keys senders use.
      { retainOnDelete: settings.retainCredentialsOnDelete },
    ),
  );
}

const wirings = settings.services.map(
  (service) =>
    new ServiceWiring(
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
      },
      { providers: [providers.pagerduty, providers.datadog] },
    ),
);

// Splunk (P9): one HEC token per stack, created or adopted.
const splunk = settings.splunk
  ? new SplunkHec("splunk", {
      hecUrl: settings.splunk.hecUrl,
      index: settings.splunk.index,
      allowedIndexes: settings.splunk.allowedIndexes,
      token:
        "create" in settings.splunk.token
          ? settings.splunk.token
          : { existing: pulumi.secret(settings.splunk.token.existing.reveal()) },
      retainOnDelete: settings.retainCredentialsOnDelete,
    })
  : undefined;

export const environment = settings.environment;
export const datadogSite = settings.datadog.site;
export const pagerdutyRegion = settings.pagerduty.region;
export const routingEnabled = settings.routingEnabled;

/** Per service (keyed by configured name): ids, names and handles. No key in here. */
export const services = Object.fromEntries(
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
        slackHandles: wiring.slack ? pulumi.all(wiring.slack.handles) : [],
        opsgenie: wiring.opsgenie
          ? { team: service.opsgenie?.team, integrationId: wiring.opsgenie.integrationId, datadogHandle: wiring.opsgenie.handle ?? null }
          : null,
      },
    ];
  }),
);

/** Events API v2 routing keys per service, for verify: secret, shown only with --show-secrets. */
export const pagerdutyRoutingKeys = pulumi.secret(
  Object.fromEntries(settings.services.map((service, i) => [service.name, wirings[i].pagerduty.integrationKey])),
);

/** Splunk HEC for senders and verify (SPLUNK_HEC_URL, SPLUNK_HEC_INDEX); null when not wired. */
export const splunkHec = splunk ? { url: splunk.hecUrl, index: splunk.index, tokenManagedByStack: splunk.managed } : null;

/** The HEC token (SPLUNK_HEC_TOKEN): secret. */
export const splunkHecToken = splunk ? splunk.token : null;

/** Opsgenie API-integration keys per routed service (OPSGENIE_API_KEY for verify): secret. */
export const opsgenieApiKeys = pulumi.secret(
  Object.fromEntries(settings.services.flatMap((service, i) => (wirings[i].opsgenie ? [[service.name, wirings[i].opsgenie.apiKey]] : []))),
);
