import type { EnvValues } from "../inputs/envSources";

/**
 * What the wiring checks look at, by the identifiers the stack gave it. Each is optional: a
 * check whose identifier is missing holds (says which variable to set) instead of guessing.
 */
export interface WiringTarget {
  /** The PagerDuty service (`P…` id) whose Events API v2 integration is checked (runbook step 2). */
  pagerdutyServiceId?: string;
  /**
   * The PagerDuty service name exactly as Datadog maps it (runbook step 3), e.g. `Checkout API dev`;
   * the monitor's `@pagerduty-…` handle is derived from it.
   */
  pagerdutyServiceName?: string;
  /** The draft validation monitor (runbook step 5), digits. */
  datadogMonitorId?: string;
  /** Sentry project slug or id, to fall back on its legacy alert rules when no workflow pages PagerDuty. */
  sentryProject?: string;
}

const set = (value: string | undefined): string | undefined => value?.trim() || undefined;

/** The target from `PAGERDUTY_SERVICE_ID`, `PAGERDUTY_SERVICE_NAME`, `DATADOG_MONITOR_ID` and `SENTRY_PROJECT`; blank means unset. */
export function wiringTargetFrom(env: EnvValues): WiringTarget {
  const target: WiringTarget = {
    pagerdutyServiceId: set(env.PAGERDUTY_SERVICE_ID),
    pagerdutyServiceName: set(env.PAGERDUTY_SERVICE_NAME),
    datadogMonitorId: set(env.DATADOG_MONITOR_ID),
    sentryProject: set(env.SENTRY_PROJECT),
  };
  return Object.fromEntries(Object.entries(target).filter(([, value]) => value !== undefined)) as WiringTarget;
}
