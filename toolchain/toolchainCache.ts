/**
 * Where the toolchain lives: a folder outside the repository, named after the CLI version and
 * a hash of everything that decides the build, so a changed recipe builds afresh and an
 * unchanged one is reused. The manifest in it says what was built and what could not be.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { z } from "zod";
import { cliPart, launcherPart, moduleParts } from "./toolchainParts";

export const repositoryRoot = path.resolve(__dirname, "..");

/** $OPERATOR_WIRING_CACHE, else $XDG_CACHE_HOME/operator-wiring, else ~/.cache/operator-wiring. */
export function cacheRoot(env: NodeJS.ProcessEnv = process.env): string {
  if (env.OPERATOR_WIRING_CACHE) return path.resolve(env.OPERATOR_WIRING_CACHE);
  return path.join(env.XDG_CACHE_HOME ? path.resolve(env.XDG_CACHE_HOME) : path.join(os.homedir(), ".cache"), "operator-wiring");
}

/** The version of @pulumi/pulumi that package-lock.json installs: the CLI is built at the same one. */
export function lockedPulumiVersion(root = repositoryRoot): string {
  const lock = JSON.parse(readFileSync(path.join(root, "package-lock.json"), "utf8")) as { packages: Record<string, { version?: string }> };
  const version = lock.packages["node_modules/@pulumi/pulumi"]?.version;
  if (!version) throw new Error("package-lock.json installs no @pulumi/pulumi: run npm install first.");
  return version;
}

/** Everything that decides what gets built; any change to it gives another folder. */
function recipeHash(root: string): string {
  const hash = createHash("sha256");
  for (const file of ["go.mod", "go.sum"]) hash.update(readFileSync(path.join(root, cliPart.wrapperDir, file)));
  hash.update(readFileSync(require.resolve(launcherPart.fromPackageFile, { paths: [root] })));
  hash.update(JSON.stringify({ cliPart, moduleParts }));
  return hash.digest("hex").slice(0, 12);
}

export function toolchainDir(root = repositoryRoot, env: NodeJS.ProcessEnv = process.env): string {
  return path.join(cacheRoot(env), `pulumi-v${lockedPulumiVersion(root)}-${recipeHash(root)}`);
}

/** Paths are relative to the toolchain folder. */
const partStatus = z.discriminatedUnion("status", [
  z.object({ id: z.string(), status: z.literal("built"), path: z.string(), seconds: z.number() }),
  z.object({ id: z.string(), status: z.literal("copied"), path: z.string(), from: z.string() }),
  /** The proxy refused a module the part needs: what it answered, per module. */
  z.object({
    id: z.string(),
    status: z.literal("blocked"),
    refused: z.array(z.object({ module: z.string(), error: z.string() })),
    without: z.string(),
  }),
  /** Every module it needs is served, but no recipe builds it yet. */
  z.object({ id: z.string(), status: z.literal("unbuilt"), reason: z.string(), without: z.string() }),
]);
export type PartStatus = z.infer<typeof partStatus>;

const manifestSchema = z.object({
  pulumiVersion: z.string(),
  goVersion: z.string(),
  builtAt: z.string(),
  /** Seconds the cold build took, downloads included. */
  buildSeconds: z.number(),
  diskBytes: z.number(),
  parts: z.array(partStatus),
});
export type ToolchainManifest = z.infer<typeof manifestSchema>;

export const manifestFile = "manifest.json";

/** The manifest of a finished build in `dir`, or undefined when there is none (or it is unreadable). */
export function readManifest(dir: string): ToolchainManifest | undefined {
  const file = path.join(dir, manifestFile);
  if (!existsSync(file)) return undefined;
  const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(file, "utf8")));
  return parsed.success ? parsed.data : undefined;
}

/** Layout inside a toolchain folder. `bin/` is what PulumiCommand.get({ root }) expects. */
export function toolchainPaths(dir: string) {
  return {
    bin: path.join(dir, "bin"),
    pulumi: path.join(dir, "bin", "pulumi"),
    /** PULUMI_HOME: resource plugins go in plugins/<kind>-<name>-v<version>/. */
    home: path.join(dir, "home"),
  };
}
