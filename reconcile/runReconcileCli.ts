import path from "node:path";
import { Command, InvalidArgumentError } from "commander";
import { parseCommandLine } from "../plan/parseCommandLine";
import { type EnvValues, mergeEnv, readEnvFile } from "../verify/inputs/envSources";
import { readStackOutputs } from "../verify/inputs/stackOutputs";
import { Redactor } from "../verify/redactor";
import { credentialVariables } from "./receivedCheck";
import { reconcileLines } from "./reconcileLines";
import { runReconcile } from "./runReconcile";

export interface ReconcileIo {
  env: EnvValues;
  /** Where `state/` and `.env.local` are. */
  root: string;
  stdout: (line: string) => void;
  stderr: (line: string) => void;
  now?: () => Date;
  interrupt?: AbortSignal;
}

/** A calendar day, `YYYY-MM-DD`, that exists. */
function day(value: string): string {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(value) ? new Date(`${value}T00:00:00Z`) : new Date(Number.NaN);
  if (Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== value) throw new InvalidArgumentError("give a day as YYYY-MM-DD, e.g. 2026-05-01.");
  return value;
}

/** Today in local time, as verify names its logs. */
const today = (now: Date) => `${now.getFullYear()}-${String(now.getMonth() + 1).padStart(2, "0")}-${String(now.getDate()).padStart(2, "0")}`;

function program(): Command {
  return new Command("npm run reconcile --")
    .description("O5: per integration and stack, the marked events verify sent (its --log files) against what each vendor received, flagging drift over 1 %.")
    .requiredOption("--since <YYYY-MM-DD>", "first day to reconcile", day)
    .option("--until <YYYY-MM-DD>", "last day (default: today)", day)
    .option("--stack <name>", "read this stack's outputs for its credentials (needs the Pulumi CLI), besides the environment and .env.local")
    .option("--logs <dir>", "where verify's logs are", "state")
    .option("--json", "print the report as JSON on stdout; the table goes to stderr")
    .option("--verbose", "print every request line")
    .option("--timeout <seconds>", "budget for all the lookups", (v) => {
      const n = Number(v);
      if (!Number.isFinite(n) || n < 1 || n > 3600) throw new InvalidArgumentError("give a number of seconds from 1 to 3600.");
      return n;
    }, 300)
    .option("--inputs-file <path>", "file of inputs, as .env.example lists them", ".env.local")
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
}

/**
 * `npm run reconcile`: exit 0 when every count is within 1 %, 1 when one drifts over it or cannot
 * be made (HOLD), 2 on a usage mistake (nothing asked). Credentials never appear in the output.
 */
export async function runReconcileCli(argv: readonly string[], io: ReconcileIo): Promise<number> {
  const command = program();
  const parsed = parseCommandLine(command, argv, "reconcile", io);
  if (parsed !== undefined) return parsed;
  const flags = command.opts<{ since: string; until?: string; stack?: string; logs: string; json?: boolean; verbose?: boolean; timeout: number; inputsFile: string }>();
  const until = flags.until ?? today(io.now?.() ?? new Date());
  if (until < flags.since) {
    io.stderr("reconcile: --until is before --since. Hint: give the first day first.");
    return 2;
  }
  const redactor = new Redactor();
  const fileEnv = readEnvFile(path.resolve(io.root, flags.inputsFile));
  const outputs = flags.stack ? await readStackOutputs(flags.stack, mergeEnv(io.env, {}, fileEnv)) : undefined;
  const env = mergeEnv(io.env, outputs?.env ?? {}, fileEnv);
  for (const variable of credentialVariables) redactor.add(env[variable]);
  const write = flags.json ? io.stderr : io.stdout;
  if (outputs) write(redactor.redact(outputs.note));
  const report = await runReconcile({
    logDir: path.resolve(io.root, flags.logs),
    since: flags.since,
    until,
    envFor: () => env,
    deadlineMs: flags.timeout * 1000,
    log: (line) => flags.verbose && write(redactor.redact(line)),
    interrupt: io.interrupt,
  });
  for (const line of reconcileLines(report)) write(redactor.redact(line));
  if (flags.json) io.stdout(redactor.redact(JSON.stringify(report, null, 2)));
  return report.exitCode;
}
