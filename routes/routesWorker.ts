/**
 * Child-process entry of the routing map, one stack per process as for the offline plan
 * (plan/planStackWorker.ts): evaluates the program under the mock runtime and sends back the
 * stack's offline map. The map is built here, where the plan's secret inputs are readable (a
 * Sentry row's routing key is the placeholder of the integration it follows); only the map,
 * the inventory of placeholders and the stack's facts cross the process boundary.
 *
 * With `deployTo` (the mocks' URLs, the request being a rehearsal stack's configuration: the
 * mocks' endpoints and fake credentials), the program is evaluated with its look-ups asking the
 * mocks (seeded with the operator's world first: planToMocks.ts, seedOperatorWorld), and the plan
 * is deployed into them instead.
 */
// First: the SDK, loaded by what follows, finds what it loads but need not deferred (deferSdkModules.ts).
import "../plan/deferSdkModules";
import { parseStackConfig } from "../config/parseStackConfig";
import { datadogPagerdutyTileOverHttp } from "../lookups/datadogPagerdutyTile";
import { opsgenieKeyRegionOverHttp } from "../lookups/opsgenieKeyRegion";
import { lookupSentryOrganizationOverHttp } from "../lookups/sentryOrganizationOverHttp";
import type { RunningMocks } from "../mock-endpoints/startMocks";
import { evaluateStack } from "../plan/evaluateStack";
import { type PlanRequest, planInThisProcess } from "../plan/planStacks";
import { rehearsalCredentialEnv } from "../rehearsal/rehearsalCredentials";
import { type DeployedPlan, deployPlanToMocks } from "./planToMocks";
import { buildAccountGraph } from "./buildAccountGraph";
import type { Inventory } from "./inventory";
import { offlineInventory } from "./offlineInventory";
import type { EnvironmentGraph } from "./routingGraph";
import { type StackFacts, stackFacts } from "./stackFacts";

export type StackRoutes =
  | { ok: true; facts: StackFacts; inventory: Inventory; graph: EnvironmentGraph; warnings: string[] }
  | { ok: false; stack: string; error: string };

export type RoutesRequest = PlanRequest & { deployTo?: RunningMocks["urls"] };

export type DeployResult = ({ ok: true } & DeployedPlan) | { ok: false; stack: string; error: string };

async function routesOf(request: PlanRequest): Promise<StackRoutes> {
  const evaluation = await planInThisProcess(request);
  if (!evaluation.ok) return { ok: false, stack: request.stack, error: evaluation.error };
  // The program accepted this configuration, so it parses here too.
  const parsed = parseStackConfig({ stack: request.stack, values: request.values, secretKeys: new Set(request.secretKeys), env: process.env });
  if (!parsed.ok) return { ok: false, stack: request.stack, error: parsed.problems.map((p) => `${p.key}: ${p.problem}`).join("\n") };
  const facts = stackFacts(parsed.settings);
  const inventory = offlineInventory(evaluation.resources, evaluation.invokes);
  const account = buildAccountGraph(inventory);
  const graph: EnvironmentGraph = { environment: facts.environment, stack: request.stack, nodes: [...account.nodes.values()], edges: account.edges };
  return { ok: true, facts, inventory, graph, warnings: evaluation.warnings };
}

async function deploy(request: PlanRequest, urls: RunningMocks["urls"]): Promise<DeployResult> {
  // The dynamic providers and the look-ups read their credentials here: the mocks' fakes, nothing else.
  Object.assign(process.env, rehearsalCredentialEnv);
  // The configuration was checked when the rehearsal stack's was made (rehearsalStackConfig), and the program checks it again.
  const evaluation = await evaluateStack({
    ...request,
    loadProgram: async () =>
      (await import("../program")).declareOperatorWiring({
        sentryOrganization: lookupSentryOrganizationOverHttp,
        opsgenieKeyRegion: opsgenieKeyRegionOverHttp(),
        datadogPagerdutyTile: datadogPagerdutyTileOverHttp(),
      }),
  });
  if (!evaluation.ok) return { ok: false, stack: request.stack, error: evaluation.error };
  return { ok: true, ...(await deployPlanToMocks(evaluation, urls)) };
}

process.once("message", (request: RoutesRequest) => {
  void (request.deployTo ? deploy(request, request.deployTo) : routesOf(request)).then(
    (routes) => process.send?.(routes, () => process.exit(0)),
    (error: unknown) => process.send?.({ ok: false, stack: request.stack, error: error instanceof Error ? error.message : String(error) }, () => process.exit(0)),
  );
});
