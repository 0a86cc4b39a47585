import { randomBytes } from "node:crypto";
import path from "node:path";
import { Command, CommanderError, InvalidArgumentError } from "commander";
import { Interrupted } from "./http/httpErrors";
import { mergeEnv, readEnvFile, type EnvValues } from "./inputs/envSources";
import { InputsError, resolveInputs } from "./inputs/resolveInputs";
import { readStackOutputs } from "./inputs/stackOutputs";
import { type Integration, integrations, isIntegration } from "./integrations";
import { parseMode } from "./mode";
import { RunOutput } from "./output";
import { logFile, preserveIncident, runHeader } from "./preserve";
import type { Probe } from "./probe";
import type { RunReport } from "./probeResult";
import { Redactor } from "./redactor";
import { runVerify } from "./runVerify";
import { summaryLines, verdictOf } from "./summary";
import { UsageError } from "./usageError";
import type { Waits } from "./waits";
import { type WiringTarget, wiringTargetFrom } from "./wiring/wiringTarget";

/** Exit codes, documented in the README: cron and CI branch on them. */
export const exitCodes = { pass: 0, notPassed: 1, usage: 2 } as const;

export interface CliIo {
  env: EnvValues;
  /** Where `state/` and `.env.local` are. */
  root: string;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  /** Aborted on Ctrl-C. */
  interrupt: AbortSignal;
  now?: () => Date;
  probes?: Partial<{ [N in Integration]: Probe<N> }>;
  /** Back-off, Retry-After and poll pauses (tests pass ones that return at once). @default realWaits */
  waits?: Waits;
}

function integrationList(value: string): Integration[] {
  const names = value.split(",").map((s) => s.trim()).filter(Boolean);
  for (const name of names) if (!isIntegration(name)) throw new InvalidArgumentError(`"${name}" is not one of ${integrations.join(", ")}.`);
  return names as Integration[];
}

function seconds(value: string): number {
  const n = Number(value);
  if (!Number.isFinite(n) || n < 1 || n > 600) throw new InvalidArgumentError("give a number of seconds from 1 to 600.");
  return n;
}

function program(): Command {
  return new Command("verify")
    .description("Sends a marked test event through each integration, checks it arrived and was cleaned up, and prints a verdict.")
    .option("--stack <name>", "read inputs from this stack's outputs (needs the Pulumi CLI) and name the log after it")
    .option("--only <integrations>", `comma-separated subset of ${integrations.join(",")}`, integrationList)
    .option("--json", "print the run report as JSON on stdout; request lines go to stderr")
    .option("--log", "append the run to state/verify-<stack>-<YYYYMMDD>.log")
    .option("--timeout <seconds>", "deadline per probe, clean-up included", seconds, 20)
    .option("--preserve", "on failure, snapshot the run into state/incidents/<YYYYMMDD-HHMM>/")
    .option("--wiring", "also run the runbook's wiring checks for Sentry, PagerDuty and Datadog in scope (needs management credentials)")
    .option("--chain", "instead of the probes, follow one marked alert from each source the stack wires to every target it should reach, and nowhere else (V12); --timeout is then per hop")
    // Not --env-file: Node 20 claims that flag even after the script name.
    .option("--inputs-file <path>", "file of inputs, as .env.example lists them", ".env.local")
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
}

