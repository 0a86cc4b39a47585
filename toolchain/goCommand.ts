/**
 * Runs the machine's `go`. Only the Go module proxy is reachable, so everything goes through
 * it; GOTOOLCHAIN=local keeps `go` from fetching another Go for a module that asks for one
 * (a go.mod newer than this Go then fails plainly instead).
 */
import { spawn } from "node:child_process";
import type { GoModule } from "./toolchainParts";

export interface GoResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Static binaries: no libc at run time, the way Pulumi's own releases are built. */
export const goBuildEnv = { CGO_ENABLED: "0", GOTOOLCHAIN: "local" } as const;

export function runGo(args: readonly string[], options: { cwd: string; env?: NodeJS.ProcessEnv }): Promise<GoResult> {
  return new Promise((resolve, reject) => {
    const child = spawn("go", args, { cwd: options.cwd, env: { ...process.env, ...goBuildEnv, ...options.env } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on("data", (chunk: Buffer) => (stderr += chunk.toString()));
    child.once("error", (error: NodeJS.ErrnoException) =>
      reject(error.code === "ENOENT" ? new Error("go is not on the PATH: the toolchain is built with Go 1.26 (README, Rehearsal).", { cause: error }) : error),
    );
    child.once("close", (code) => resolve({ code: code ?? 1, stdout, stderr }));
  });
}

export type ModuleProbe = { served: true } | { served: false; error: string };

/**
 * Asks the proxy for one module version. `go mod download -json` prints the failure in its
 * JSON's Error field (the proxy's "403 Forbidden … This module version is not available"
 * when it refuses a module), which is kept verbatim for the report.
 */
export async function probeModule(module: GoModule, cwd: string): Promise<ModuleProbe> {
  const result = await runGo(["mod", "download", "-json", `${module.path}@${module.version}`], { cwd, env: { GOFLAGS: "-mod=mod" } });
  if (result.code === 0) return { served: true };
  const reported = /"Error":\s*"((?:[^"\\]|\\.)*)"/.exec(result.stdout)?.[1];
  const error = reported ? (JSON.parse(`"${reported}"`) as string) : result.stderr.trim() || `go exited with code ${result.code}`;
  return { served: false, error: error.split("\n").map((line) => line.trim()).join(" ") };
}
