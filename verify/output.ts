import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Redactor } from "./redactor";

/**
 * The one place verify writes output: every line is redacted, printed (unless JSON output
 * was asked for, when stdout carries only the JSON) and kept for the log file.
 */
export class RunOutput {
  readonly lines: string[] = [];

  constructor(
    private readonly redactor: Redactor,
    private readonly options: { quiet: boolean; write?: (line: string) => void },
  ) {}

  line(text: string): void {
    const clean = this.redactor.redact(text);
    this.lines.push(clean);
    if (!this.options.quiet) (this.options.write ?? ((l: string) => process.stdout.write(`${l}\n`)))(clean);
  }

  /** Appends the run to `file` (state/verify-<stack>-<YYYYMMDD>.log). */
  appendTo(file: string): void {
    mkdirSync(path.dirname(file), { recursive: true });
    appendFileSync(file, `${this.lines.join("\n")}\n`);
  }
}
