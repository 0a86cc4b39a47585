/**
 * The offline plan's speed (issue 12), each figure a whole process (`node build/run.mjs plan`,
 * as `npm run plan` runs it), median of several runs:
 * - the three committed stacks in one process (target < 3 s), and once more on the first run after
 *   a build, which serializes the dynamic providers (components/dynamic/providerCodeCache.ts);
 * - one stack of 1, 10 and 100 generated services (target: 100 under 3 s), with the growth
 *   t(100)/t(10) (linear would be 10; below means fixed costs dominate);
 * beside a bare `node -e ''` start and the Pulumi SDK's own floor (loading it; registering 900 bare
 * resources under its mock runtime), measured in the same run.
 */
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Table from "cli-table3";
import { stringify } from "yaml";
import { freshBundle } from "../build/bundles.mjs";
import { environments, projectName } from "../config/projectKeys";
import { projectRoot, readStackFile } from "../plan/stackFiles";
import { generatedServices } from "./support/generatedServices";
import { loadAverage, median, timedProcess } from "./support/timedProcess";

const sizes = [1, 10, 100];
const runs = Number(process.env.BENCH_RUNS ?? 5);
const launcher = path.join(projectRoot, "build/run.mjs");

/** A project folder with the real Pulumi.yaml and each stack's committed file, its services replaced by `count` generated ones. */
function generatedProject(count: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), `operator-wiring-bench-${count}-`));
  copyFileSync(path.join(projectRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  for (const stack of environments) {
    const config = { ...readStackFile(stack), [`${projectName}:services`]: generatedServices(count) };
    writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify({ config }));
  }
  return dir;
}

/** The median of `count` runs, and their range: other work on shared cores shows as a wide one. */
async function plan(args: string[], count = runs): Promise<{ ms: number; range: string; resources: number }> {
  const ms: number[] = [];
  let resources = 0;
  for (let i = 0; i < count; i++) {
    const run = await timedProcess(process.execPath, [launcher, "plan", ...args]);
    if (run.status !== 0) throw new Error(`plan ${args.join(" ")} exited ${run.status}:\n${run.stderr || run.stdout.slice(-2000)}`);
    ms.push(run.ms);
    resources = [...run.stdout.matchAll(/: (\d+) resources to create/g)].reduce((sum, m) => sum + Number(m[1]), 0);
  }
  const seconds = (x: number) => (x / 1000).toFixed(2);
  return { ms: median(ms), range: count > 1 ? ` (${seconds(Math.min(...ms))}-${seconds(Math.max(...ms))})` : "", resources };
}

async function main(): Promise<void> {
  const loadBefore = loadAverage();
  const planBundle = await freshBundle("plan");
  const bareRuns: number[] = [];
  for (let i = 0; i < runs; i++) bareRuns.push((await timedProcess(process.execPath, ["-e", ""])).ms);
  const bare = median(bareRuns);
  const table = new Table({ head: ["what (one process each)", "resources", "median (range)", "ratio / target"], style: { head: [], border: [] } });
  table.push(["node -e '' (bare start)", "", `${bare.toFixed(0)} ms`, "1.0x"]);

  // The SDK's floor, for scale: loading it, and registering as many bare resources as a stack of
  // 100 services declares, with nothing of ours (support/bareResources.cjs).
  for (const count of [0, 900]) {
    const whole: number[] = [];
    const load: number[] = [];
    for (let i = 0; i < runs; i++) {
      const run = await timedProcess(process.execPath, [path.join(projectRoot, "bench/support/bareResources.cjs"), String(count)]);
      if (run.status !== 0) throw new Error(`bareResources ${count} exited ${run.status}:\n${run.stderr}`);
      whole.push(run.ms);
      load.push(JSON.parse(run.stdout).loadMs);
    }
    const what = count === 0 ? "the Pulumi SDK loaded, nothing declared" : `the Pulumi SDK alone, ${count} bare resources`;
    table.push([what, count, `${(median(whole) / 1000).toFixed(2)} s`, `of which loading the SDK ${(median(load) / 1000).toFixed(2)} s`]);
  }

  // The first run after a build serializes the dynamic providers and remembers their code.
  rmSync(`${planBundle}.providers.json`, { force: true });
  const cold = await plan([], 1);
  table.push(["dev, staging and prod, first run after a build", cold.resources, `${(cold.ms / 1000).toFixed(2)} s`, "serializes the dynamic providers"]);
  const committed = await plan([]);
  table.push(["dev, staging and prod as committed", committed.resources, `${(committed.ms / 1000).toFixed(2)} s${committed.range}`, `${(committed.ms / bare).toFixed(1)}x bare; target < 3 s`]);

  const bySize = new Map<number, number>();
  for (const count of sizes) {
    const dir = generatedProject(count);
    try {
      for (const stack of environments) {
        const m = await plan(["--project-dir", dir, stack]);
        bySize.set(count, Math.max(bySize.get(count) ?? 0, m.ms));
        table.push([`${stack}, ${count} service${count === 1 ? "" : "s"}`, m.resources, `${(m.ms / 1000).toFixed(2)} s${m.range}`, count === 100 ? "target < 3 s" : ""]);
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log(`Offline plan, median of ${runs} runs per row, whole processes (${process.version}; load average ${loadBefore} before, ${loadAverage()} after).`);
  console.log(table.toString());
  const t10 = bySize.get(10) ?? NaN;
  const t100 = bySize.get(100) ?? NaN;
  console.log(`three committed stacks in one process: ${(committed.ms / 1000).toFixed(2)} s (target < 3 s)`);
  console.log(`slowest stack of 100 services: ${(t100 / 1000).toFixed(2)} s (target < 3 s)`);
  console.log(`growth t(100)/t(10): ${(t100 / t10).toFixed(2)} (linear would be 10; below means fixed costs dominate)`);
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
