import type { InputsByIntegration } from "../../verify/inputs/integrationInputs";
import type { Integration } from "../../verify/integrations";
import type { ProbeMode } from "../../verify/mode";
import type { Probe } from "../../verify/probe";
import type { ProbeResult } from "../../verify/probeResult";
import { runProbe } from "../../verify/runProbe";
import { recordedWaits } from "./recordedWaits";

/**
 * Runs one probe as verify would, collecting its log: every line, and the request lines
 * alone (one per HTTP request, V4), to count against what the mock recorded. Pauses return at
 * once (recordedWaits): `waits.asked` holds what the probe asked for.
 */
export async function runMockProbe<N extends Integration>(options: {
  integration: N;
  probe: Probe<N>;
  inputs: InputsByIntegration[N];
  runId: string;
  deadlineMs: number;
  mode?: ProbeMode;
}): Promise<{ result: ProbeResult; lines: string[]; requestLines: string[]; waits: ReturnType<typeof recordedWaits> }> {
  const lines: string[] = [];
  const waits = recordedWaits();
  const result = await runProbe({
    integration: options.integration,
    mode: options.mode ?? "mock",
    runId: options.runId,
    inputs: options.inputs,
    probe: options.probe,
    deadlineMs: options.deadlineMs,
    interrupt: new AbortController().signal,
    log: (line) => lines.push(line),
    waits,
  });
  const request = new RegExp(`^\\[${options.integration}\\] (GET|POST|PUT|PATCH|DELETE) `);
  return { result, lines, requestLines: lines.filter((line) => request.test(line)), waits };
}
