/**
 * One rehearsal: for each stack, the three chains one after the other, each with mocks of its
 * own. Every vendor credential in the environment is replaced by the rehearsal's fakes first,
 * in this process too (the inline program reads process.env, and the CLI inherits it).
 */
import type { Environment } from "../config/projectKeys";
import type { PulumiCli } from "../toolchain/locatePulumi";
import { rehearseCommittedFiles } from "./committedFilesChain";
import { rehearseDynamicProviders } from "./dynamicProvidersChain";
import { rehearsalEnvironment } from "./rehearsalCredentials";
import { StepChain, type StepResult } from "./steps";
import { rehearseWholeStack } from "./wholeStackChain";

export interface RehearsalOptions {
  cli: PulumiCli;
  stacks: readonly Environment[];
  policyPacks: string[];
  /** Called as each step ends. */
  print: (result: StepResult) => void;
}

export async function runRehearsal(options: RehearsalOptions): Promise<StepResult[]> {
  process.env = rehearsalEnvironment(process.env);
  const results: StepResult[] = [];
  for (const environment of options.stacks) {
    const chains: [string, (chain: StepChain) => Promise<void>][] = [
      ["committed files", (chain) => rehearseCommittedFiles(chain, options.cli, environment)],
      ["whole stack", (chain) => rehearseWholeStack(chain, options.cli, environment, options.policyPacks)],
      ["dynamic providers", (chain) => rehearseDynamicProviders(chain, options.cli, environment, options.policyPacks)],
    ];
    for (const [part, rehearse] of chains) {
      const chain = new StepChain(environment, part, options.print);
      try {
        await rehearse(chain);
      } catch (error) {
        // A chain that breaks outside a step (mocks, workspace) is a failed step of its own.
        await chain.run("set-up", () => Promise.reject(error));
      }
      results.push(...chain.results);
    }
  }
  return results;
}
