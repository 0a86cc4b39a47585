/**
 * `npm run rehearse -- [--stack dev|staging|prod]… [--policy-pack <dir>]… [--json <file>]`:
 * the real Pulumi engine runs the committed stacks against the mock endpoints (README,
 * Rehearsal). One line per step as it ends, then a table.
 *
 * Exit codes: 0 every step passed; 1 a step failed; 3 none failed but some could not run here
 * (BLOCKED: a plugin the toolchain could not build); 2 usage error or no Pulumi CLI.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import Table from "cli-table3";
import { Command, Option } from "commander";
import { parseCommandLine } from "../plan/parseCommandLine";
import { type Environment, environments } from "../config/projectKeys";
import { locatePulumi } from "../toolchain/locatePulumi";
import { markdownSummary } from "./markdownSummary";
import { runRehearsal } from "./runRehearsal";
import type { StepResult } from "./steps";

function line(result: StepResult): string {
  const [first, ...rest] = result.detail.split("\n");
  const head = `${result.status.padEnd(7)} ${result.stack.padEnd(7)} ${result.part.padEnd(17)} ${result.step} (${result.seconds.toFixed(1)} s)`;
  return [`${head}: ${first}`, ...rest.map((l) => `        ${l}`)].join("\n");
}

export function totals(results: readonly StepResult[]): { passed: number; failed: number; blocked: number } {
  const count = (status: StepResult["status"]) => results.filter((r) => r.status === status).length;
  return { passed: count("PASS"), failed: count("FAIL"), blocked: count("BLOCKED") };
}

async function main(argv: string[]): Promise<number> {
  const program = new Command("npm run rehearse --")
    .description("Run the committed stacks through the real Pulumi engine against the mock endpoints.")
    .addOption(new Option("--stack <name...>", "the stacks to rehearse").choices(environments).default([...environments]))
    .option("--policy-pack <dir...>", "policy packs for every preview and up", [])
    .option("--json <file>", "also write every step's result to this file")
    .option("--markdown <file>", "also write the result as a Markdown table (for a pull request comment)")
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
  const parsed = parseCommandLine(program, argv, "rehearse");
  if (parsed !== undefined) return parsed;
  const options = program.opts<{ stack: Environment[]; policyPack: string[]; json?: string; markdown?: string }>();

  let cli;
  try {
    cli = locatePulumi();
  } catch (error) {
    console.error(`rehearse: ${(error as Error).message}`);
    return 2;
  }
  console.log(`Pulumi CLI ${cli.version} (${cli.source === "toolchain" ? `built by npm run toolchain: ${cli.root}` : "from the PATH"})`);
  for (const { part, reason } of cli.missing) console.log(`  without pulumi-${part.kind}-${part.name}${part.version ? ` ${part.version}` : ""}: ${reason}; ${part.without}`);
  console.log("");

  // The CLI runs in each chain's own workspace folder: a pack named relative to here must be made absolute.
  const policyPacks = options.policyPack.map((dir) => path.resolve(dir));
  const results = await runRehearsal({ cli, stacks: options.stack, policyPacks, print: (r) => console.log(line(r)) });

  const table = new Table({ head: ["stack", "chain", "step", "status", "seconds"] });
  for (const r of results) table.push([r.stack, r.part, r.step, r.status, r.seconds.toFixed(1)]);
  console.log(`\n${table.toString()}`);
  const { passed, failed, blocked } = totals(results);
  console.log(`rehearsal: ${passed} passed, ${failed} failed, ${blocked} blocked`);
  if (options.json) writeFileSync(options.json, `${JSON.stringify({ cli: { version: cli.version, source: cli.source }, results }, null, 2)}\n`);
  if (options.markdown) writeFileSync(options.markdown, markdownSummary(results, cli));
  return failed > 0 ? 1 : blocked > 0 ? 3 : 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`rehearse: internal error: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
    process.exit(1);
  },
);
