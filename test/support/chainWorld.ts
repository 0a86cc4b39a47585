import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { MockControl } from "../../mock-endpoints/controlClient";
import type { RunningMocks } from "../../mock-endpoints/startMocks";
import { planStackForWorld } from "../../plannedWorld/planWorld";
import type { PlannedStack } from "../../plannedWorld/plannedStack";
import { seedWorld } from "../../plannedWorld/seedWorld";
import { type MockWorld, worldFromPlans } from "../../plannedWorld/worldFromPlans";
import { mockEndpoints } from "../../verify/chain/chainEndpoints";
import type { ChainResult } from "../../verify/chain/chainResult";
import { runChain } from "../../verify/chain/runChain";
import { resetChainMocks } from "../../verify/chain/chainWorld";
import { environments } from "../../config/projectKeys";

const root = path.resolve(__dirname, "../..");
export const committedStacks = environments;

let committedPlans: Promise<PlannedStack[]> | undefined;

/**
 * The committed stacks' plans, one process each, planned once per test worker (the unit
 * project's files share their workers) and handed out as copies, so a test may change its own.
 */
export async function planCommitted(): Promise<PlannedStack[]> {
  committedPlans ??= Promise.all(committedStacks.map((stack) => planStackForWorld(stack)));
  return structuredClone(await committedPlans);
}

/** A stack's plan from its committed file with lines appended under `config:` (e.g. controlledIncidentTest). */
export async function planEdited(stack: string, extraConfig: string): Promise<PlannedStack> {
  const dir = mkdtempSync(path.join(tmpdir(), "chain-world-"));
  try {
    cpSync(path.join(root, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
    writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), `${readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8").trimEnd()}\n${extraConfig}\n`);
    return await planStackForWorld(stack, dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fresh mocks holding the world: every mock reset, then seeded. */
export async function reseed(mocks: RunningMocks, plans: PlannedStack[]): Promise<MockWorld> {
  await resetChainMocks(mocks.urls);
  return seedWorld(mocks.urls, worldFromPlans(plans));
}

/** The chain over the world, in mock mode, each hop on a short deadline (a broken hop waits it out). */
export async function chainOver(mocks: RunningMocks, world: MockWorld, scope: readonly string[], hopTimeoutMs = 1_500): Promise<ChainResult[]> {
  const { results } = await runChain({ stacks: world.stacks, scope, endpoints: mockEndpoints(mocks.urls), runId: `ow-test-${Date.now().toString(36)}`, hopTimeoutMs, interrupt: new AbortController().signal, log: () => undefined });
  return results;
}

/** Incidents and alerts still open in the mocks after a chain: each chain must leave none. */
export async function stillOpen(mocks: RunningMocks): Promise<string[]> {
  const pd = await new MockControl(mocks.urls.pagerduty as string).state<{ incidents: { incident_number: number; status: string; title: string }[] }>();
  const og = await new MockControl(mocks.urls.opsgenie as string).state<{ alerts: { tinyId: string; status: string; message: string }[] }>();
  return [
    ...pd.incidents.filter((i) => i.status !== "resolved").map((i) => `incident #${i.incident_number} ${i.title}`),
    ...og.alerts.filter((a) => a.status !== "closed").map((a) => `alert ${a.tinyId} ${a.message}`),
  ];
}
