/**
 * `npm run routes`: who pages whom, per environment, with the lint and the deprecation radar
 * (README, "Routing map"). Offline by default (the program under Pulumi's mock runtime, as the
 * offline plan runs it); `--live` reads the vendors (mock or real mode, like verify).
 *
 * Exit codes: 0 no lint error; 1 a lint error, or a vendor the live map could not read; 2 usage
 * or configuration error.
 */
// First: the SDK, loaded by what follows, finds what it loads but need not deferred (deferSdkModules.ts).
import "../plan/deferSdkModules";
import { writeFileSync } from "node:fs";
import { Command, InvalidArgumentError, Option } from "commander";
import { nearestName } from "../config/nearestName";
import { environments } from "../config/projectKeys";
import { parseCommandLine } from "../plan/parseCommandLine";
import { stackNames } from "../plan/stackFiles";
import { parseMode } from "../verify/mode";
import { UsageError } from "../verify/usageError";
import { type PlannedRoutes, offlineRoutes } from "./planRoutes";
import { dotGraph } from "./render/dotGraph";
import { pngOf, svgOf } from "./render/picture";
import { terminalReport } from "./render/terminalMap";
import { routesReport } from "./routesReport";

const usage = 2;
const rank = (stack: string) => ((environments as readonly string[]).includes(stack) ? environments.indexOf(stack as (typeof environments)[number]) : environments.length);

const days = (value: string): number => {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError("a whole number of days");
  return Number(value);
};

function program(): Command {
  return new Command("npm run routes --")
    .description("The routing map per environment (offline from the program, or --live from the vendors), its lint and the deprecation radar.")
    .option("--stack <name...>", "the stacks to show (Pulumi.<stack>.yaml; default: every committed stack)")
    .option("--live", "read the vendors instead of the plan: the mocks, or the vendors named real in OPERATOR_WIRING_MODE (as verify)")
    .option("--deploy-plan", "with --live in mock mode: start fresh mocks and deploy every committed stack's plan into them first (what a whole-stack pulumi up would leave)")
    .option("--json", "the map, the findings and the radar as JSON on stdout")
    .option("--svg <file>", "draw the map (Graphviz) into this SVG file")
    .option("--png <file>", "draw the map into this PNG file")
    .addOption(new Option("--draft-days <n>", "radar: report drafts older than this (Datadog deletes drafts after six months)").argParser(days).default(150))
    .addOption(new Option("--rotation-days <n>", "radar: the routing-key rotation period (quarterly, checklist §7)").argParser(days).default(90))
    .exitOverride()
    .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });
}

interface Options {
  stack?: string[];
  live?: boolean;
  deployPlan?: boolean;
  json?: boolean;
  svg?: string;
  png?: string;
  draftDays: number;
  rotationDays: number;
}

async function main(argv: string[]): Promise<number> {
  const command = program();
  const parsed = parseCommandLine(command, argv, "routes");
  if (parsed !== undefined) return parsed;
  const options = command.opts<Options>();
  // dev, staging, prod first (the order deploys go in), then any other stack file.
  const committed = stackNames().sort((a, b) => rank(a) - rank(b) || a.localeCompare(b));
  const requested = options.stack ?? committed;
  const unknown = requested.filter((s) => !committed.includes(s));
  if (unknown.length > 0) {
    for (const stack of unknown) {
      const near = nearestName(stack, committed);
      console.error(`There is no stack "${stack}" (no Pulumi.${stack}.yaml). The stacks are: ${committed.join(", ")}.${near ? ` Did you mean "${near}"?` : ""}`);
    }
    return usage;
  }
  if (options.deployPlan && !options.live) {
    console.error("routes: --deploy-plan reads the map back from the mocks: add --live.");
    return usage;
  }
  let modes;
  try {
    modes = parseMode(process.env.OPERATOR_WIRING_MODE);
  } catch (error) {
    if (error instanceof UsageError) {
      console.error(`routes: ${error.message}`);
      return usage;
    }
    throw error;
  }
  if (options.deployPlan && Object.values(modes).some((m) => m === "real")) {
    console.error("routes: --deploy-plan deploys into mocks: unset OPERATOR_WIRING_MODE (or set it to mock).");
    return usage;
  }

  // The live map needs every committed stack's plan to tell what is whose; the offline one, the requested ones.
  const planned = await Promise.all((options.live ? committed : requested).map((stack) => offlineRoutes(stack)));
  const failed = planned.filter((p) => !p.ok) as { stack: string; error: string }[];
  if (failed.length > 0) {
    for (const f of failed) console.error(`Stack ${f.stack}: the program stopped, so there is no map.\n${f.error}\n`);
    return usage;
  }
  const plans = planned as PlannedRoutes[];
  const environments = plans.filter((p) => requested.includes(p.facts.stack)).map((p) => p.facts.environment);
  const report = await routesReport(plans, {
    environments,
    live: options.live ?? false,
    deployPlan: options.deployPlan ?? false,
    modes,
    env: process.env,
    today: new Date(),
    draftDays: options.draftDays,
    rotationDays: options.rotationDays,
  });

  if (options.json) console.log(JSON.stringify(report, null, 2));
  else {
    const how = report.map.source === "live" ? `live, read from ${options.deployPlan ? "fresh mocks holding every committed stack's plan" : "the vendors (OPERATOR_WIRING_MODE)"}` : "offline, from the program under Pulumi's mock runtime";
    console.log(`Routing map (${how}):\n`);
    console.log(terminalReport(report.map, report.lint, report.radar, report.unread));
  }
  if (options.svg || options.png) {
    const svg = await svgOf(dotGraph(report.map, [...report.lint, ...report.radar]));
    if (options.svg) writeFileSync(options.svg, svg);
    if (options.png) writeFileSync(options.png, pngOf(svg));
    console.error(`routes: drew the map into ${[options.svg, options.png].filter(Boolean).join(" and ")}`);
  }
  const errors = report.lint.filter((f) => f.severity === "error").length;
  if (errors > 0 || report.unread.length > 0) {
    console.error(`routes: ${errors} lint error${errors === 1 ? "" : "s"}${report.unread.length > 0 ? `, ${report.unread.length} vendor read${report.unread.length === 1 ? "" : "s"} failed` : ""}.`);
    return 1;
  }
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`routes: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(usage);
  },
);
