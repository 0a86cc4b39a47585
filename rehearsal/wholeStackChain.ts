/**
 * Chain 2: the whole program, as `pulumi up` runs it, under the real engine against the mocks:
 * preview (compared with the offline plan resource by resource), then the lifecycle, with
 * verify reading the stack's real outputs after the up. The engine needs the datadog,
 * pagerduty and sentry plugins for this; where the toolchain could not build one, the preview
 * shows how far the engine got and the chain is BLOCKED, naming the refused module.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import type { Environment } from "../config/projectKeys";
import { startMocks } from "../mock-endpoints/startMocks";
import { projectRoot } from "../plan/stackFiles";
import type { PulumiCli } from "../toolchain/locatePulumi";
import { classifyEngineFailure, resourceRecorder } from "./engineOutcome";
import { rehearseLifecycle } from "./lifecycle";
import { seedWorld } from "./mockWorld";
import { compareNames, offlinePlanOf } from "./offlineReference";
import { mockEndpoints, rehearsalStackConfig } from "./rehearsalStackConfig";
import { createRehearsalStack } from "./rehearsalWorkspace";
import { type StepChain, StepFailed } from "./steps";
import { mockUrlEnv } from "../verify/inputs/mockDefaults";

/** The whole program, loaded afresh for each engine run (index.ts exports it as a function). */
const wholeProgram = async () => ((await import("../index")) as unknown as { default: () => Promise<Record<string, unknown>> }).default();

/** Runs verify against the mocks with the stack's outputs as its inputs; resolves with its exit code and output. */
function runVerify(workDir: string, stackName: string, env: Record<string, string>): Promise<{ code: number; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ["--import", "tsx", path.join(projectRoot, "verify", "cli.ts"), "--stack", stackName], { cwd: workDir, env: { ...process.env, ...env } });
    let output = "";
    child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
    child.once("close", (code) => resolve({ code: code ?? 1, output }));
  });
}

export async function rehearseWholeStack(chain: StepChain, cli: PulumiCli, environment: Environment, policyPacks: string[]): Promise<void> {
  const mocks = await startMocks({ anyFreePort: true });
  try {
    const { stackName, config, secrets, settings } = rehearsalStackConfig(environment, mockEndpoints(mocks));
    await seedWorld(mocks, settings);
    const { stack, workDir, cliEnv } = await createRehearsalStack({ cli, folder: `${environment}/stack`, stackName, program: wholeProgram, config, secrets, env: {} });

    await chain.run("preview", async () => {
      const recorder = resourceRecorder();
      try {
        await stack.preview({ policyPacks, onEvent: recorder.onEvent });
      } catch (error) {
        throw classifyEngineFailure(error, cli, `the engine ran the program (configuration validated, its look-ups answered by the mocks) and registered ${recorder.touched.length} resources`);
      }
      const planned = await offlinePlanOf(environment);
      const { same, missing, extra } = compareNames(planned, recorder.touched.filter((r) => r.type !== "pulumi:pulumi:Stack"));
      if (!same) throw new StepFailed(`the preview differs from the offline plan: missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`);
      return `plans the offline plan's ${planned.length} resources, by type and name`;
    });

    const mockUrls = mockUrlEnv(mocks.urls);
    await rehearseLifecycle(
      chain,
      {
        stack,
        mocks,
        settings,
        policyPacks,
        // The keys the PagerDuty provider made, as the stack outputs them.
        routingKeys: async () => {
          const keys = ((await stack.outputs()).pagerdutyRoutingKeys?.value ?? {}) as Record<string, string>;
          return (service) => keys[service] ?? "(no key in the outputs)";
        },
      },
      async (afterUp) => {
        await afterUp.run("verify --stack", async () => {
          const { code, output } = await runVerify(workDir, stackName, { ...cliEnv, ...mockUrls, OPERATOR_WIRING_MODE: "mock" });
          if (code !== 0) throw new StepFailed(`verify exited ${code}:\n${output.trim().split("\n").slice(-12).join("\n")}`);
          return "verify read the stack's outputs and passed every integration";
        });
      },
    );
  } finally {
    await mocks.close();
  }
}
