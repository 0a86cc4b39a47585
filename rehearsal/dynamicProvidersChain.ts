/**
 * Chain 3: our own dynamic providers under the real engine, against the mocks: the part of each
 * stack whose providers can run here (rehearsal/dynamicProvidersProgram.ts), taken through the
 * whole lifecycle. It starts from the PagerDuty routing keys the PagerDuty provider would have
 * made, seeded into the PagerDuty mock.
 */
import type { Environment } from "../config/projectKeys";
import { startMocks } from "../mock-endpoints/startMocks";
import type { PulumiCli } from "../toolchain/locatePulumi";
import { dynamicProvidersProgram } from "./dynamicProvidersProgram";
import { classifyEngineFailure, resourceRecorder } from "./engineOutcome";
import { rehearseLifecycle } from "./lifecycle";
import { seedPagerdutyKeys, seedWorld } from "./mockWorld";
import { compareNames, isDynamicResource, offlinePlanOf } from "./offlineReference";
import { mockEndpoints, rehearsalStackConfig } from "./rehearsalStackConfig";
import { createRehearsalStack } from "./rehearsalWorkspace";
import { type StepChain, StepFailed } from "./steps";

export async function rehearseDynamicProviders(chain: StepChain, cli: PulumiCli, environment: Environment, policyPacks: string[]): Promise<void> {
  const mocks = await startMocks({ anyFreePort: true });
  try {
    const { stackName, config, secrets, settings } = rehearsalStackConfig(environment, mockEndpoints(mocks));
    await seedWorld(mocks, settings);
    const keys = await seedPagerdutyKeys(mocks, settings);
    const routingKeyOf = (service: string, generation: number) => keys.get(service)?.[generation - 1] ?? "(no key seeded)";
    const { stack } = await createRehearsalStack({
      cli,
      folder: `${environment}/dynamic`,
      stackName,
      program: dynamicProvidersProgram(routingKeyOf),
      config,
      secrets,
      env: {},
    });

    await chain.run("preview", async () => {
      const recorder = resourceRecorder();
      try {
        await stack.preview({ policyPacks, onEvent: recorder.onEvent });
      } catch (error) {
        throw classifyEngineFailure(error, cli, `the engine ran the dynamic-provider program and registered ${recorder.touched.length} resources`);
      }
      const planned = (await offlinePlanOf(environment)).filter(isDynamicResource);
      if (planned.length === 0) throw new StepFailed(`the offline plan of ${environment} declares no dynamic resource: nothing to rehearse`);
      const { same, missing, extra } = compareNames(planned, recorder.touched.filter(isDynamicResource));
      if (!same) throw new StepFailed(`the preview differs from the offline plan's dynamic resources: missing ${JSON.stringify(missing)}, extra ${JSON.stringify(extra)}`);
      return `plans the offline plan's ${planned.length} dynamic resources, by name`;
    });

    await rehearseLifecycle(chain, { stack, mocks, settings, policyPacks, routingKeys: async (generation) => (service) => routingKeyOf(service, generation) });
  } finally {
    await mocks.close();
  }
}
