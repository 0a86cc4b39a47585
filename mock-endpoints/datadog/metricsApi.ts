import { correlationOf } from "../core/hopLog";
import { json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { intake } from "./auth";
import { datadogError } from "./errors";
import { type JsonObject, isObject, isStringArray, nonEmptyString, readObject } from "./jsonBody";
import { type DatadogState, type ReceivedPoint, recordPoint } from "./state";
import { normaliseTags } from "./tags";

// The 400 texts below are the mock's own (unconfirmed): Datadog's exact wording for each malformed
// series payload is not documented; the status and the `{"errors":[…]}` shape are.
const v1Types = ["gauge", "rate", "count"];

/** One v2 series (`MetricSeries`): points are `{timestamp, value}`, type is 0-3 (`MetricIntakeType`). */
function v2Problem(series: unknown, index: number): string | undefined {
  const where = `series[${index}]`;
  if (!isObject(series)) return `${where} must be an object`;
  if (!nonEmptyString(series.metric)) return `${where}.metric is required`;
  if (!Array.isArray(series.points) || series.points.length === 0) return `${where}.points must be a non-empty array`;
  for (const point of series.points as unknown[]) {
    if (!isObject(point) || !Number.isInteger(point.timestamp) || !Number.isFinite(point.value)) {
      return `${where}.points must be {"timestamp": <int>, "value": <number>} objects`;
    }
  }
  if (series.type !== undefined && ![0, 1, 2, 3].includes(series.type as number)) return `${where}.type must be 0, 1, 2 or 3`;
  if (series.tags !== undefined && !isStringArray(series.tags)) return `${where}.tags must be an array of strings`;
  return undefined;
}

/** One v1 series (`Series`): points are `[timestamp, value]` pairs, type is a name. */
function v1Problem(series: unknown, index: number): string | undefined {
  const where = `series[${index}]`;
  if (!isObject(series)) return `${where} must be an object`;
  if (!nonEmptyString(series.metric)) return `${where}.metric is required`;
  if (!Array.isArray(series.points) || series.points.length === 0) return `${where}.points must be a non-empty array`;
  for (const point of series.points as unknown[]) {
    if (!Array.isArray(point) || point.length !== 2 || !Number.isFinite(point[0]) || !Number.isFinite(point[1])) {
      return `${where}.points must be [timestamp, value] pairs`;
    }
  }
  if (series.type !== undefined && !v1Types.includes(series.type as string)) return `${where}.type must be one of ${v1Types.join(", ")}`;
  if (series.tags !== undefined && !isStringArray(series.tags)) return `${where}.tags must be an array of strings`;
  return undefined;
}

function seriesOf(request: MockRequest, problem: (series: unknown, index: number) => string | undefined): JsonObject[] | MockReply {
  const body = readObject(request);
  if (!body || !Array.isArray(body.series)) return datadogError.badRequest('Invalid payload: expected {"series": [...]}');
  for (const [index, series] of (body.series as unknown[]).entries()) {
    const found = problem(series, index);
    if (found) return datadogError.badRequest(`Invalid payload: ${found}`);
  }
  return body.series as JsonObject[];
}

function hostOfResources(resources: unknown): string | undefined {
  if (!Array.isArray(resources)) return undefined;
  const host = resources.find((r) => isObject(r) && r.type === "host" && typeof r.name === "string") as JsonObject | undefined;
  return host?.name as string | undefined;
}

/** When a point arrived, for the monitors' `evaluation`, and the chain it belongs to. */
function arrival(state: DatadogState, request: MockRequest): Pick<ReceivedPoint, "acceptedAt" | "readsAtAccept" | "correlationId"> {
  const correlationId = correlationOf(request);
  return { acceptedAt: Date.now(), readsAtAccept: state.monitorReads, ...(correlationId ? { correlationId } : {}) };
}

function submitV2(state: DatadogState, request: MockRequest): MockReply {
  const series = seriesOf(request, v2Problem);
  if (!Array.isArray(series)) return series;
  for (const s of series) {
    const base: Omit<ReceivedPoint, "timestamp" | "value"> = { tags: normaliseTags((s.tags as string[]) ?? []), type: s.type as number | undefined, host: hostOfResources(s.resources), api: "v2", ...arrival(state, request) };
    for (const p of s.points as { timestamp: number; value: number }[]) recordPoint(state, s.metric as string, { ...base, timestamp: p.timestamp, value: p.value });
  }
  // Recorded from the real API: 202 {"errors":[]} (Datadog client cassette "Submit metrics returns Payload accepted").
  return json(202, { errors: [] });
}

function submitV1(state: DatadogState, request: MockRequest): MockReply {
  const series = seriesOf(request, v1Problem);
  if (!Array.isArray(series)) return series;
  for (const s of series) {
    const base: Omit<ReceivedPoint, "timestamp" | "value"> = { tags: normaliseTags((s.tags as string[]) ?? []), type: s.type as string | undefined, host: s.host as string | undefined, api: "v1", ...arrival(state, request) };
    for (const [timestamp, value] of s.points as [number, number][]) recordPoint(state, s.metric as string, { ...base, timestamp, value });
  }
  // The real v1 intake answers `{"status": "ok"}` as text/json (recorded in Datadog's client cassettes).
  return json(202, { status: "ok" }, { "content-type": "text/json" });
}

/** Metric intake and key validation: the API key alone. */
export function metricsRoutes(state: DatadogState): Route[] {
  return [
    // @see https://docs.datadoghq.com/api/latest/authentication/#validate-api-key
    { method: "GET", path: "/api/v1/validate", handle: intake(() => json(200, { valid: true })) },
    // @see https://docs.datadoghq.com/api/latest/metrics/#submit-metrics
    { method: "POST", path: "/api/v2/series", handle: intake((request) => submitV2(state, request)) },
    { method: "POST", path: "/api/v1/series", handle: intake((request) => submitV1(state, request)) },
  ];
}
