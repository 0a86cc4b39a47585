import { environments as allEnvironments } from "../config/projectKeys";
import { startMocks } from "../mock-endpoints/startMocks";
import { projectRoot } from "../plan/stackFiles";
import type { Integration } from "../verify/integrations";
import type { ProbeMode } from "../verify/mode";
import type { Unread } from "./live/liveSources";
import type { Finding } from "./lint/finding";
import { lintMap } from "./lint/lintMap";
import { type PlannedRoutes, deployToMocks, liveRoutes } from "./planRoutes";
import { deprecationRadar } from "./radar/deprecationRadar";
import { pinnedPackages, registryDeprecations } from "./radar/retiredVersions";
import type { RoutingMap } from "./routingGraph";
import { mockUrlEnv } from "../verify/inputs/mockDefaults";

export interface RoutesOptions {
  /** The environments to show. */
  environments: string[];
  live: boolean;
  /** Live from fresh mocks this process starts, with every committed stack's plan deployed into them. */
  deployPlan: boolean;
  modes: Record<Integration, ProbeMode>;
  env: Readonly<Record<string, string | undefined>>;
  today: Date;
  draftDays: number;
  rotationDays: number;
}

export interface RoutesReport {
  map: RoutingMap;
  lint: Finding[];
  radar: Finding[];
  unread: Unread[];
  /** With deployPlan: what was deployed into the mocks, per stack. */
  deployed?: unknown[];
}

/**
 * The map (offline from the plans, or live), its lint and the deprecation radar. `plans` are
 * every committed stack's offline routes: the live map needs them all to say what is whose.
 */
export async function routesReport(plans: readonly PlannedRoutes[], options: RoutesOptions): Promise<RoutesReport> {
  const shown = plans.filter((p) => options.environments.includes(p.facts.environment));
  const facts = plans.map((p) => p.facts);
  const pinned = pinnedPackages(projectRoot);
  let map: RoutingMap = { source: "offline", environments: shown.map((p) => p.graph) };
  let unread: Unread[] = [];
  let deployed: unknown[] | undefined;
  if (options.live && options.deployPlan) {
    const mocks = await startMocks({ anyFreePort: true });
    try {
      deployed = await deployToMocks(
        allEnvironments.filter((e) => plans.some((p) => p.facts.environment === e)),
        mocks,
      );
      const failed = deployed.filter((d) => !(d as { ok: boolean }).ok) as { stack: string; error: string }[];
      if (failed.length > 0) throw new Error(failed.map((f) => `Deploying the plan of ${f.stack} into the mocks failed: ${f.error}`).join("\n"));
      const urls = mockUrlEnv(mocks.urls);
      ({ map, unread } = await liveRoutes(plans, options.environments, options.modes, { ...options.env, ...urls }));
    } finally {
      await mocks.close();
    }
  } else if (options.live) {
    ({ map, unread } = await liveRoutes(plans, options.environments, options.modes, options.env));
  }
  const anyReal = Object.values(options.modes).some((m) => m === "real");
  const registry = options.env.npm_config_registry ?? "https://registry.npmjs.org";
  let registryNotices: Map<string, string> | undefined;
  if (options.live && anyReal) {
    try {
      registryNotices = await registryDeprecations(pinned, registry);
    } catch (error) {
      unread.push({ vendor: "npm registry", reason: `${(error as Error).message} (the radar's pinned versions are checked against its own list only)` });
    }
  }
  const lint = lintMap(map, facts);
  const radar = deprecationRadar({ map, facts, today: options.today, draftDays: options.draftDays, rotationDays: options.rotationDays, pinned, registryNotices });
  return { map, lint, radar, unread, ...(deployed ? { deployed } : {}) };
}
