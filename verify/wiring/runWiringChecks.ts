import { datadogPagerdutyMappingCheck } from "./datadogPagerdutyMapping";
import { datadogValidationMonitorCheck } from "./datadogValidationMonitor";
import { pagerdutyEventsIntegrationCheck } from "./pagerdutyEventsIntegration";
import { sentryAlertingCheck } from "./sentryAlerting";
import { sentryPagerdutyIntegrationCheck } from "./sentryPagerdutyIntegration";
import { type RunCheckOptions, type WiringCheck, type WiringCheckResult, runCheck } from "./wiringCheck";

/** The runbook's checks (steps 1, 2, 3, 5, 6), in the runbook's order. */
export const wiringChecks: readonly WiringCheck[] = [
  sentryPagerdutyIntegrationCheck,
  pagerdutyEventsIntegrationCheck,
  datadogPagerdutyMappingCheck,
  datadogValidationMonitorCheck,
  sentryAlertingCheck,
];

/** What the wiring checks are given; one set for all of them (see RunCheckOptions). */
export type RunWiringChecksOptions = RunCheckOptions;

/**
 * The runbook's wiring checks (requirement V10), all at once, each on its own deadline and HTTP
 * client; read-only, so nothing to clean up. One result per check, in the runbook's order;
 * never throws.
 */
export function runWiringChecks(options: RunWiringChecksOptions): Promise<WiringCheckResult[]> {
  return Promise.all(wiringChecks.map((check) => runCheck(check, options)));
}
