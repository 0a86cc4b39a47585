/**
 * `npm start`: the offline plan. Evaluates the program for each stack (dev, staging, prod
 * by default) with Pulumi's mock runtime and prints what a `pulumi up` of a fresh stack
 * would create. Exit 0 when every stack plans; 2 when any stack's config is invalid.
 *
 * Usage: npm start [-- [--project-dir DIR] [STACK ...]]
 */
import { parseArgs } from "node:util";
import { environments, projectName } from "../config/projectKeys";
import { formatPlan } from "./formatPlan";
import { planStack, withOfflineCredentials } from "./planStacks";
import { stackConfigValues } from "./stackFiles";

const { positionals, values: flags } = parseArgs({
  allowPositionals: true,
  options: { "project-dir": { type: "string" } },
});
const stacks = positionals.length > 0 ? positionals : [...environments];
/** Where Pulumi.yaml and the stack files are read from; the program is always this one. */
const projectDir = flags["project-dir"];

async function main(): Promise<number> {
  console.log(
    "Offline plan of a fresh stack: evaluated with Pulumi's mock runtime (no Pulumi CLI, no credentials, no network).\n" +
      "Ids and generated keys are assigned at deploy; lookups are answered at deploy. `pulumi preview` shows the real diff.\n",
  );
  const evaluations = await Promise.all(
    stacks.map((stack) => planStack(withOfflineCredentials({ project: projectName, stack, ...stackConfigValues(stack, projectDir) }))),
  );
  for (const evaluation of evaluations) console.log(formatPlan(evaluation));
  const failed = evaluations.filter((e) => !e.ok).map((e) => e.stack);
  if (failed.length > 0) {
    console.error(`Plan failed for ${failed.join(", ")}: fix the configuration problems above.`);
    return 2;
  }
  console.log(`Planned ${stacks.join(", ")}: no configuration problems.`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(2);
  },
);
