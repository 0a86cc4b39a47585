import { z } from "zod";

/**
 * One hop of a chain as verify prints it: PASS arrived (read back where it landed), FAIL did not
 * (or arrived where it must not), HOLD sent but not confirmable (no read-back credential), NOT
 * REACHED after a hop before it broke.
 */
export const hopLineSchema = z.strictObject({
  hop: z.string(),
  status: z.enum(["PASS", "FAIL", "HOLD", "NOT REACHED"]),
  /** From the moment the alert was raised to when this hop was seen. */
  latencyMs: z.number().nonnegative().optional(),
  detail: z.string(),
});
export type HopLine = z.infer<typeof hopLineSchema>;

/** One source's chain: the alert raised, each hop followed, the negative proof, the clean-up. */
export const chainResultSchema = z.strictObject({
  stack: z.string(),
  environment: z.string(),
  source: z.string(),
  /** The id every mock records this chain's hops under (mock mode), and the marker in the alert's text. */
  marker: z.string(),
  status: z.enum(["PASS", "FAIL", "HOLD"]),
  hops: z.array(hopLineSchema),
  /** The negative proof: that the alert reached no other environment's targets. */
  elsewhere: hopLineSchema,
  /** The first hop that broke, and why, in words. */
  brokenHop: z.string().optional(),
  diagnosis: z.string().optional(),
  cleanup: z.enum(["done", "none needed", "failed"]),
  cleanupDetail: z.string().optional(),
  durationMs: z.number().nonnegative(),
  requests: z.int().nonnegative(),
});
export type ChainResult = z.infer<typeof chainResultSchema>;

export const chainReportSchema = z.strictObject({
  runId: z.string(),
  mode: z.enum(["mock", "real"]),
  stacks: z.array(z.string()),
  startedAt: z.string(),
  durationMs: z.number().nonnegative(),
  verdict: z.enum(["PASS", "FAIL", "HOLD"]),
  exitCode: z.union([z.literal(0), z.literal(1)]),
  /** What was not raised, and why (drafts, routing off). */
  notes: z.array(z.string()),
  results: z.array(chainResultSchema),
});
export type ChainReport = z.infer<typeof chainReportSchema>;

/** A source's status from its hops: any FAIL fails, anything unconfirmed holds (V13). */
export function sourceStatus(hops: readonly HopLine[], elsewhere: HopLine, cleanup: ChainResult["cleanup"]): ChainResult["status"] {
  const all = [...hops, elsewhere];
  if (cleanup === "failed" || all.some((h) => h.status === "FAIL" || h.status === "NOT REACHED")) return "FAIL";
  return all.some((h) => h.status === "HOLD") ? "HOLD" : "PASS";
}

/** The run's verdict: PASS only when every source passed; none raised is not a pass. */
export function chainVerdict(results: readonly ChainResult[]): ChainReport["verdict"] {
  if (results.some((r) => r.status === "FAIL")) return "FAIL";
  return results.length === 0 || results.some((r) => r.status === "HOLD") ? "HOLD" : "PASS";
}
