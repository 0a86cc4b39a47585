import { spawn } from "node:child_process";

export interface TimedRun {
  ms: number;
  status: number | null;
  stdout: string;
  stderr: string;
}

/** Runs a process to its end, timing it from spawn to exit; async, so mocks in the calling process keep answering. */
export function timedProcess(command: string, args: readonly string[], env: NodeJS.ProcessEnv = process.env): Promise<TimedRun> {
  return new Promise((resolve) => {
    const started = performance.now();
    const child = spawn(command, args, { env });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (chunk) => (stdout += chunk));
    child.stderr.on("data", (chunk) => (stderr += chunk));
    child.once("exit", (status) => resolve({ ms: performance.now() - started, status, stdout, stderr }));
  });
}

export const median = (xs: readonly number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** The load average over the last minute, as `uptime` shows it: the machine's other work, beside each figure. */
export function loadAverage(): string {
  return (require("node:os") as typeof import("node:os")).loadavg()[0].toFixed(2);
}
