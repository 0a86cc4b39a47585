import type { ResolvedInputs } from "../inputs/resolveInputs";
import { datadogPagerdutyMappingCheck } from "./datadogPagerdutyMapping";
import { datadogValidationMonitorCheck } from "./datadogValidationMonitor";
import { pagerdutyEventsIntegrationCheck } from "./pagerdutyEventsIntegration";
import { sentryAlertingCheck } from "./sentryAlerting";
import { sentryPagerdutyIntegrationCheck } from "./sentryPagerdutyIntegration";
import { type WiringCheck, type WiringCheckResult, type WiringModes, runCheck } from "./wiringCheck";
import type { WiringTarget } from "./wiringTarget";

/** The runbook's checks (steps 1, 2, 3, 5, 6), in the runbook's order. */
export const wiringChecks: readonly WiringCheck[] = [
  sentryPagerdutyIntegrationCheck,
  pagerdutyEventsIntegrationCheck,
  datadogPagerdutyMappingCheck,
  datadogValidationMonitorCheck,
  sentryAlertingCheck,
];

export interface RunWiringChecksOptions {
  inputs: ResolvedInputs;
  target: WiringTarget;
  /** Each vendor's mode (mock or real), for the diagnosis words; `parseMode(...)` fits. */
  modes: WiringModes;
  /** Each check's own budget, in ms. */
  deadlineMs: number;
  /** Aborted on Ctrl-C: checks in flight stop and FAIL. */
  interrupt: AbortSignal;
  /** One line per request (and Retry-After notes). */
  log: (line: string) => void;
}

/**
 * The runbook's wiring checks (requirement V10), all at once, each on its own deadline and HTTP
 * client; read-only, so nothing to clean up. One result per check, in the runbook's order;
 * never throws.
 */
export function runWiringChecks(options: RunWiringChecksOptions): Promise<WiringCheckResult[]> {
  return Promise.all(wiringChecks.map((check) => runCheck(check, options)));
}
