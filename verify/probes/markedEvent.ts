/**
 * What marks each probe's test event, for whoever looks for it later (reconcile, O5): the key
 * the PagerDuty and Opsgenie probes give it, and the log label of the request that sends it.
 * A rename here renames it for both sides.
 */

/** The PagerDuty dedup key and the Opsgenie alias of a run's test event: `operator-wiring-verify-<run id>`. */
export const testAlertKey = (runId: string): string => `operator-wiring-verify-${runId}`;

/** The label of the request that sends each counted probe's test event, as its log line shows it. */
export const sendLabels = {
  pagerduty: "trigger test incident",
  opsgenie: "create test alert",
  datadog: "post the test event",
  splunk: "send test event",
} as const;
