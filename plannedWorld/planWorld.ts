import { projectName } from "../config/projectKeys";
import { runPlanWorker, withOfflineCredentials } from "../plan/planStacks";
import { stackConfigValues } from "../plan/stackFiles";
import type { PlannedStack } from "./plannedStack";
import { type MockWorld, worldFromPlans } from "./worldFromPlans";

/** One stack's plan for the world, in its own process (the program declares its resources once per process). */
export function planStackForWorld(stack: string, projectDir?: string): Promise<PlannedStack> {
  return runPlanWorker<PlannedStack>("planWorldWorker", withOfflineCredentials({ project: projectName, stack, ...stackConfigValues(stack, projectDir) }));
}

/** The planned world of these stacks together (by default every committed one). */
export async function planWorld(stacks: readonly string[], projectDir?: string): Promise<MockWorld> {
  return worldFromPlans(await Promise.all(stacks.map((stack) => planStackForWorld(stack, projectDir))));
}
