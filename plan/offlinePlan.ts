/**
 * `npm run plan`: the offline plan. Evaluates the program for each stack (dev, staging, prod
 * by default) with Pulumi's mock runtime and prints what a `pulumi up` of a fresh stack
 * would create. Exit 0 when every stack plans; 2 when any stack's config is invalid, or on a
 * usage mistake (an unknown option or stack).
 *
 * Usage: npm run plan [-- [--project-dir DIR] [STACK ...]]
 */
// First: the SDK, loaded by what follows, finds what it loads but need not deferred (deferSdkModules.ts).
import "./deferSdkModules";
import { Command } from "commander";
import { nearestName } from "../config/nearestName";
import { environments, projectName } from "../config/projectKeys";
import type { Evaluation } from "./evaluateStack";
import { parseCommandLine } from "./parseCommandLine";
import { StackFileError } from "./stackFileError";
import { stackConfigValues, stackNames } from "./stackFiles";

const usage = 2;

function program(): Command {
  return new Command("npm run plan --")
    .description("The offline plan: what a `pulumi up` of a fresh stack would create, for each STACK (default: dev staging prod). No Pulumi CLI, no credentials, no network.")
    .argument("[stacks...]", "stacks to plan, by name (Pulumi.<stack>.yaml)")
    .option("--project-dir <dir>", "where Pulumi.yaml and the stack files are read from (the program is always this one)")
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
}

/** A stack the plan cannot find: the stacks that exist, and the one that was probably meant. */
function unknownStacks(stacks: readonly string[], dir: string | undefined): string | undefined {
  const existing = stackNames(dir);
  const where = dir ?? "the project directory";
  const missing = stacks.filter((s) => !existing.includes(s));
  if (missing.length === 0) return undefined;
  return missing
    .map((stack) => {
      const near = nearestName(stack, existing);
      return `There is no stack "${stack}" (no Pulumi.${stack}.yaml in ${where}). The stacks are: ${existing.join(", ") || "none"}.${near ? ` Did you mean "${near}"?` : ""}`;
    })
    .join("\n");
}

async function planOne(stack: string, dir: string | undefined): Promise<Evaluation | string> {
  let config;
  try {
    config = stackConfigValues(stack, dir);
  } catch (error) {
    if (error instanceof StackFileError) return `Stack ${stack}: the stack file cannot be read as the Pulumi CLI reads it; nothing would be created.\n${error.message}\n`;
    throw error;
  }
  // Loaded only now (as formatPlan below): the Pulumi SDK behind them takes most of a second,
  // which --help and a mistyped stack name need not wait for.
  const { planInThisProcess, withOfflineCredentials } = await import("./planStacks");
  return planInThisProcess(withOfflineCredentials({ project: projectName, stack, ...config }));
}

async function main(argv: string[]): Promise<number> {
  const command = program();
  const parsed = parseCommandLine(command, argv, "plan");
  if (parsed !== undefined) return parsed;
  const dir: string | undefined = command.opts<{ projectDir?: string }>().projectDir;
  const stacks = command.processedArgs[0].length > 0 ? (command.processedArgs[0] as string[]) : [...environments];
  const unknown = unknownStacks(stacks, dir);
  if (unknown) {
    console.error(unknown);
    return usage;
  }
  console.log(
    "Offline plan of a fresh stack: evaluated with Pulumi's mock runtime (no Pulumi CLI, no credentials, no network).\n" +
      "Ids and generated keys are assigned at deploy; lookups are answered at deploy. `pulumi preview` shows the real diff.\n",
  );
  // One after another in this process: Pulumi's runtime is one per process, and the SDK and the
  // program load once for all of them.
  const results: (Evaluation | string)[] = [];
  for (const stack of stacks) results.push(await planOne(stack, dir));
  const { formatPlan } = await import("./formatPlan");
  for (const result of results) console.log(typeof result === "string" ? result : formatPlan(result));
  const failed = stacks.filter((_, i) => typeof results[i] === "string" || !(results[i] as Evaluation).ok);
  if (failed.length > 0) {
    console.error(`Plan failed for ${failed.join(", ")}: fix the configuration problems above.`);
    return usage;
  }
  console.log(`Planned ${stacks.join(", ")}: no configuration problems.`);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
