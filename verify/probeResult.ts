import { z } from "zod";
import { integrations } from "./integrations";

/** One integration's outcome; also the JSON output's shape (requirement V9). */
export const probeResultSchema = z.strictObject({
  integration: z.enum(integrations),
  mode: z.enum(["mock", "real"]),
  /** PASS: delivered and cleaned up. FAIL: a step or its clean-up failed. HOLD: sent but unconfirmed. */
  status: z.enum(["PASS", "FAIL", "HOLD"]),
  summary: z.string(),
  diagnosis: z.string().optional(),
  cleanup: z.enum(["done", "none needed", "failed"]),
  durationMs: z.number().nonnegative(),
  requests: z.int().nonnegative(),
});
export type ProbeResult = z.infer<typeof probeResultSchema>;

/** One runbook wiring check's outcome (V10), as in the JSON output. */
export const wiringResultSchema = z.strictObject({
  check: z.string(),
  integration: z.enum(["sentry", "pagerduty", "datadog"]),
  status: z.enum(["PASS", "FAIL", "HOLD"]),
  detail: z.string(),
  diagnosis: z.string().optional(),
  durationMs: z.number().nonnegative(),
  requests: z.int().nonnegative(),
});

export const runReportSchema = z.strictObject({
  runId: z.string(),
  stack: z.string().nullable(),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  verdict: z.enum(["PASS", "FAIL", "HOLD"]),
  exitCode: z.union([z.literal(0), z.literal(1)]),
  results: z.array(probeResultSchema),
  /** Present with --wiring: the runbook's wiring checks for the integrations in scope. */
  wiring: z.array(wiringResultSchema).optional(),
});
export type RunReport = z.infer<typeof runReportSchema>;
