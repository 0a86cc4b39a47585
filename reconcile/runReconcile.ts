import { Deadline } from "../verify/deadline";
import { HttpClient } from "../verify/http/httpClient";
import type { EnvValues } from "../verify/inputs/envSources";
import { receivedCheck } from "./receivedCheck";
import { type Counted, counted, sentEvents } from "./sentEvents";

/** Drift over this share of the sent events is flagged (O5: "drift over 1 %"). */
export const driftLimit = 0.01;

export interface ReconcileRow {
  integration: Counted;
  stack: string;
  sent: number;
  /** Unset when the vendor could not be asked (HOLD). */
  received?: number;
  /** (sent − received) / sent, as a percentage with two decimals. */
  driftPercent?: number;
  /** OK: drift within 1 %; DRIFT: over it; HOLD: not countable (no credential, or the vendor did not answer). */
  status: "OK" | "DRIFT" | "HOLD";
  /** The first runs whose events the vendor does not have, or why nothing was counted. */
  detail: string;
}

export interface ReconcileReport {
  since: string;
  until: string;
  logFiles: string[];
  rows: ReconcileRow[];
  verdict: "PASS" | "FAIL" | "HOLD";
  exitCode: 0 | 1;
}

export interface ReconcileOptions {
  logDir: string;
  /** Calendar days, `YYYY-MM-DD`, as the logs are named (the day a run started, local time). */
  since: string;
  until: string;
  /** The credentials to ask the vendors with, per stack (the environment, its outputs, .env.local). */
  envFor: (stack: string) => EnvValues;
  /** The whole run's budget, every lookup included. */
  deadlineMs: number;
  /** Each request's line (the CLI prints them with --verbose). */
  log: (line: string) => void;
  interrupt?: AbortSignal;
}

const compact = (day: string) => day.replace(/-/g, "");
const percent = (share: number) => Math.round(share * 10_000) / 100;

/** Asks `check` for each run, a few at once (the vendors' rate limits are per minute, in the hundreds). */
async function countReceived(runIds: string[], check: (runId: string) => Promise<boolean>): Promise<{ received: number; missing: string[] }> {
  const missing: string[] = [];
  let next = 0;
  const worker = async () => {
    while (next < runIds.length) {
      const runId = runIds[next++];
      if (!(await check(runId))) missing.push(runId);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
  return { received: runIds.length - missing.length, missing: missing.sort() };
}

/**
 * O5: per integration and stack, the marked events verify sent between two days (its logs) against
 * what the vendor reports it received (looked up by each run's key), and the drift between them.
 */
export async function runReconcile(options: ReconcileOptions): Promise<ReconcileReport> {
  const { events, files } = sentEvents(options.logDir, compact(options.since), compact(options.until));
  const window = { since: new Date(`${options.since}T00:00:00Z`), until: new Date(`${options.until}T00:00:00Z`) };
  const deadline = new Deadline(options.deadlineMs, options.interrupt);
  const http = new HttpClient({ integration: "reconcile", deadline, log: options.log });
  const rows: ReconcileRow[] = [];
  const stacks = [...new Set(events.map((e) => e.stack))].sort();
  try {
    for (const stack of stacks) {
      for (const integration of counted) {
        const runIds = events.filter((e) => e.stack === stack && e.integration === integration).map((e) => e.runId);
        if (runIds.length === 0) continue;
        const ask = receivedCheck(integration, options.envFor(stack), window);
        if ("why" in ask) {
          rows.push({ integration, stack, sent: runIds.length, status: "HOLD", detail: ask.why });
          continue;
        }
        try {
          const { received, missing } = await countReceived(runIds, (runId) => ask.check(http, runId));
          const drift = (runIds.length - received) / runIds.length;
          const shown = missing.slice(0, 3).join(", ") + (missing.length > 3 ? ` and ${missing.length - 3} more` : "");
          rows.push({
            integration,
            stack,
            sent: runIds.length,
            received,
            driftPercent: percent(drift),
            status: drift > driftLimit ? "DRIFT" : "OK",
            detail: missing.length === 0 ? "every event the logs show sent is at the vendor" : `not at the vendor: ${shown}`,
          });
        } catch (error) {
          rows.push({ integration, stack, sent: runIds.length, status: "HOLD", detail: `the vendor could not be asked: ${error instanceof Error ? error.message : String(error)}` });
        }
      }
    }
  } finally {
    deadline.dispose();
  }
  const verdict = rows.some((r) => r.status === "DRIFT") ? "FAIL" : rows.length === 0 || rows.some((r) => r.status === "HOLD") ? "HOLD" : "PASS";
  return { since: options.since, until: options.until, logFiles: files, rows, verdict, exitCode: verdict === "PASS" ? 0 : 1 };
}
