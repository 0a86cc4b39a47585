import { MockControl } from "../../mock-endpoints/controlClient";
import type { ServiceName } from "../../mock-endpoints/core/types";
import { planStackForWorld, planWorld } from "../../plannedWorld/planWorld";
import { seedWorld } from "../../plannedWorld/seedWorld";
import { pulumiStackOutputs } from "../inputs/stackOutputs";
import { UsageError } from "../usageError";
import type { ChainStack } from "./chainRoutes";

/** The mocks the chain runs through (Splunk is on no chain). */
export const chainMocks: ServiceName[] = ["slack", "sentry", "pagerduty", "opsgenie", "datadog"];

/** Every mock on the chain back to its empty state. */
export async function resetChainMocks(urls: Partial<Record<ServiceName, string>>): Promise<void> {
  await Promise.all(chainMocks.map((name) => new MockControl(urls[name] as string).reset()));
}

/**
 * Mock mode: every committed stack deployed together into the mocks, from their offline plans
 * (the whole-stack rehearsal cannot run here: no provider plugin): the mocks are reset, seeded
 * with the planned world, and each stack's outputs come back with the ids the mocks hold.
 */
export async function mockChainStacks(urls: Partial<Record<ServiceName, string>>, stacks: readonly string[]): Promise<ChainStack[]> {
  // Reset first: it also tells at once whether the mocks run, before the plans take their seconds.
  await resetChainMocks(urls);
  return (await seedWorld(urls, await planWorld(stacks))).stacks;
}

/**
 * Real mode: the stack file says what should route where (its facts, read offline as the plan
 * reads them), and `pulumi stack output` the ids and keys the deploy got.
 */
export async function realChainStack(stack: string): Promise<ChainStack> {
  const [planned, read] = await Promise.all([planStackForWorld(stack), pulumiStackOutputs(stack)]);
  if (!planned.ok) throw new UsageError(`Stack "${stack}": its configuration does not plan: ${planned.error}`, "fix the stack file (npm run plan -- <stack> lists every problem).");
  if ("why" in read) throw new UsageError(`Stack "${stack}": its outputs could not be read (${read.why}).`, "run verify --chain from the project folder with the Pulumi CLI logged in to the stack's backend, after pulumi up.");
  return { stack, facts: planned.facts, outputs: read.outputs };
}
