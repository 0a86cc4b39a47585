import { type JsonObject, isObject, isStringArray } from "./jsonBody";
import type { DatadogState, DraftStatus } from "./state";

/** `MonitorType`, in the API's spelling. */
export const monitorTypes = [
  "composite", "event alert", "log alert", "metric alert", "process alert", "query alert", "rum alert", "service check",
  "synthetics alert", "trace-analytics alert", "slo alert", "event-v2 alert", "audit alert", "ci-pipelines alert", "ci-tests alert",
  "error-tracking alert", "database-monitoring alert", "network-performance alert", "cost alert", "data-quality alert", "network-path alert",
];
/** Types whose query is not `… <comparator> <threshold>`. */
const noThresholdTypes = ["service check", "composite", "synthetics alert"];
const draftStatuses: DraftStatus[] = ["draft", "published"];

// `agg(last_5m):<metric query> > 100` (metric monitors); every thresholded query ends with a comparison.
const metricQuery = /^\s*[a-z_]+\((?:last|current)_\w+\)\s*:.+$/s;
const comparison = /(>=|<=|>|<|==|!=)\s*(-?\d+(?:\.\d+)?(?:e[+-]?\d+)?)\s*$/i;
const handle = /@(pagerduty|opsgenie)-([\w.-]*[\w-])/g;

/** Python's float repr, which Datadog's messages use: 90 → "90.0", 0.5 → "0.5". */
const pyFloat = (n: number): string => (Number.isInteger(n) ? `${n}.0` : String(n));
/** A service object's name as a handle: spaces become dashes (docs: integrations/pagerduty). */
export const asHandle = (name: string): string => name.trim().replace(/\s+/g, "-");

/** The threshold and comparator at the end of the query, if the type has them; a string is the problem. */
function queryThreshold(type: string, query: string): { comparator: string; value: number } | string | undefined {
  if (noThresholdTypes.includes(type)) return undefined;
  // Recorded from the real API: a metric query it cannot parse, and a log query without a comparison.
  if ((type === "metric alert" || type === "query alert") && !metricQuery.test(query)) return "The value provided for parameter 'query' is invalid";
  const found = comparison.exec(query);
  if (!found) return "The value provided for parameter 'query' is invalid: invalid operator specified: ";
  return { comparator: found[1], value: Number(found[2]) };
}

function thresholdProblem(thresholds: JsonObject, query: { comparator: string; value: number }): string | undefined {
  const { critical, warning } = thresholds as { critical?: number; warning?: number };
  // datadog-operator#2106, terraform-provider-datadog#1916: a warning without a critical threshold.
  if (warning != null && critical == null) return "Alert status is required.";
  // datadogpy's integration tests, against the real API: "Alert threshold (90.0) does not match that used in the query (200.0)."
  if (critical != null && critical !== query.value) return `Alert threshold (${pyFloat(critical)}) does not match that used in the query (${pyFloat(query.value)}).`;
  if (warning != null && critical != null) {
    // (unconfirmed text) The warning must trigger before the alert does.
    const above = query.comparator.startsWith(">");
    if (above ? warning > critical : warning < critical) {
      return `Warning threshold (${pyFloat(warning)}) must be ${above ? "less" : "greater"} than the alert threshold (${pyFloat(critical)}).`;
    }
  }
  return undefined;
}

function knownHandle(state: DatadogState, kind: string, name: string): boolean {
  if (kind === "pagerduty") {
    if (!state.pagerdutyIntegrationActive) return false;
    for (const service of state.pagerdutyServices.keys()) if (asHandle(service) === name) return true;
    return false;
  }
  for (const service of state.opsgenieServices.values()) if (asHandle(service.name) === name) return true;
  return false;
}

/**
 * The first reason Datadog would refuse this monitor definition, or undefined. Texts from the real
 * API where recorded (see comments); the others are the mock's own, in the same style (unconfirmed).
 */
export function monitorProblem(state: DatadogState, body: JsonObject): string | undefined {
  if (typeof body.type !== "string" || !monitorTypes.includes(body.type)) return "The value provided for parameter 'type' is invalid";
  if (typeof body.query !== "string" || body.query.trim() === "") return "The value provided for parameter 'query' is invalid";
  const threshold = queryThreshold(body.type, body.query);
  if (typeof threshold === "string") return threshold;
  if (body.options !== undefined && !isObject(body.options)) return "The value provided for parameter 'options' is invalid";
  const thresholds = (body.options as JsonObject | undefined)?.thresholds;
  if (thresholds !== undefined && thresholds !== null) {
    if (!isObject(thresholds) || Object.values(thresholds).some((v) => v !== null && typeof v !== "number")) return "The value provided for parameter 'thresholds' is invalid";
    if (threshold) {
      const found = thresholdProblem(thresholds, threshold);
      if (found) return found;
    }
  }
  if (body.name !== undefined && typeof body.name !== "string") return "The value provided for parameter 'name' is invalid";
  if (body.message !== undefined && typeof body.message !== "string") return "The value provided for parameter 'message' is invalid";
  if (body.tags !== undefined && !isStringArray(body.tags)) return "The value provided for parameter 'tags' is invalid";
  if (body.priority != null && !(Number.isInteger(body.priority) && (body.priority as number) >= 1 && (body.priority as number) <= 5)) {
    return "The value provided for parameter 'priority' is invalid";
  }
  if (body.draft_status !== undefined && !draftStatuses.includes(body.draft_status as DraftStatus)) return "The value provided for parameter 'draft_status' is invalid";
  if (state.strictHandles && typeof body.message === "string") {
    // (unconfirmed text) A handle that names no service object would notify no one.
    for (const [mention, kind, name] of body.message.matchAll(handle)) {
      if (!knownHandle(state, kind, name)) return `Invalid notification handle: ${mention} matches no ${kind === "pagerduty" ? "PagerDuty" : "Opsgenie"} service`;
    }
  }
  return undefined;
}

/** The query's own threshold, which Datadog copies into `options.thresholds.critical` when it is not given. */
export function criticalFromQuery(type: string, query: string): number | undefined {
  const found = queryThreshold(type, query);
  return typeof found === "object" ? found.value : undefined;
}
