import type { Agent } from "node:http";
import { Deadline } from "./deadline";
import { diagnose } from "./diagnose";
import { HttpClient } from "./http/httpClient";
import { Interrupted } from "./http/httpErrors";
import type { InputsByIntegration } from "./inputs/integrationInputs";
import type { Integration } from "./integrations";
import type { ProbeMode } from "./mode";
import type { Probe, ProbeContext } from "./probe";
import type { ProbeResult } from "./probeResult";
import { type Waits, realWaits } from "./waits";

export interface RunProbeOptions<N extends Integration> {
  integration: N;
  mode: ProbeMode;
  runId: string;
  inputs: InputsByIntegration[N];
  probe: Probe<N>;
  /** The whole budget of the probe, clean-up included, in ms. */
  deadlineMs: number;
  /** Aborted on Ctrl-C: the probe stops, clean-up still runs. */
  interrupt: AbortSignal;
  log: (line: string) => void;
  /** For every request of the probe: an https.Agent that skips TLS verification (a dev Splunk). */
  agent?: Agent;
  /** Back-off, Retry-After and poll pauses. @default realWaits */
  waits?: Waits;
}

/** The share of the deadline kept for clean-up, so a hung step cannot starve it. */
export function cleanupReserveMs(deadlineMs: number): number {
  return Math.min(5_000, Math.round(deadlineMs * 0.25));
}

/**
 * Runs one probe within its deadline: the steps first, then every registered clean-up
 * (also after a failure or Ctrl-C), each on its own share of the time. Never throws.
 */
export async function runProbe<N extends Integration>(options: RunProbeOptions<N>): Promise<ProbeResult> {
  const { integration, mode, log } = options;
  const waits = options.waits ?? realWaits;
  const total = new Deadline(options.deadlineMs, options.interrupt);
  const steps = new Deadline(options.deadlineMs - cleanupReserveMs(options.deadlineMs), total.signal);
  let requests = 0;
  const counted = (line: string) => {
    requests += 1;
    log(line);
  };
  const cleanups: { label: string; step: (http: HttpClient, deadline: Deadline) => Promise<void> }[] = [];
  const context: ProbeContext<N> = {
    integration,
    mode,
    runId: options.runId,
    inputs: options.inputs,
    deadline: steps,
    waits,
    http: new HttpClient({ integration, deadline: steps, log: counted, note: log, agent: options.agent, waits }),
    log: counted,
    cleanup: (label, step) => cleanups.push({ label, step }),
  };

  let status: ProbeResult["status"] = "FAIL";
  let summary = "";
  let diagnosis: string | undefined;
  try {
    const verdict = await options.probe(context);
    status = verdict.status;
    summary = verdict.summary;
  } catch (error) {
    summary = error instanceof Error ? error.message : String(error);
    diagnosis = diagnose(integration, mode, error);
  }

  // Clean-up gets whatever is left of the whole budget, but not an interrupted one.
  const cleanupDeadline = new Deadline(Math.max(total.remaining(), options.interrupt.aborted ? 2_000 : 0));
  const cleanupHttp = new HttpClient({ integration, deadline: cleanupDeadline, log: counted, note: log, agent: options.agent, waits });
  let cleanup: ProbeResult["cleanup"] = cleanups.length === 0 ? "none needed" : "done";
  for (const { label, step } of cleanups) {
    try {
      await step(cleanupHttp, cleanupDeadline);
    } catch (error) {
      cleanup = "failed";
      status = "FAIL";
      const why = error instanceof Error ? error.message : String(error);
      summary = summary ? `${summary}; clean-up "${label}" failed: ${why}` : `clean-up "${label}" failed: ${why}`;
      diagnosis ??= diagnose(integration, mode, error);
    }
  }
  if (options.interrupt.aborted && status !== "FAIL") {
    status = "FAIL";
    diagnosis = diagnose(integration, mode, new Interrupted());
  }
  const durationMs = Math.round(total.elapsed());
  for (const deadline of [total, steps, cleanupDeadline]) deadline.dispose();
  return { integration, mode, status, summary, ...(diagnosis ? { diagnosis } : {}), cleanup, durationMs, requests };
}
