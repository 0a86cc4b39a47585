/**
 * What the offline plan (`npm start`, the program under Pulumi's mock runtime) says a stack
 * declares: the reference a real preview is compared with, resource by resource.
 */
import type { Environment } from "../config/projectKeys";
import { projectName } from "../config/projectKeys";
import type { Evaluation } from "../plan/evaluateStack";
import { runPlanWorker, withOfflineCredentials } from "../plan/planStacks";
import { stackConfigValues } from "../plan/stackFiles";

export interface PlannedName {
  type: string;
  name: string;
}

/** Dynamic resources' types are `pulumi-nodejs:dynamic/<module>:<Type>` (or `…:dynamic:Resource` without a module). */
export function isDynamicResource(resource: PlannedName): boolean {
  return /^pulumi-nodejs:dynamic[/:]/.test(resource.type);
}

export async function offlinePlanOf(environment: Environment): Promise<PlannedName[]> {
  const evaluation = await runPlanWorker<Evaluation>("planStackWorker", withOfflineCredentials({ project: projectName, stack: environment, ...stackConfigValues(environment) }));
  if (!evaluation.ok) throw new Error(`the offline plan of ${environment} failed: ${evaluation.error}`);
  return evaluation.resources.map(({ type, name }) => ({ type, name }));
}

/** Both lists as sorted "type name" lines, and what one has that the other lacks. */
export function compareNames(planned: PlannedName[], previewed: PlannedName[]): { same: boolean; missing: string[]; extra: string[] } {
  const line = (r: PlannedName) => `${r.type} ${r.name}`;
  const want = new Set(planned.map(line));
  const got = new Set(previewed.map(line));
  const missing = [...want].filter((l) => !got.has(l)).sort();
  const extra = [...got].filter((l) => !want.has(l)).sort();
  return { same: missing.length === 0 && extra.length === 0, missing, extra };
}
