/**
 * A rehearsal is a chain of steps per stack. Each step prints one line with its time as it
 * ends. A step that fails, or cannot run here, stops its chain: the steps after it are
 * reported BLOCKED with the step that stopped them, never silently left out.
 */

/** PASS: done and checked. FAIL: done and wrong. BLOCKED: could not run here; says why. */
export type StepStatus = "PASS" | "FAIL" | "BLOCKED";

export interface StepResult {
  stack: string;
  /** Which chain: the committed files, the whole program, or our dynamic providers alone. */
  part: string;
  step: string;
  status: StepStatus;
  seconds: number;
  detail: string;
}

/** Thrown by a step that cannot run on this machine (a plugin the toolchain could not build). */
export class StepBlocked extends Error {
  override name = "StepBlocked";
}

/** Thrown by a step whose result is wrong: the message says what was expected and what was found. */
export class StepFailed extends Error {
  override name = "StepFailed";
}

export class StepChain {
  readonly results: StepResult[] = [];
  #stoppedBy?: StepResult;

  constructor(
    readonly stack: string,
    readonly part: string,
    private readonly print: (result: StepResult) => void,
  ) {}

  /** Runs `step` unless an earlier one stopped the chain; its return value is the line's detail. */
  async run(step: string, body: () => Promise<string>): Promise<StepStatus> {
    if (this.#stoppedBy) {
      const by = this.#stoppedBy;
      return this.#record(step, "BLOCKED", 0, `not run: ${by.step} ${by.status === "FAIL" ? "failed" : "was blocked"}`);
    }
    const started = performance.now();
    let status: StepStatus = "PASS";
    let detail: string;
    try {
      detail = await body();
    } catch (error) {
      status = error instanceof StepBlocked ? "BLOCKED" : "FAIL";
      detail = error instanceof Error ? error.message : String(error);
    }
    const result = this.#record(step, status, (performance.now() - started) / 1000, detail);
    if (result !== "PASS") this.#stoppedBy = this.results[this.results.length - 1];
    return result;
  }

  #record(step: string, status: StepStatus, seconds: number, detail: string): StepStatus {
    const result: StepResult = { stack: this.stack, part: this.part, step, status, seconds, detail };
    this.results.push(result);
    this.print(result);
    return status;
  }
}
