import { mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { RunReport } from "./probeResult";

const pad = (n: number) => String(n).padStart(2, "0");

/** `YYYYMMDD` in local time, as the checklist names log files. */
export function day(date: Date): string {
  return `${date.getFullYear()}${pad(date.getMonth() + 1)}${pad(date.getDate())}`;
}

/** `state/verify-<stack>-<YYYYMMDD>.log` (V8). */
export function logFile(root: string, stack: string | null, date: Date): string {
  return path.join(root, "state", `verify-${stack ?? "local"}-${day(date)}.log`);
}

/** A log file's name as logFile() gives it, read back: the stack and the day (`YYYYMMDD`). */
export const logFileName = /^verify-(.+)-(\d{8})\.log$/;

/** A run's first line in its log: `verify <run id> (stack <s>): slack=mock, sentry=real, …; deadline <n> s per probe`. */
export function runHeader(runId: string, stack: string | undefined, modes: readonly (readonly [string, string])[], timeoutSeconds: number): string {
  return `verify ${runId}${stack ? ` (stack ${stack})` : ""}: ${modes.map(([name, mode]) => `${name}=${mode}`).join(", ")}; deadline ${timeoutSeconds} s per probe`;
}

/** runHeader()'s line read back: the run id and the `name=mode` list. */
export const runHeaderLine = /^verify (ow-\S+?)(?: \(stack [^)]+\))?: ([a-z]+=(?:mock|real)(?:, [a-z]+=(?:mock|real))*); deadline/;

/**
 * O4: a failing run's output, verbatim and redacted, and its report (JSON, redacted by the caller), in
 * `state/incidents/<YYYYMMDD-HHMM>/`, with a post-mortem stub (checklist §6). Returns the folder.
 */
export function preserveIncident(root: string, report: RunReport, reportJson: string, lines: readonly string[], date: Date): string {
  const folder = path.join(root, "state", "incidents", `${day(date)}-${pad(date.getHours())}${pad(date.getMinutes())}`);
  mkdirSync(folder, { recursive: true });
  writeFileSync(path.join(folder, `verify-${report.stack ?? "local"}.log`), `${lines.join("\n")}\n`);
  writeFileSync(path.join(folder, "report.json"), `${reportJson}\n`);
  writeFileSync(
    path.join(folder, "post-mortem.md"),
    [
      `# Incident ${path.basename(folder)}: verify ${report.verdict} on stack ${report.stack ?? "local"}`,
      "",
      "Do not delete credentials: even broken ones are evidence. Roll back the flag first (OPERATOR_WIRING_PROD_ENABLED=0 or routingEnabled=false), then investigate.",
      "",
      "## Timeline",
      "## Symptom (from verify-*.log in this folder)",
      "## Root cause",
      "## Fix and follow-ups (add novel failure modes to the checklist's §4 table)",
      "",
    ].join("\n"),
  );
  return folder;
}
