import { Agent } from "node:https";
import type { ResolvedInputs } from "./inputs/resolveInputs";
import { type Integration, integrationTitles } from "./integrations";
import type { ProbeMode } from "./mode";
import type { Probe } from "./probe";
import type { ProbeResult } from "./probeResult";
import { loadProbe } from "./probes";
import { runProbe } from "./runProbe";
import type { Waits } from "./waits";

export interface RunVerifyOptions {
  scope: readonly Integration[];
  modes: Record<Integration, ProbeMode>;
  inputs: ResolvedInputs;
  runId: string;
  deadlineMs: number;
  interrupt: AbortSignal;
  log: (line: string) => void;
  /** For tests: probes to use instead of the real ones. */
  probes?: Partial<{ [N in Integration]: Probe<N> }>;
  /** @default realWaits */
  waits?: Waits;
}

/** Runs every probe in scope at once; each one's outcome, in scope order. */
export async function runVerify(options: RunVerifyOptions): Promise<ProbeResult[]> {
  return Promise.all(
    options.scope.map(async <N extends Integration>(integration: N) => {
      const probe = (options.probes?.[integration] as Probe<N> | undefined) ?? (await loadProbe[integration]());
      const inputs = options.inputs[integration];
      if (!inputs) throw new Error(`no inputs resolved for ${integration}`);
      // SPLUNK_HEC_INSECURE (dev only, checked with the inputs): skip TLS verification for the HEC.
      const insecure = integration === "splunk" && options.inputs.splunk?.insecure;
      if (insecure) options.log(`[splunk] TLS verification is OFF for the HEC (SPLUNK_HEC_INSECURE); dev only`);
      options.log(`[${integration}] probing ${integrationTitles[integration]} (${options.modes[integration]} mode)`);
      return runProbe({
        integration,
        mode: options.modes[integration],
        runId: options.runId,
        inputs: inputs as never,
        probe,
        deadlineMs: options.deadlineMs,
        interrupt: options.interrupt,
        log: options.log,
        agent: insecure ? new Agent({ keepAlive: true, rejectUnauthorized: false }) : undefined,
        waits: options.waits,
      });
    }),
  );
}
