/**
 * A probe's time budget: every request and wait draws on it, so no probe outlives it by
 * more than the time it takes to notice. Aborts its signal when it runs out, or when the
 * run is interrupted.
 */
export class Deadline {
  readonly #controller = new AbortController();
  readonly #timer: NodeJS.Timeout;
  readonly startedAt = performance.now();

  constructor(
    readonly ms: number,
    parent?: AbortSignal,
  ) {
    this.#timer = setTimeout(() => this.#controller.abort(new Error("deadline")), ms);
    parent?.addEventListener("abort", () => this.#controller.abort(parent.reason), { once: true });
  }

  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  elapsed(): number {
    return performance.now() - this.startedAt;
  }

  remaining(): number {
    return Math.max(0, this.ms - this.elapsed());
  }

  get expired(): boolean {
    return this.#controller.signal.aborted;
  }

  /** Stops the timer; call when the probe is done. */
  dispose(): void {
    clearTimeout(this.#timer);
  }
}

/** Waits `ms`, or less if the deadline ends first; never longer. */
export function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    signal.addEventListener("abort", done, { once: true });
    function done() {
      clearTimeout(timer);
      signal.removeEventListener("abort", done);
      resolve();
    }
  });
}
