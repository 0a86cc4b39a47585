/**
 * The Pulumi entry point: the program (program.ts) with the live lookups, which ask Sentry's
 * web API, Opsgenie's region hosts and Datadog (the org's PagerDuty tile). The offline plan and the tests run the same program
 * with their own lookups.
 *
 * Exported as a function: Pulumi calls it and awaits the result, whose properties become the
 * stack outputs. (An exported promise would start before Pulumi awaits it, so an early config
 * error would be an unhandled rejection for a moment instead of Pulumi's plain error.)
 */
import { datadogPagerdutyTileOverHttp } from "./lookups/datadogPagerdutyTile";
import { opsgenieKeyRegionOverHttp } from "./lookups/opsgenieKeyRegion";
import { lookupSentryOrganizationOverHttp } from "./lookups/sentryOrganizationOverHttp";
import { declareOperatorWiring } from "./program";

export = () =>
  declareOperatorWiring({
    sentryOrganization: lookupSentryOrganizationOverHttp,
    opsgenieKeyRegion: opsgenieKeyRegionOverHttp(),
    datadogPagerdutyTile: datadogPagerdutyTileOverHttp(),
  });
