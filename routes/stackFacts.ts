import type { StackSettings } from "../config/stackSettings";
import { pagerdutyApiUrls } from "../vendors/pagerduty/pagerdutyApi";

/** What the map, the lint and the radar need to know of a stack besides its resources. No credential. */
export interface StackFacts {
  stack: string;
  environment: string;
  /** Validation monitors are published (a controlled incident test is under way). */
  controlledIncidentTest: boolean;
  sentry: { organization: string; apiUrl: string; alerting: "workflows" | "rules"; environments: string[] } | null;
  opsgenie: { region: string } | null;
  /** Where the stack's vendors answer: what a live read in real mode asks. */
  endpoints: { pagerduty: string; datadog: string; sentry?: string; opsgenie?: string; splunkManagement?: string; splunkInsecureTls?: boolean };
}

export function stackFacts(settings: StackSettings): StackFacts {
  const { sentry, opsgenie, splunk } = settings;
  const splunkToken = splunk && "create" in splunk.token ? splunk.token.create : undefined;
  return {
    stack: settings.stack,
    environment: settings.environment,
    controlledIncidentTest: settings.monitorDraftStatus === "published",
    sentry: sentry
      ? {
          organization: sentry.organization,
          apiUrl: sentry.apiUrl,
          alerting: sentry.alerting,
          environments: [...new Set(settings.services.flatMap((s) => (s.sentry?.environment ? [s.sentry.environment] : [])))],
        }
      : null,
    opsgenie: opsgenie ? { region: opsgenie.region } : null,
    endpoints: {
      pagerduty: settings.pagerduty.apiUrl ?? pagerdutyApiUrls[settings.pagerduty.region],
      datadog: settings.datadog.apiUrl,
      ...(sentry ? { sentry: sentry.apiUrl } : {}),
      ...(opsgenie ? { opsgenie: opsgenie.apiUrl } : {}),
      ...(splunkToken ? { splunkManagement: splunkToken.managementUrl, splunkInsecureTls: splunkToken.insecureTls } : {}),
    },
  };
}
