/**
 * The whole test suite's time (issue 12, goal 3): `npx vitest run`, every project, as .ci/run
 * runs it (not counting the real-engine rehearsal, which .ci/run runs after it), with the count
 * of tests and the load average, since other work on the machine shares its cores.
 * Target: under 90 s.
 */
import path from "node:path";
import { loadAverage, timedProcess } from "./support/timedProcess";

async function main(): Promise<void> {
  const root = path.resolve(__dirname, "..");
  const loadBefore = loadAverage();
  const run = await timedProcess(process.execPath, [path.join(root, "node_modules/vitest/vitest.mjs"), "run", "--reporter=dot"], { ...process.env, CI: "true" });
  const summary = run.stdout.replace(/\x1b\[[0-9;]*m/g, "").split("\n").filter((line) => /^\s*(Test Files|Tests)\s/.test(line)).map((line) => line.trim());
  console.log(`Test suite (npx vitest run, every project; ${process.version}; load average ${loadBefore} before, ${loadAverage()} after): ${(run.ms / 1000).toFixed(1)} s (target < 90 s), exit ${run.status}`);
  for (const line of summary) console.log(`  ${line}`);
  if (run.status !== 0) process.exitCode = 1;
}

void main();
