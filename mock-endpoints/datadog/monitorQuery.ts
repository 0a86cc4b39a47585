import type { ReceivedPoint } from "./state";
import { normaliseTag } from "./tags";

const aggregators = ["avg", "max", "min", "sum"] as const;
type Aggregator = (typeof aggregators)[number];
type Comparator = ">" | ">=" | "<" | "<=" | "==";

/** A metric monitor query of the shape the stack writes: `avg(last_5m):avg:system.load.1{*} > 100000`. */
export interface MetricQuery {
  timeAggregator: Aggregator;
  windowSeconds: number;
  spaceAggregator: Aggregator;
  metric: string;
  /** Tags every point must carry (`*`: none). */
  scope: string[];
  comparator: Comparator;
  threshold: number;
}

/** The shape the mock evaluates, in words, for a refusal. */
export const evaluatedShape = "<avg|max|min|sum>(last_<n><m|h|d>):<avg|max|min|sum>:<metric>{<* or tag,tag>} <comparator> <threshold>";

const shape = /^\s*(avg|max|min|sum)\(last_(\d+)([mhd])\)\s*:\s*(avg|max|min|sum):([A-Za-z0-9_.]+)\{([^}]*)\}\s*(>=|<=|==|>|<)\s*(-?\d+(?:\.\d+)?)\s*$/;
const units = { m: 60, h: 3600, d: 86400 } as const;

/**
 * The query, when it is one the mock evaluates; a string saying why not otherwise (a `by {…}`
 * multi-alert, a formula, another monitor type). Datadog evaluates far more; the mock refuses the
 * rest clearly rather than guess.
 */
export function parseMetricQuery(type: string, query: string): MetricQuery | string {
  if (type !== "query alert" && type !== "metric alert") return `a "${type}" monitor is not evaluated by the mock (only metric monitors, of the shape ${evaluatedShape})`;
  const found = shape.exec(query);
  if (!found) return `the query "${query}" is not of the shape the mock evaluates (${evaluatedShape}; no "by {…}" groups, no formulas)`;
  const [, timeAggregator, amount, unit, spaceAggregator, metric, rawScope, comparator, threshold] = found;
  const scope = rawScope.trim() === "*" || rawScope.trim() === "" ? [] : rawScope.split(",").map((t) => normaliseTag(t.trim()));
  return {
    timeAggregator: timeAggregator as Aggregator,
    windowSeconds: Number(amount) * units[unit as keyof typeof units],
    spaceAggregator: spaceAggregator as Aggregator,
    metric,
    scope,
    comparator: comparator as Comparator,
    threshold: Number(threshold),
  };
}

function aggregate(aggregator: Aggregator, values: number[]): number {
  if (aggregator === "max") return Math.max(...values);
  if (aggregator === "min") return Math.min(...values);
  const sum = values.reduce((a, b) => a + b, 0);
  return aggregator === "sum" ? sum : sum / values.length;
}

function compare(value: number, comparator: Comparator, threshold: number): boolean {
  switch (comparator) {
    case ">":
      return value > threshold;
    case ">=":
      return value >= threshold;
    case "<":
      return value < threshold;
    case "<=":
      return value <= threshold;
    default:
      return value === threshold;
  }
}

/** The points the query reads at `nowSeconds`: its metric, in its window, carrying its scope's tags. */
export function pointsInScope(query: MetricQuery, points: readonly ReceivedPoint[], nowSeconds: number): ReceivedPoint[] {
  return points.filter(
    (p) => p.timestamp > nowSeconds - query.windowSeconds && p.timestamp <= nowSeconds + 60 && query.scope.every((tag) => p.tags.includes(tag) || (p.host !== undefined && tag === `host:${p.host}`)),
  );
}

/**
 * The query's value over its window and whether it crosses the threshold; no points is no data.
 * Points of one submission are one series: the time aggregation runs over them all (the mock keeps
 * no per-series split for `{*}`).
 */
export function evaluateQuery(query: MetricQuery, points: readonly ReceivedPoint[]): { value: number; alert: boolean } | "no data" {
  if (points.length === 0) return "no data";
  const value = aggregate(query.timeAggregator, points.map((p) => p.value));
  return { value, alert: compare(value, query.comparator, query.threshold) };
}
