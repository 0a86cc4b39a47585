/**
 * A Pulumi stack for one rehearsal chain, driven through the Automation API: a project folder
 * of its own under state/rehearsal/ holding a copy of Pulumi.yaml (byte for byte: the CLI reads
 * it as users' CLIs do) and the stack file, a local file backend beside it, and the passphrase
 * secrets provider. Started afresh every run.
 *
 * The program runs inline, in this process: the Automation API serves it as a language runtime
 * and the CLI connects to it (`--client`), so no Node.js language host is needed; the module
 * proxy refuses that host's module (docs/toolchain.md).
 */
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { LocalWorkspace, PulumiCommand, type PulumiFn, Stack } from "@pulumi/pulumi/automation";
import { parse, stringify } from "yaml";
import { projectRoot } from "../plan/stackFiles";
import type { PulumiCli } from "../toolchain/locatePulumi";

/** Where rehearsals keep their state (git-ignored, like all of state/). */
export const rehearsalStateRoot = path.join(projectRoot, "state", "rehearsal");

/** Not a secret: it only encrypts the fake credentials of a throwaway stack. */
const passphrase = "operator-wiring rehearsal";

export interface RehearsalStackOptions {
  cli: PulumiCli;
  /** Folder of this chain, relative to state/rehearsal (e.g. "prod/dynamic"). */
  folder: string;
  stackName: string;
  program: PulumiFn;
  /** The `config:` of the stack file, as YAML values. */
  config: Record<string, unknown>;
  /** Stored encrypted, with `pulumi config set --secret`. */
  secrets?: Record<string, string>;
  /** The CLI's environment (the dynamic providers run in its children and read it). */
  env: Record<string, string>;
}

export interface RehearsalStack {
  stack: Stack;
  workDir: string;
  /** What the CLI runs with: for other CLI calls on this stack (verify --stack reads its outputs). */
  cliEnv: Record<string, string>;
}

export async function createRehearsalStack(options: RehearsalStackOptions): Promise<RehearsalStack> {
  const base = path.join(rehearsalStateRoot, options.folder);
  rmSync(base, { recursive: true, force: true });
  const workDir = path.join(base, "project");
  const backend = path.join(base, "backend");
  mkdirSync(workDir, { recursive: true });
  mkdirSync(backend, { recursive: true });
  copyFileSync(path.join(projectRoot, "Pulumi.yaml"), path.join(workDir, "Pulumi.yaml"));

  const pulumiCommand = await PulumiCommand.get(options.cli.root ? { root: options.cli.root } : {});
  const cliEnv = { ...options.env, ...options.cli.env, PULUMI_BACKEND_URL: `file://${backend}`, PULUMI_CONFIG_PASSPHRASE: passphrase };
  const workspace = await LocalWorkspace.create({ workDir, program: options.program, pulumiCommand, envVars: cliEnv });
  const stack = await Stack.create(options.stackName, workspace);
  // `stack init` wrote the stack file with its encryption salt; the config goes beside it.
  const stackFile = path.join(workDir, `Pulumi.${options.stackName}.yaml`);
  const written = (parse(readFileSync(stackFile, "utf8")) ?? {}) as Record<string, unknown>;
  writeFileSync(stackFile, stringify({ ...written, config: options.config }));
  for (const [key, value] of Object.entries(options.secrets ?? {})) await stack.setConfig(key, { value, secret: true });
  return { stack, workDir, cliEnv };
}
