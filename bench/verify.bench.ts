/**
 * Verify's speed: the wall time of a full `verify-all` in mock mode (process start to exit,
 * median of several runs) next to a bare `node -e ''` start measured in the same run, and
 * how far a probe overruns its deadline on a hung endpoint.
 * Targets: mock run under 1.5 s wall; overrun under 10 % of the deadline.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import Table from "cli-table3";
import { MockControl } from "../mock-endpoints/controlClient";
import { startMocks } from "../mock-endpoints/startMocks";
import { runReportSchema } from "../verify/probeResult";

const runs = Number(process.env.BENCH_RUNS ?? 7);
const cli = path.resolve(__dirname, "../verify/cli.ts");
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Runs a process to its end; async, because the mocks answer from this process's event loop. */
function timed(args: string[], env: NodeJS.ProcessEnv): Promise<{ ms: number; status: number | null; stdout: string }> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, { env });
    let stdout = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.once("exit", (status) => resolve({ ms: performance.now() - started, status, stdout }));
  });
}

async function main(): Promise<void> {
  const mocks = await startMocks({ anyFreePort: true });
  const env = {
    ...process.env,
    OPERATOR_WIRING_MODE: "mock",
    ...Object.fromEntries(Object.entries(mocks.urls).map(([name, url]) => [`OPERATOR_WIRING_MOCK_${name.toUpperCase()}_URL`, url])),
  };
  try {
    await timed(["--import", "tsx", cli], env); // warm tsx's transpile cache, as every run after the first finds it
    const bare: number[] = [];
    const full: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push((await timed(["-e", ""], env)).ms);
      const run = await timed(["--import", "tsx", cli], env);
      if (run.status !== 0) throw new Error(`verify-all in mock mode exited ${run.status}:\n${run.stdout}`);
      full.push(run.ms);
    }

    const deadlineS = 5;
    await new MockControl(mocks.urls.pagerduty!).addFault({ route: "POST /v2/enqueue", fault: "hang" });
    const hung = await timed(["--import", "tsx", cli, "--only", "pagerduty", "--json", "--timeout", String(deadlineS)], env);
    const probe = runReportSchema.parse(JSON.parse(hung.stdout)).results[0];
    const overrun = probe.durationMs - deadlineS * 1000;

    const table = new Table({ head: ["measure", "median", "ratio / target"], style: { head: [], border: [] } });
    table.push(
      ["node -e '' (bare start)", `${median(bare).toFixed(0)} ms`, "1.0x"],
      ["verify-all, mock mode, 6 probes", `${median(full).toFixed(0)} ms`, `${(median(full) / median(bare)).toFixed(1)}x bare; target < 1500 ms`],
      [`hung endpoint, ${deadlineS} s deadline: probe time`, `${probe.durationMs} ms (${probe.status})`, `overrun ${overrun} ms = ${((overrun / (deadlineS * 1000)) * 100).toFixed(1)} %; target < 10 %`],
      ["hung endpoint: whole process", `${hung.ms.toFixed(0)} ms`, ""],
    );
    console.log(`verify in mock mode, ${runs} runs each, mocks in the bench process (${process.version}).`);
    console.log(table.toString());
  } finally {
    await mocks.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
