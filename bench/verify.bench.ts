/**
 * Verify's speed (issue 12), whole processes, medians, each beside its reference measured in the
 * same run:
 * 1. verify/verify-all.sh in mock mode (all six probes), `--help` and a usage error, against a
 *    bare `node -e ''` start. Target: the mock run under 0.5 s.
 * 2. With 150 ms added to every mock response (the mocks' `delay` fault, the order of a real SaaS
 *    round trip), verify-all.sh against bench/sequentialCurl.sh: nine curl calls one after
 *    another, one per step, sending what verify sends and confirming nothing. Target: ≤ 0.75×.
 * 3. How far a probe overruns its deadline on a hung endpoint. Target: under 10 %.
 */
import path from "node:path";
import Table from "cli-table3";
import { freshBundle } from "../build/bundles.mjs";
import { MockControl } from "../mock-endpoints/controlClient";
import { startMocks } from "../mock-endpoints/startMocks";
import { mockCredentials } from "../verify/inputs/mockDefaults";
import { runReportSchema } from "../verify/probeResult";
import { loadAverage, median, timedProcess } from "./support/timedProcess";

const runs = Number(process.env.BENCH_RUNS ?? 7);
const delayMs = 150;
const root = path.resolve(__dirname, "..");
const verifyAll = path.join(root, "verify/verify-all.sh");
const curlScript = path.join(root, "bench/sequentialCurl.sh");
// No .env.local: the mock run's inputs are the mocks' addresses and fake keys.
const noInputsFile = ["--inputs-file", "/nonexistent/.env.local"];

async function main(): Promise<void> {
  await freshBundle("verify");
  const mocks = await startMocks({ anyFreePort: true });
  const controls = Object.values(mocks.urls).map((url) => new MockControl(url!));
  const env = {
    ...process.env,
    OPERATOR_WIRING_MODE: "mock",
    ...Object.fromEntries(Object.entries(mocks.urls).map(([name, url]) => [`OPERATOR_WIRING_MOCK_${name.toUpperCase()}_URL`, url])),
    CURL_SLACK_WEBHOOK_PATH: mockCredentials.slackWebhookPath,
    CURL_SENTRY_PROJECT: mockCredentials.sentryProjectId,
    CURL_SENTRY_KEY: mockCredentials.sentryPublicKey,
    CURL_PAGERDUTY_ROUTING_KEY: mockCredentials.pagerdutyRoutingKey,
    CURL_OPSGENIE_KEY: mockCredentials.opsgenieApiKey,
    CURL_DATADOG_API_KEY: mockCredentials.datadogApiKey,
    CURL_SPLUNK_TOKEN: mockCredentials.splunkHecToken,
  };
  /** Fresh mocks, with every vendor response delayed by `delay` ms (0: none). */
  const resetMocks = async (delay: number) => {
    await Promise.all(controls.map(async (control) => {
      await control.reset();
      if (delay > 0) await control.addFault({ fault: "delay", ms: delay });
    }));
  };
  const passes = async (command: string, args: string[], delay: number) => {
    await resetMocks(delay);
    const run = await timedProcess(command, args, env);
    if (run.status !== 0) throw new Error(`${path.basename(command)} ${args.join(" ")} exited ${run.status}:\n${run.stdout.slice(-3000)}${run.stderr}`);
    return run.ms;
  };
  const loadBefore = loadAverage();
  try {
    await passes(verifyAll, noInputsFile, 0); // the first run after a build reads the bundle from disk
    const bare: number[] = [];
    const mock: number[] = [];
    const help: number[] = [];
    const usage: number[] = [];
    const delayedVerify: number[] = [];
    const delayedCurl: number[] = [];
    for (let i = 0; i < runs; i++) {
      bare.push((await timedProcess(process.execPath, ["-e", ""], env)).ms);
      mock.push(await passes(verifyAll, noInputsFile, 0));
      help.push((await timedProcess(verifyAll, ["--help"], env)).ms);
      const refused = await timedProcess(verifyAll, ["--only", "pagerdty"], env);
      if (refused.status !== 2) throw new Error(`a usage error exited ${refused.status}, not 2`);
      usage.push(refused.ms);
      // The two compared with the delay alternate, so both see the same machine.
      delayedCurl.push(await passes(curlScript, [], delayMs));
      delayedVerify.push(await passes(verifyAll, noInputsFile, delayMs));
    }

    const deadlineS = 5;
    await resetMocks(0);
    await new MockControl(mocks.urls.pagerduty!).addFault({ route: "POST /v2/enqueue", fault: "hang" });
    const hung = await timedProcess(verifyAll, ["--only", "pagerduty", "--json", "--timeout", String(deadlineS), ...noInputsFile], env);
    const probe = runReportSchema.parse(JSON.parse(hung.stdout)).results[0];
    const overrun = probe.durationMs - deadlineS * 1000;

    const ms = (xs: number[]) => `${median(xs).toFixed(0)} ms`;
    const ratio = median(delayedVerify) / median(delayedCurl);
    const table = new Table({ head: ["measure", "median", "ratio / target"], style: { head: [], border: [] } });
    table.push(
      ["node -e '' (bare start)", ms(bare), "1.0x"],
      ["verify-all.sh, mock mode, 6 probes", ms(mock), `${(median(mock) / median(bare)).toFixed(1)}x bare; target < 500 ms`],
      ["verify-all.sh --help", ms(help), `${(median(help) / median(bare)).toFixed(1)}x bare`],
      ["verify-all.sh --only pagerdty (usage error, exit 2)", ms(usage), `${(median(usage) / median(bare)).toFixed(1)}x bare`],
      [`sequentialCurl.sh, ${delayMs} ms per response (9 requests)`, ms(delayedCurl), "1.00x"],
      [`verify-all.sh, ${delayMs} ms per response`, ms(delayedVerify), `${ratio.toFixed(2)}x the curl script; target ≤ 0.75x`],
      [`hung endpoint, ${deadlineS} s deadline: probe time`, `${probe.durationMs} ms (${probe.status})`, `overrun ${overrun} ms = ${((overrun / (deadlineS * 1000)) * 100).toFixed(1)} %; target < 10 %`],
      ["hung endpoint: whole process", `${hung.ms.toFixed(0)} ms`, ""],
    );
    console.log(`verify, ${runs} runs each, mocks in the bench process (${process.version}; load average ${loadBefore} before, ${loadAverage()} after).`);
    console.log(table.toString());
    console.log(`verify-all in mock mode: ${ms(mock)} (target < 500 ms); with ${delayMs} ms per response: ${ratio.toFixed(2)}x the sequential curl script (target ≤ 0.75x)`);
  } finally {
    await mocks.close();
  }
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
