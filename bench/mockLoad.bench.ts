/**
 * Load on the mock endpoints from a second process on loopback: the mocks run in a child
 * process (`npm run mocks`, minus npm) and autocannon drives them from this one.
 * For Splunk HEC and PagerDuty Events v2: requests/s and latency percentiles over a timed
 * run, then exactly 10,000 events and whether the mock recorded all 10,000.
 * Targets: ≥ 2,000 req/s, p99 < 50 ms, none lost.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import autocannon from "autocannon";
import Table from "cli-table3";
import { MockControl } from "../mock-endpoints/controlClient";

const ports = { pagerduty: 14813, splunk: 14816 };
const seconds = Number(process.env.BENCH_SECONDS ?? 10);
const connections = Number(process.env.BENCH_CONNECTIONS ?? 16);
const exactly = 10_000;

interface Target {
  name: string;
  service: keyof typeof ports;
  path: string;
  headers: Record<string, string>;
  body: string;
}

const targets: Target[] = [
  {
    name: "Splunk HEC /services/collector/event",
    service: "splunk",
    path: "/services/collector/event",
    headers: { authorization: "Splunk 00000000-0000-4000-8000-00000000b00c", "content-type": "application/json" },
    body: JSON.stringify({ event: { check: "operator-wiring bench" }, sourcetype: "_json", index: "main" }),
  },
  {
    name: "PagerDuty Events v2 /v2/enqueue",
    service: "pagerduty",
    path: "/v2/enqueue",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({
      routing_key: "bench".padEnd(32, "0"),
      event_action: "trigger",
      dedup_key: "operator-wiring-bench",
      payload: { summary: "operator-wiring bench", source: "bench", severity: "info" },
    }),
  },
];

function startMockProcess(): Promise<() => Promise<void>> {
  const launcher = path.resolve(__dirname, "../build/run.mjs");
  const child = spawn(process.execPath, [launcher, "mocks", "--only", "pagerduty,splunk", "--port", `pagerduty=${ports.pagerduty}`, "--port", `splunk=${ports.splunk}`]);
  let output = "";
  return new Promise((resolve, reject) => {
    child.stdout.on("data", (chunk) => {
      output += chunk;
      if (output.includes("Ctrl-C stops them.")) resolve(() => new Promise((done) => (child.once("exit", () => done()), child.kill("SIGINT"))));
    });
    child.stderr.on("data", (chunk) => (output += chunk));
    child.once("exit", (code) => reject(new Error(`mock process exited with ${code}:\n${output}`)));
  });
}

function run(target: Target, options: Partial<autocannon.Options>): Promise<autocannon.Result> {
  return autocannon({
    url: `http://127.0.0.1:${ports[target.service]}${target.path}`,
    method: "POST",
    headers: target.headers,
    body: target.body,
    connections,
    ...options,
  });
}

async function main(): Promise<void> {
  const stop = await startMockProcess();
  const table = new Table({
    head: ["endpoint", "req/s (mean)", "p50 ms", "p99 ms", "max ms", "non-2xx", "errors", `${exactly} sent: 2xx / recorded`],
    style: { head: [], border: [] },
  });
  try {
    for (const target of targets) {
      const control = new MockControl(`http://127.0.0.1:${ports[target.service]}`);
      await control.reset();
      await run(target, { duration: 1 }); // warm-up: JIT and connection set-up
      await control.reset();
      const timed = await run(target, { duration: seconds });
      await control.reset();
      const counted = await run(target, { amount: exactly });
      const recorded = await control.requestCount({ path: target.path });
      table.push([
        target.name,
        timed.requests.mean.toFixed(0),
        timed.latency.p50.toFixed(1),
        timed.latency.p99.toFixed(1),
        timed.latency.max.toFixed(1),
        timed.non2xx,
        timed.errors + timed.timeouts,
        `${counted["2xx"]} / ${recorded}`,
      ]);
    }
  } finally {
    await stop();
  }
  console.log(`Mock endpoints under load: ${connections} connections, ${seconds} s timed run, mocks in a separate process (${process.version}).`);
  console.log(table.toString());
  console.log("Targets: ≥ 2000 req/s, p99 < 50 ms, and every one of the 10000 events recorded.");
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
