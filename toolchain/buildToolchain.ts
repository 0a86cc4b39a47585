/**
 * Builds the toolchain into its cache folder, or reuses the folder when it is already there.
 * A build goes into a `.partial` sibling that is renamed into place at the end, so an
 * interrupted build is never mistaken for a finished one.
 */
import { execFile } from "node:child_process";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import { probeModule, runGo } from "./goCommand";
import { type PartStatus, type ToolchainManifest, lockedPulumiVersion, manifestFile, readManifest, repositoryRoot, toolchainDir, toolchainPaths } from "./toolchainCache";
import { type ModulePart, cliPart, launcherPart, moduleParts } from "./toolchainParts";

const execFileAsync = promisify(execFile);

export interface EnsureOptions {
  root?: string;
  env?: NodeJS.ProcessEnv;
  /** Ask the proxy again for the modules it refused last time (a cache hit otherwise skips them). */
  recheck?: boolean;
  /** One line per step, with its time. */
  log: (line: string) => void;
}

export interface EnsuredToolchain {
  dir: string;
  manifest: ToolchainManifest;
  cacheHit: boolean;
}

export async function ensureToolchain(options: EnsureOptions): Promise<EnsuredToolchain> {
  const root = options.root ?? repositoryRoot;
  const dir = toolchainDir(root, options.env);
  const cached = readManifest(dir);
  if (cached && existsSync(toolchainPaths(dir).pulumi)) {
    if (!options.recheck) return { dir, manifest: cached, cacheHit: true };
    const unbuilt = new Set(cached.parts.filter((p) => p.status === "blocked" || p.status === "unbuilt").map((p) => p.id));
    const reprobed = await probeModuleParts(moduleParts.filter((part) => unbuilt.has(part.id)), options.log);
    const parts = [...cached.parts.filter((p) => !unbuilt.has(p.id)), ...reprobed];
    const manifest = { ...cached, parts };
    writeFileSync(path.join(dir, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
    return { dir, manifest, cacheHit: true };
  }

  const started = Date.now();
  const version = lockedPulumiVersion(root);
  assertWrapperPinsVersion(root, version);
  const staging = `${dir}.partial-${process.pid}`;
  rmSync(staging, { recursive: true, force: true });
  const paths = toolchainPaths(staging);
  mkdirSync(paths.bin, { recursive: true });
  mkdirSync(path.join(paths.home, "plugins"), { recursive: true });
  try {
    // The probes are network-bound and the build CPU-bound: run them side by side.
    const [cli, probed] = await Promise.all([buildCli(root, paths.pulumi, version, options.log), probeModuleParts(moduleParts, options.log)]);
    const launcher = copyLauncher(root, paths.bin, options.log);
    const manifest: ToolchainManifest = {
      pulumiVersion: version,
      goVersion: (await runGo(["env", "GOVERSION"], { cwd: root })).stdout.trim(),
      builtAt: new Date().toISOString(),
      buildSeconds: seconds(started),
      diskBytes: await diskBytes(staging),
      parts: [cli, launcher, ...probed],
    };
    writeFileSync(path.join(staging, manifestFile), `${JSON.stringify(manifest, null, 2)}\n`);
    rmSync(dir, { recursive: true, force: true });
    renameSync(staging, dir);
    return { dir, manifest, cacheHit: false };
  } catch (error) {
    rmSync(staging, { recursive: true, force: true });
    throw error;
  }
}

/** The wrapper module must build the CLI at the SDK's version, or the engine and SDK disagree. */
function assertWrapperPinsVersion(root: string, version: string): void {
  const goMod = readFileSync(path.join(root, cliPart.wrapperDir, "go.mod"), "utf8");
  const pinned = /github\.com\/pulumi\/pulumi\/pkg\/v3 v(\S+)/.exec(goMod)?.[1];
  if (pinned !== version) {
    throw new Error(
      `${cliPart.wrapperDir}/go.mod builds the Pulumi CLI ${pinned ?? "(none)"}, but package-lock.json installs @pulumi/pulumi ${version}. ` +
        `Hint: set pkg/v3 and sdk/v3 to v${version} in that go.mod, then run go mod tidy there (docs/toolchain.md).`,
    );
  }
}

async function buildCli(root: string, output: string, version: string, log: (line: string) => void): Promise<PartStatus> {
  const started = Date.now();
  const ldflags = `-s -w -X ${cliPart.versionVariable}=v${version}`;
  // -mod=readonly: the committed go.sum is the whole dependency list; a drift fails instead of changing it.
  const result = await runGo(["build", "-trimpath", "-tags", cliPart.buildTags, "-ldflags", ldflags, "-o", output, cliPart.mainPackage], {
    cwd: path.join(root, cliPart.wrapperDir),
    env: { GOFLAGS: "-mod=readonly" },
  });
  if (result.code !== 0) throw new Error(`go build of the Pulumi CLI failed:\n${result.stderr.trim()}`);
  const { stdout } = await execFileAsync(output, ["version"], { env: { ...process.env, PULUMI_SKIP_UPDATE_CHECK: "true" } });
  if (stdout.trim() !== `v${version}`) throw new Error(`the built CLI says it is ${stdout.trim()}, not v${version}.`);
  log(`built    ${cliPart.id} v${version} from ${cliPart.mainPackage} (${seconds(started)} s)`);
  return { id: cliPart.id, status: "built", path: path.join("bin", path.basename(output)), seconds: seconds(started) };
}

function copyLauncher(root: string, bin: string, log: (line: string) => void): PartStatus {
  const from = require.resolve(launcherPart.fromPackageFile, { paths: [root] });
  const to = path.join(bin, launcherPart.id);
  copyFileSync(from, to);
  // The CLI runs a bundled plugin found beside it only when it has an exec bit (workspace/plugins.go).
  chmodSync(to, 0o755);
  log(`copied   ${launcherPart.id} from node_modules/${launcherPart.fromPackageFile}`);
  return { id: launcherPart.id, status: "copied", path: path.join("bin", launcherPart.id), from: path.relative(root, from) };
}

/**
 * Asks the proxy for each module a plugin needs. None is built yet: every one has been refused
 * here so far (docs/toolchain.md); a part whose modules are all served is reported as
 * "unbuilt", so that the day the proxy serves them is noticed rather than silently skipped.
 */
async function probeModuleParts(wanted: readonly ModulePart[], log: (line: string) => void): Promise<PartStatus[]> {
  const scratch = mkdtempSync(path.join(os.tmpdir(), "operator-wiring-probe-"));
  try {
    return await Promise.all(
      wanted.map(async (part) => {
        const probes = await Promise.all(part.modules.map(async (module) => ({ module, probe: await probeModule(module, scratch) })));
        const refused = probes.flatMap(({ module, probe }) => (probe.served ? [] : [{ module: `${module.path}@${module.version}`, error: probe.error }]));
        if (refused.length === 0) {
          const reason = `the module proxy now serves ${part.modules.map((m) => m.path).join(", ")}, but no build recipe is written for it yet (docs/toolchain.md)`;
          log(`unbuilt  ${part.id}: ${reason}`);
          return { id: part.id, status: "unbuilt" as const, reason, without: part.without };
        }
        log(`blocked  ${part.id}${part.version ? ` ${part.version}` : ""}: ${refused.map((r) => r.module).join(", ")} refused by the module proxy`);
        return { id: part.id, status: "blocked" as const, refused, without: part.without };
      }),
    );
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
}

async function diskBytes(dir: string): Promise<number> {
  const { stdout } = await execFileAsync("du", ["-sb", dir]);
  return Number(stdout.split("\t")[0]);
}

function seconds(since: number): number {
  return Math.round((Date.now() - since) / 100) / 10;
}
