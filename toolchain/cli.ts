/**
 * `npm run toolchain`: builds the Pulumi CLI (and whatever plugins the module proxy serves)
 * into a cache folder outside the repository, or reuses it; then shows what the CLI sees
 * (`pulumi version`, `pulumi plugin ls`) and a table of every part, built or not and why.
 *
 * Exit codes: 0 when the CLI and the dynamic-provider launcher are ready (parts the proxy
 * refuses are listed, not fatal: the rehearsal reports what they block); 1 when the build fails.
 */
import { execFileSync } from "node:child_process";
import Table from "cli-table3";
import { Command } from "commander";
import { parseCommandLine } from "../plan/parseCommandLine";
import { ensureToolchain } from "./buildToolchain";
import { type PartStatus, type ToolchainManifest, toolchainPaths } from "./toolchainCache";

const program = new Command("npm run toolchain --")
  .description("Build the Pulumi CLI from Go modules into ~/.cache/operator-wiring, or reuse it.")
  .option("--recheck", "ask the module proxy again for the modules it refused when the cache was built")
  .option("--print-dir", "print only the toolchain folder (for scripts)")
  .exitOverride()
  .configureOutput({ writeOut: () => undefined, writeErr: () => undefined });

function detail(part: PartStatus): string {
  switch (part.status) {
    case "built":
      return `${part.path} (${part.seconds} s)`;
    case "copied":
      return `${part.path} (from ${part.from})`;
    case "blocked":
      return `${part.refused.map((r) => r.error).join("\n")}\nwithout it: ${part.without}`;
    case "unbuilt":
      return `${part.reason}\nwithout it: ${part.without}`;
  }
}

function printReport(dir: string, manifest: ToolchainManifest): void {
  const paths = toolchainPaths(dir);
  const env = { ...process.env, PULUMI_HOME: paths.home, PULUMI_SKIP_UPDATE_CHECK: "true" };
  console.log(`\n$ pulumi version\n${execFileSync(paths.pulumi, ["version"], { env, encoding: "utf8" }).trim()}`);
  console.log(`\n$ pulumi plugin ls\n${execFileSync(paths.pulumi, ["plugin", "ls"], { env, encoding: "utf8" }).trim()}\n`);
  const table = new Table({ head: ["part", "status", "detail"], colWidths: [32, 9, 100], wordWrap: true, wrapOnWordBoundary: false });
  for (const part of manifest.parts) table.push([part.id, part.status, detail(part)]);
  console.log(table.toString());
  const mib = (manifest.diskBytes / 2 ** 20).toFixed(0);
  console.log(`\n${dir}: ${mib} MiB, built with ${manifest.goVersion} in ${manifest.buildSeconds} s on ${manifest.builtAt}`);
}

async function main(argv: string[]): Promise<number> {
  const parsed = parseCommandLine(program, argv, "toolchain");
  if (parsed !== undefined) return parsed;
  const options = program.opts<{ recheck?: boolean; printDir?: boolean }>();
  const started = Date.now();
  const log = options.printDir ? () => {} : (line: string) => console.log(line);
  const { dir, manifest, cacheHit } = await ensureToolchain({ recheck: options.recheck, log });
  if (options.printDir) {
    console.log(dir);
    return 0;
  }
  console.log(`${cacheHit ? "reused" : "built "}   ${dir} (${((Date.now() - started) / 1000).toFixed(1)} s)`);
  printReport(dir, manifest);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(`toolchain: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