/** The verify command: returns its exit code; prints only through `io`. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const now = io.now ?? (() => new Date());
  const command = program();
  try {
    command.parse(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      if (error.code === "commander.helpDisplayed" || error.code === "commander.version") {
        io.stdout(command.helpInformation());
        return exitCodes.pass;
      }
      io.stderr(`verify: ${error.message.replace(/^error: /, "")}\n${command.helpInformation()}`);
      return exitCodes.usage;
    }
    throw error;
  }
  const flags = command.opts<{ stack?: string; only?: Integration[]; json?: boolean; log?: boolean; timeout: number; preserve?: boolean; wiring?: boolean; chain?: boolean; inputsFile: string }>();
  const redactor = new Redactor();
  const output = new RunOutput(redactor, { quiet: false, write: flags.json ? io.stderr : io.stdout });
  const startedAt = now();
  const runId = `ow-${startedAt.toISOString().replace(/[-:]/g, "").slice(0, 15)}-${randomBytes(2).toString("hex")}`;

  if (flags.chain) {
    const clash = (["only", "wiring", "preserve"] as const).filter((flag) => flags[flag] !== undefined);
    if (clash.length > 0) {
      io.stderr(`verify: --chain follows every source the stack wires; it does not take ${clash.map((f) => `--${f}`).join(", ")}.\n${command.helpInformation()}`);
      return exitCodes.usage;
    }
    const env = mergeEnv(io.env, {}, readEnvFile(path.resolve(io.root, flags.inputsFile)));
    let modes;
    try {
      modes = parseMode(env.OPERATOR_WIRING_MODE);
    } catch (error) {
      if (!(error instanceof UsageError)) throw error;
      io.stderr(`verify: ${error.message}`);
      return exitCodes.usage;
    }
    // Loaded only for --chain, like the wiring checks: a plain verify run starts without it.
    const { runChainCommand } = await import("./chain/chainCommand");
    return runChainCommand({ ...flags, env, modes, root: io.root, runId, startedAt, now, interrupt: io.interrupt, output, redactor, stdout: io.stdout, stderr: io.stderr });
  }

  let inputs;
  const scope = flags.only ?? [...integrations];
  let modes;
  let target: WiringTarget = {};
  try {
    // Every variable, OPERATOR_WIRING_MODE included, may come from the inputs file too.
    const envFile = readEnvFile(path.resolve(io.root, flags.inputsFile));
    const stackOutputs = flags.stack ? await readStackOutputs(flags.stack, mergeEnv(io.env, {}, envFile)) : undefined;
    const env = mergeEnv(io.env, stackOutputs?.env ?? {}, envFile);
    modes = parseMode(env.OPERATOR_WIRING_MODE);
    target = wiringTargetFrom(env);
    inputs = resolveInputs(scope, modes, env, redactor, flags.stack);
    if (stackOutputs) output.line(stackOutputs.note);
  } catch (error) {
    if (error instanceof InputsError) {
      for (const p of error.problems) io.stderr(redactor.redact(`verify: ${p.variable} ${p.problem} Hint: ${p.hint}`));
      io.stderr("verify: nothing was sent. Fix the inputs above and run again.");
      return exitCodes.usage;
    }
    if (error instanceof UsageError) {
      io.stderr(`verify: ${error.message}`);
      return exitCodes.usage;
    }
    throw error;
  }

  output.line(runHeader(runId, flags.stack, scope.map((n) => [n, modes[n]] as const), flags.timeout));
  const deadlineMs = flags.timeout * 1000;
  const log = (l: string) => output.line(l);
  const [results, wiring] = await Promise.all([
    runVerify({ scope, modes, inputs, runId, deadlineMs, interrupt: io.interrupt, log, probes: io.probes, waits: io.waits }),
    // Loaded only with --wiring: the checks' answer schemas pull in zod, which loads slower than the rest of verify.
    flags.wiring
      ? import("./wiring")
          .then(({ runWiringChecks }) => runWiringChecks({ inputs, target, modes, deadlineMs, interrupt: io.interrupt, log, waits: io.waits }))
          .then((checks) => checks.filter((c) => scope.includes(c.integration)))
      : undefined,
  ]);
  const verdict = verdictOf(results, wiring);
  const report: RunReport = {
    runId,
    stack: flags.stack ?? null,
    startedAt: startedAt.toISOString(),
    durationMs: Math.round(now().getTime() - startedAt.getTime()),
    verdict,
    exitCode: verdict === "PASS" ? exitCodes.pass : exitCodes.notPassed,
    results,
    ...(wiring ? { wiring } : {}),
  };
  if (io.interrupt.aborted) output.line(`verify: ${(io.interrupt.reason as Interrupted | undefined)?.message ?? "interrupted"}; clean-up was attempted.`);
  for (const line of summaryLines(report)) output.line(line);
  // Probe summaries can quote what a vendor answered: the report is redacted like every line.
  const reportJson = redactor.redact(JSON.stringify(report, null, 2));
  if (flags.json) io.stdout(reportJson);
  if (flags.log) {
    const file = logFile(io.root, report.stack, startedAt);
    output.appendTo(file);
    io.stderr(`verify: log appended to ${path.relative(io.root, file)}`);
  }
  if (flags.preserve && verdict !== "PASS") {
    const folder = preserveIncident(io.root, report, reportJson, output.lines, startedAt);
    io.stderr(`verify: run preserved in ${path.relative(io.root, folder)}`);
  }
  return report.exitCode;
}
