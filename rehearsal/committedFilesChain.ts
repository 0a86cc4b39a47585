/**
 * Chain 1: the real CLI reads Pulumi.yaml and the committed stack file exactly as they are in
 * git, and validates the stack's configuration against the project's declarations (required
 * keys, types, secrets) as it does before every preview. The program run is an empty one,
 * so what is checked is the files, not the program.
 */
import type { Environment } from "../config/projectKeys";
import { readStackFile } from "../plan/stackFiles";
import type { PulumiCli } from "../toolchain/locatePulumi";
import { createRehearsalStack } from "./rehearsalWorkspace";
import type { StepChain } from "./steps";

export async function rehearseCommittedFiles(chain: StepChain, cli: PulumiCli, environment: Environment): Promise<void> {
  await chain.run(`CLI accepts Pulumi.yaml and Pulumi.${environment}.yaml`, async () => {
    const { stack } = await createRehearsalStack({
      cli,
      folder: `${environment}/committed`,
      stackName: environment,
      program: async () => ({}),
      config: readStackFile(environment),
      env: {},
    });
    await stack.preview();
    return `pulumi ${cli.version} (${cli.source}) validated the ${Object.keys(readStackFile(environment)).length} committed keys against Pulumi.yaml`;
  });
}
