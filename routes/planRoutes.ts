import type { Environment } from "../config/projectKeys";
import { projectName } from "../config/projectKeys";
import type { RunningMocks } from "../mock-endpoints/startMocks";
import { runPlanWorker, withOfflineCredentials } from "../plan/planStacks";
import { stackConfigValues } from "../plan/stackFiles";
import { mockEndpoints, rehearsalStackConfig } from "../rehearsal/rehearsalStackConfig";
import { buildAccountGraph } from "./buildAccountGraph";
import { liveEnvironments } from "./liveMap";
import { seedOperatorWorld } from "./planToMocks";
import { liveSources, type Unread } from "./live/liveSources";
import { readInventory } from "./live/readInventory";
import type { RoutingMap } from "./routingGraph";
import type { DeployResult, RoutesRequest, StackRoutes } from "./routesWorker";
import type { ProbeMode } from "../verify/mode";
import type { Integration } from "../verify/integrations";

export type PlannedRoutes = Extract<StackRoutes, { ok: true }>;

/** A committed stack's offline map, evaluated in its own process as the offline plan is. */
export function offlineRoutes(stack: string, projectDir?: string): Promise<StackRoutes> {
  return runPlanWorker<StackRoutes>("routesWorker", withOfflineCredentials({ project: projectName, stack, ...stackConfigValues(stack, projectDir) }));
}

/**
 * Deploys committed stacks' plans into running mocks that stand for the accounts they share: the
 * operator's world once, then every stack at once as its rehearsal stack (the committed
 * configuration with the mocks' endpoints and fake credentials; routes/planToMocks.ts). Their
 * objects are named apart by environment, as in the vendors.
 */
export async function deployToMocks(environments: readonly Environment[], mocks: RunningMocks): Promise<DeployResult[]> {
  const rehearsals = environments.map((environment) => rehearsalStackConfig(environment, mockEndpoints(mocks)));
  await seedOperatorWorld(mocks, rehearsals.map((r) => r.settings));
  return Promise.all(
    rehearsals.map((rehearsal) => {
      const request: RoutesRequest = { project: projectName, stack: rehearsal.stackName, values: rehearsal.values, secretKeys: Object.keys(rehearsal.secrets), deployTo: mocks.urls };
      return runPlanWorker<DeployResult>("routesWorker", request);
    }),
  );
}

/**
 * The live map of `environments`: every account the stacks use read once (liveSources.ts), one
 * account graph built from it, cut into environments with every committed stack's plan (`plans`)
 * saying what is whose.
 */
export async function liveRoutes(
  plans: readonly PlannedRoutes[],
  environments: readonly string[],
  modes: Record<Integration, ProbeMode>,
  env: Readonly<Record<string, string | undefined>>,
): Promise<{ map: RoutingMap; unread: Unread[] }> {
  const inScope = plans.filter((p) => environments.includes(p.facts.environment));
  const { sources, unread } = liveSources(inScope, modes, env);
  const read = await readInventory(sources);
  const account = buildAccountGraph(read.inventory);
  return { map: { source: "live", ...liveEnvironments(account, plans, environments) }, unread: [...unread, ...read.unread] };
}
