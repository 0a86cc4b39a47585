/**
 * The real Pulumi engine (issue 12, goal 5): `pulumi preview` and `pulumi up` of fresh stacks of
 * 1, 10 and 100 generated services against the mocks, through the Automation API with the
 * program inline, as the rehearsal runs it (README, Rehearsal). What runs is the program's
 * dynamic-provider part (rehearsal/dynamicProvidersProgram.ts): the Sentry table rows and
 * workflows, the Opsgenie teams and API integrations, the Splunk HEC token. The PagerDuty,
 * Datadog and @pulumiverse/sentry resources are NOT included: their provider plugins cannot be
 * built here (docs/toolchain.md). Needs the toolchain (npm run toolchain).
 *
 * Beside each size, what the time is made of: the engine's floor (the same preview and up of an
 * empty program), the program's start in this process (loading the SDK and the program), the
 * dynamic-provider plugin's start (a Node.js process loading the SDK), the mocks' share (their
 * requests, timed), and the rest per resource (the engine and the provider plugin).
 */
import { rmSync } from "node:fs";
import path from "node:path";
import Table from "cli-table3";
import type { Environment } from "../config/projectKeys";
import { MockControl } from "../mock-endpoints/controlClient";
import { startMocks } from "../mock-endpoints/startMocks";
import { rehearsalEnvironment } from "../rehearsal/rehearsalCredentials";
import { locatePulumi } from "../toolchain/locatePulumi";
import { generatedServices } from "./support/generatedServices";
import { loadAverage, timedProcess } from "./support/timedProcess";

const sizes = (process.env.BENCH_ENGINE_SIZES ?? "1,10,100").split(",").map(Number);
const environment: Environment = "staging";
const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const started = performance.now();
  const value = await work();
  return { ms: performance.now() - started, value };
}

/** Requests the mocks answered so far, all services together. */
async function requestCount(controls: MockControl[]): Promise<number> {
  return (await Promise.all(controls.map((control) => control.requestCount()))).reduce((a, b) => a + b, 0);
}

/** A mock request's round trip on loopback, mean of 50: the mocks' share of a run is its requests times this. */
async function roundTripMs(control: MockControl): Promise<number> {
  const started = performance.now();
  for (let i = 0; i < 50; i++) await control.requestCount();
  return (performance.now() - started) / 50;
}

async function main(): Promise<void> {
  const cli = locatePulumi();
  process.env = rehearsalEnvironment(process.env);
  const loadBefore = loadAverage();
  // The program's start: the SDK and the program's modules, loaded in this process as the inline program runs here.
  const programStart = await timed(async () => {
    await import("@pulumi/pulumi");
    return import("../rehearsal/dynamicProvidersProgram");
  });
  const { dynamicProvidersProgram } = programStart.value;
  const [{ mockEndpoints, rehearsalStackConfig }, { seedPagerdutyKeys, seedWorld }, { createRehearsalStack, rehearsalStateRoot }] = await Promise.all([
    import("../rehearsal/rehearsalStackConfig"),
    import("../rehearsal/mockWorld"),
    import("../rehearsal/rehearsalWorkspace"),
  ]);
  // The dynamic-provider plugin's start: the launcher is a Node.js process that loads the SDK first.
  const pluginStart = await timedProcess(process.execPath, ["-e", "require('@pulumi/pulumi')"]);

  const table = new Table({ head: ["services", "resources", "preview", "up", "mock requests (their time)", "per resource beyond the floor"], style: { head: [], border: [] } });
  const floor = { preview: 0, up: 0 };
  // The engine runs at most 8 resource operations at once here (pulumi up --parallel defaults to
  // 4 per core); the largest size once more with 32, to show how much of its time is queueing.
  const largest = Math.max(...sizes);
  const cases = [{ count: 0 }, ...sizes.map((count) => ({ count })), { count: largest, parallel: 32 }];
  for (const { count, parallel } of cases) {
    const mocks = await startMocks({ anyFreePort: true });
    const folder = `bench/${count}${parallel ? `-parallel-${parallel}` : ""}`;
    try {
      const overrides = count === 0 ? {} : { "operator-wiring:services": generatedServices(count) };
      const { stackName, config, secrets, settings } = rehearsalStackConfig(environment, mockEndpoints(mocks), overrides);
      await seedWorld(mocks, settings);
      const keys = await seedPagerdutyKeys(mocks, settings, 1);
      const program = count === 0 ? async () => ({}) : dynamicProvidersProgram((service) => keys.get(service)?.[0] ?? "(no key seeded)");
      const { stack } = await createRehearsalStack({ cli, folder, stackName, program, config, secrets, env: {} });
      const controls = Object.values(mocks.urls).map((url) => new MockControl(url!));
      const before = await requestCount(controls);
      const preview = await timed(() => stack.preview({ onEvent: () => {}, parallel }));
      const up = await timed(() => stack.up({ onEvent: () => {}, parallel }));
      const requests = (await requestCount(controls)) - before;
      const mockMs = requests * (await roundTripMs(controls[0]));
      const resources = Object.values(up.value.summary.resourceChanges ?? {}).reduce((sum, n) => sum + (n ?? 0), 0) - 1;
      if (count === 0) {
        floor.preview = preview.ms;
        floor.up = up.ms;
        table.push(["0 (empty program: the engine's floor)", 0, seconds(preview.ms), seconds(up.ms), `${requests} (${seconds(mockMs)})`, ""]);
        continue;
      }
      const beyond = (preview.ms - floor.preview + up.ms - floor.up) / Math.max(1, resources);
      table.push([parallel ? `${count}, --parallel ${parallel}` : count, resources, seconds(preview.ms), seconds(up.ms), `${requests} (${seconds(mockMs)})`, `${beyond.toFixed(0)} ms`]);
    } finally {
      await mocks.close();
      rmSync(path.join(rehearsalStateRoot, folder), { recursive: true, force: true });
    }
  }
  console.log(`Real engine: Pulumi CLI ${cli.version} (${cli.source}), the dynamic-provider part of stack ${environment} against the mocks, fresh stacks (${process.version}; load average ${loadBefore} before, ${loadAverage()} after).`);
  console.log("Not included: the PagerDuty, Datadog and @pulumiverse/sentry resources (their provider plugins cannot be built here).");
  console.log(table.toString());
  console.log(`program start in this process (SDK and program loaded): ${seconds(programStart.ms)}; dynamic-provider plugin start (a Node.js process loading the SDK): ${seconds(pluginStart.ms)}`);
}

void main().catch((error: unknown) => {
  console.error(error instanceof Error ? (error.stack ?? error.message) : error);
  process.exit(1);
});
