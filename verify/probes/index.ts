import type { Integration } from "../integrations";
import type { Probe } from "../probe";

/** Each probe, loaded only when its integration is in scope (some pull in a vendor SDK). */
export const loadProbe: { [N in Integration]: () => Promise<Probe<N>> } = {
  slack: async () => (await import("./slack")).slackProbe,
  sentry: async () => (await import("./sentry")).sentryProbe,
  pagerduty: async () => (await import("./pagerduty")).pagerdutyProbe,
  opsgenie: async () => (await import("./opsgenie")).opsgenieProbe,
  datadog: async () => (await import("./datadog")).datadogProbe,
  splunk: async () => (await import("./splunk")).splunkProbe,
};
