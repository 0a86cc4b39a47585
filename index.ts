/**
 * The Pulumi entry point: the program (program.ts) with the live lookups, which ask Sentry's
 * web API and Opsgenie's region hosts. The offline plan and the tests run the same program with their own lookups.
 * Pulumi awaits the exported promise and takes its properties as the stack outputs.
 */
import { opsgenieKeyRegionOverHttp } from "./lookups/opsgenieKeyRegion";
import { lookupSentryOrganizationOverHttp } from "./lookups/sentryOrganizationOverHttp";
import { declareOperatorWiring } from "./program";

export = declareOperatorWiring({ sentryOrganization: lookupSentryOrganizationOverHttp, opsgenieKeyRegion: opsgenieKeyRegionOverHttp() });
