import type { Integration } from "../integrations";
import type { Probe } from "../probe";
import { datadogProbe } from "./datadog";
import { opsgenieProbe } from "./opsgenie";
import { pagerdutyProbe } from "./pagerduty";
import { sentryProbe } from "./sentry";
import { slackProbe } from "./slack";
import { splunkProbe } from "./splunk";

/**
 * Each probe. The probes are loaded with verify, so that every one in scope sends its first
 * request at once; the two that use a vendor library load it when they run (the Sentry SDK in
 * sentry/syntheticError.ts, the Datadog client in datadog/datadogClient.ts), so a run without
 * them never loads it, and one with them loads it while the other probes' requests are out.
 */
export const loadProbe: { [N in Integration]: () => Promise<Probe<N>> } = {
  slack: async () => slackProbe,
  sentry: async () => sentryProbe,
  pagerduty: async () => pagerdutyProbe,
  opsgenie: async () => opsgenieProbe,
  datadog: async () => datadogProbe,
  splunk: async () => splunkProbe,
};
