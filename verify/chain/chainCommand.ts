import path from "node:path";
import { environments } from "../../config/projectKeys";
import { projectRoot, stackNames } from "../../plan/stackFiles";
import { WorldSeedError } from "../../plannedWorld/seedWorld";
import type { EnvValues } from "../inputs/envSources";
import { mockBaseUrl } from "../inputs/mockDefaults";
import { type Integration, integrations } from "../integrations";
import type { ProbeMode } from "../mode";
import type { RunOutput } from "../output";
import { logFile } from "../preserve";
import type { Redactor } from "../redactor";
import { UsageError } from "../usageError";
import { type ChainEndpoints, mockEndpoints } from "./chainEndpoints";
import { chainSummaryLines, sourceLines } from "./chainLines";
import { type ChainReport, chainVerdict } from "./chainResult";
import type { ChainStack } from "./chainRoutes";
import { chainMocks, mockChainStacks, realChainStack } from "./chainWorld";
import { realEndpoints } from "./realEndpoints";
import { runChain } from "./runChain";

/** The integrations a chain crosses: all of them in one mode, since an alert cannot cross from a mock to a vendor. */
const crossed: Integration[] = ["sentry", "pagerduty", "opsgenie", "datadog", "slack"];

export interface ChainCommandOptions {
  stack?: string;
  json?: boolean;
  log?: boolean;
  /** Seconds each hop may take. */
  timeout: number;
  env: EnvValues;
  modes: Record<Integration, ProbeMode>;
  root: string;
  runId: string;
  startedAt: Date;
  now: () => Date;
  interrupt: AbortSignal;
  output: RunOutput;
  redactor: Redactor;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/** Mock or real: one mode for every vendor on the chain, or a usage error. */
function chainMode(modes: Record<Integration, ProbeMode>): "mock" | "real" {
  const kinds = new Set(crossed.map((name) => modes[name]));
  if (kinds.size === 1) return [...kinds][0];
  throw new UsageError(
    `OPERATOR_WIRING_MODE mixes mock and real for the vendors a chain crosses (${crossed.map((n) => `${n}=${modes[n]}`).join(", ")}): an alert raised at a mock cannot reach a vendor.`,
    "run the chain with OPERATOR_WIRING_MODE=mock (the default) or real_all.",
  );
}

/** Registers every key and token the chain may print near, before anything is printed. */
function registerSecrets(redactor: Redactor, endpoints: ChainEndpoints, stacks: readonly ChainStack[]): void {
  for (const secret of [endpoints.sentry?.token, endpoints.pagerduty?.token, endpoints.slack.token, endpoints.datadog?.apiKey, endpoints.datadog?.appKey]) redactor.add(secret);
  for (const { outputs } of stacks) {
    for (const key of Object.values({ ...outputs.pagerdutyRoutingKeys, ...outputs.opsgenieApiKeys } as Record<string, string>)) redactor.add(key);
    redactor.add(outputs.splunkHecToken as string | undefined);
  }
}

/**
 * `verify --chain` (V12): mock mode deploys every committed stack's planned world into the mocks
 * and raises each stack's sources (all stacks, or `--stack`); real mode raises the `--stack`'s
 * sources at the vendors. Prints each source's hops as it finishes, then the summary; exit codes
 * as verify's: 0 PASS, 1 FAIL or HOLD or interrupted, 2 usage (nothing raised).
 */
export async function runChainCommand(o: ChainCommandOptions): Promise<number> {
  let mode: "mock" | "real";
  let stacks: ChainStack[];
  let endpoints: ChainEndpoints;
  let scope: string[];
  try {
    mode = chainMode(o.modes);
    if (mode === "real") {
      if (!o.stack) throw new UsageError("verify --chain in real mode needs --stack: the chain follows what that stack's pulumi up created.", "add --stack <dev|staging|prod>.");
      stacks = [await realChainStack(o.stack)];
      endpoints = realEndpoints(o.env, stacks[0].outputs);
      scope = [o.stack];
    } else {
      // dev, staging, prod first, in the order a change travels; any other stack file after them.
      const files = stackNames();
      const committed = [...environments.filter((e) => files.includes(e)), ...files.filter((f) => !(environments as readonly string[]).includes(f))];
      if (committed.length === 0) throw new UsageError(`There is no stack file (Pulumi.<stack>.yaml) in ${projectRoot}: the chain has nothing to deploy into the mocks.`, "run verify --chain from the operator-wiring checkout, which commits Pulumi.dev.yaml, Pulumi.staging.yaml and Pulumi.prod.yaml.");
      if (o.stack && !committed.includes(o.stack)) throw new UsageError(`There is no stack "${o.stack}" (no Pulumi.${o.stack}.yaml).`, `use one of ${committed.join(", ")}.`);
      const urls = Object.fromEntries(chainMocks.map((name) => [name, mockBaseUrl(name as (typeof integrations)[number], o.env)]));
      o.output.line(`chain: deploying the offline plans of ${committed.join(", ")} into the mocks (a whole-stack pulumi up cannot run here: no provider plugin)`);
      stacks = await mockChainStacks(urls, committed);
      endpoints = mockEndpoints(urls);
      scope = o.stack ? [o.stack] : committed;
    }
  } catch (error) {
    if (error instanceof UsageError || error instanceof WorldSeedError) {
      o.stderr(o.redactor.redact(`verify: ${error.message}`));
      o.stderr("verify: nothing was raised.");
      return 2;
    }
    // The control API's fetch failing at all (refused, unreachable): no mock answers there.
    if (error instanceof TypeError && error.message === "fetch failed") {
      o.stderr("verify: the mocks are not running: start them (npm run mocks) first. Nothing was raised.");
      return 2;
    }
    throw error;
  }
  registerSecrets(o.redactor, endpoints, stacks);
  o.output.line(`verify --chain ${o.runId} (${mode} mode): ${scope.join(", ")}; deadline ${o.timeout} s per hop`);
  const { results, notes } = await runChain({
    stacks,
    scope,
    endpoints,
    runId: o.runId,
    hopTimeoutMs: o.timeout * 1000,
    interrupt: o.interrupt,
    log: (line) => o.output.line(line),
    onResult: (result) => {
      for (const line of sourceLines(result)) o.output.line(line);
    },
  });
  const verdict = chainVerdict(results);
  const report: ChainReport = {
    runId: o.runId,
    mode,
    stacks: scope,
    startedAt: o.startedAt.toISOString(),
    durationMs: Math.round(o.now().getTime() - o.startedAt.getTime()),
    verdict: o.interrupt.aborted ? "FAIL" : verdict,
    exitCode: verdict === "PASS" && !o.interrupt.aborted ? 0 : 1,
    notes,
    results,
  };
  if (o.interrupt.aborted) o.output.line("verify: interrupted; every source's clean-up ran.");
  for (const line of chainSummaryLines(report)) o.output.line(line);
  if (o.json) o.stdout(o.redactor.redact(JSON.stringify(report, null, 2)));
  if (o.log) {
    const file = logFile(o.root, o.stack ?? "chain", o.startedAt);
    o.output.appendTo(file);
    o.stderr(`verify: log appended to ${path.relative(o.root, file)}`);
  }
  return report.exitCode;
}
