import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { StackFacts } from "../stackFacts";

/** A version the project pins: a direct dependency as package-lock.json resolves it, or the Node.js range of `engines`. */
export interface PinnedPackage {
  name: string;
  version: string;
}

/** A version its vendor has retired: what, since when, and what to do. */
export interface Retirement {
  name: string;
  /** Does this pinned version fall under it? */
  affects: (version: string) => boolean;
  since: string;
  what: string;
  fix: string;
  /** Only when some stack uses what was retired (unset: always). */
  usedBy?: (stacks: readonly StackFacts[]) => boolean;
}

const major = (version: string): number => Number(/(\d+)/.exec(version)?.[1] ?? Number.NaN);

/**
 * Retirements the project's pins are checked against offline. The live radar adds every
 * `deprecated` notice the npm registry carries for a pinned version (its maintainers' own word).
 */
export const knownRetirements: Retirement[] = [
  {
    // Node.js release schedule: 20.x ("Iron") reached end of life on 2026-04-30.
    name: "node",
    affects: (range) => /(^|[^\d])20(\.|$)/.test(range) || major(range.replace(/^[^\d]*/, "")) <= 20,
    since: "2026-04-30",
    what: "Node.js 20 reached end of life (no security fixes)",
    fix: 'move to Node.js 22 or 24 (package.json "engines", the workflows\' setup-node, the mocks\' Dockerfile) and @types/node with it',
  },
  {
    // docs/integrations.md, Sentry: the project rules API is deprecated since 2026-05-14 and answers 410 in brown-outs.
    name: "@pulumiverse/sentry",
    affects: (version) => major(version) === 0,
    since: "2026-05-14",
    what: "its SentryIssueAlert (sentryAlerting: rules) writes Sentry's legacy project rules, deprecated since 2026-05-14 and being removed",
    fix: "keep sentryAlerting: workflows (the stack's own Sentry workflow provider); use rules mode only against a self-hosted Sentry without workflows",
    usedBy: (stacks) => stacks.some((s) => s.sentry?.alerting === "rules"),
  },
];

/** The direct dependencies' resolved versions and the Node.js range, from a project's package.json and package-lock.json. */
export function pinnedPackages(projectDir: string): PinnedPackage[] {
  const manifest = JSON.parse(readFileSync(path.join(projectDir, "package.json"), "utf8")) as {
    engines?: { node?: string };
    dependencies?: Record<string, string>;
    devDependencies?: Record<string, string>;
  };
  const lockFile = path.join(projectDir, "package-lock.json");
  const lock = existsSync(lockFile) ? (JSON.parse(readFileSync(lockFile, "utf8")) as { packages?: Record<string, { version?: string }> }) : {};
  const names = [...Object.keys(manifest.dependencies ?? {}), ...Object.keys(manifest.devDependencies ?? {})].sort();
  return [
    ...(manifest.engines?.node ? [{ name: "node", version: manifest.engines.node }] : []),
    ...names.flatMap((name) => {
      const version = lock.packages?.[`node_modules/${name}`]?.version;
      return version ? [{ name, version }] : [];
    }),
  ];
}

/**
 * The npm registry's `deprecated` notice for each pinned version that has one (`GET
 * <registry>/<name>`: the packument, whose `versions[v].deprecated` its maintainers set).
 * @see https://github.com/npm/registry/blob/main/docs/responses/package-metadata.md
 */
export async function registryDeprecations(pinned: readonly PinnedPackage[], registry: string): Promise<Map<string, string>> {
  const found = new Map<string, string>();
  await Promise.all(
    pinned
      .filter((p) => p.name !== "node")
      .map(async ({ name, version }) => {
        const response = await fetch(`${registry.replace(/\/+$/, "")}/${name.replace("/", "%2f")}`, { headers: { accept: "application/json" }, signal: AbortSignal.timeout(15_000) });
        if (!response.ok) throw new Error(`npm registry GET ${name}: ${response.status}`);
        const notice = ((await response.json()) as { versions?: Record<string, { deprecated?: unknown }> }).versions?.[version]?.deprecated;
        if (typeof notice === "string" && notice !== "") found.set(`${name}@${version}`, notice);
      }),
  );
  return found;
}
