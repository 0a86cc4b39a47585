/**
 * Which Pulumi CLI the rehearsal drives: the one `npm run toolchain` built (its manifest says
 * which plugins it could not build), else a `pulumi` on the PATH (a user's own install, whose
 * plugin cache is asked with `pulumi plugin ls --json`).
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import path from "node:path";
import { readManifest, repositoryRoot, toolchainDir, toolchainPaths } from "./toolchainCache";
import { type ModulePart, moduleParts } from "./toolchainParts";

/** A plugin the engine will ask for that this CLI cannot give it, and why. */
export interface MissingPlugin {
  part: ModulePart;
  reason: string;
}

export interface PulumiCli {
  source: "toolchain" | "path";
  /** The folder holding bin/pulumi (PulumiCommand.get({ root })), or undefined to take `pulumi` from the PATH. */
  root?: string;
  version: string;
  /** Environment for every CLI call: the launcher on the PATH, the plugin folder as PULUMI_HOME. */
  env: Record<string, string>;
  missing: MissingPlugin[];
}

/** Never download anything and never ask the update service: neither is reachable here. */
export const offlineCliEnv = { PULUMI_SKIP_UPDATE_CHECK: "true", PULUMI_DISABLE_AUTOMATIC_PLUGIN_ACQUISITION: "true" } as const;

function fromToolchain(root: string): PulumiCli | undefined {
  const dir = toolchainDir(root);
  const manifest = readManifest(dir);
  const paths = toolchainPaths(dir);
  if (!manifest || !existsSync(paths.pulumi)) return undefined;
  const missing = manifest.parts.flatMap((status): MissingPlugin[] => {
    const part = moduleParts.find((p) => p.id === status.id);
    if (!part) return [];
    if (status.status === "blocked") {
      // The proxy's full answers are in `npm run toolchain`'s table; here the module and the status.
      const refused = status.refused.map((r) => `${r.module} (${/\b\d{3} [A-Z][A-Za-z ]+?(?=\s+server|$)/.exec(r.error)?.[0] ?? "refused"})`);
      return [{ part, reason: `the module proxy refuses ${refused.join(", ")}` }];
    }
    if (status.status === "unbuilt") return [{ part, reason: status.reason }];
    return [];
  });
  return {
    source: "toolchain",
    root: dir,
    version: manifest.pulumiVersion,
    env: { ...offlineCliEnv, PATH: `${paths.bin}${path.delimiter}${process.env.PATH ?? ""}`, PULUMI_HOME: paths.home },
    missing,
  };
}

function fromPath(): PulumiCli | undefined {
  let version: string;
  try {
    version = execFileSync("pulumi", ["version"], { encoding: "utf8", env: { ...process.env, ...offlineCliEnv } }).trim().replace(/^v/, "");
  } catch {
    return undefined;
  }
  const installed = JSON.parse(execFileSync("pulumi", ["plugin", "ls", "--json"], { encoding: "utf8", env: { ...process.env, ...offlineCliEnv } }) || "[]") as {
    name: string;
    kind: string;
    version: string;
  }[];
  const missing = moduleParts.flatMap((part): MissingPlugin[] => {
    // A language host ships with the CLI (and the rehearsal runs the program inline anyway).
    if (part.kind === "language") return [];
    const found = installed.some((p) => p.kind === part.kind && p.name === part.name && p.version.replace(/^v/, "") === part.version);
    return found ? [] : [{ part, reason: `not in this CLI's plugin cache (pulumi plugin install ${part.kind} ${part.name} ${part.version})` }];
  });
  return { source: "path", version, env: { ...offlineCliEnv }, missing };
}

/** The CLI to use, or an error that says how to get one. */
export function locatePulumi(root = repositoryRoot): PulumiCli {
  const cli = fromToolchain(root) ?? fromPath();
  if (!cli) throw new Error("no Pulumi CLI: run npm run toolchain (builds one from Go modules, ~6 min the first time) or install the Pulumi CLI.");
  return cli;
}
