import * as pulumi from "@pulumi/pulumi";
import { describeKey } from "./describeValue";

/** One thing wrong with a stack's configuration, phrased for the person who must fix it. */
export interface ConfigProblem {
  /** The full config key, e.g. `operator-wiring:services[1].name` or `datadog:apiKey`. */
  key: string;
  /** What is wrong, as a sentence. Never contains a secret value. */
  problem: string;
  /** How to fix it, as a sentence or a command. */
  hint: string;
}

/** Renders one problem on one line: stack, key, what is wrong, the fix. */
export function formatConfigProblem(stack: string, p: ConfigProblem): string {
  return `Stack "${stack}", key ${describeKey(p.key)}: ${p.problem} Hint: ${p.hint}`;
}

/**
 * Every configuration problem of a stack at once. It is a `pulumi.RunError`, so the
 * Pulumi CLI prints the message alone, with no stack trace: a config mistake is the
 * user's to fix, not a crash.
 */
export class StackConfigError extends pulumi.RunError {
  constructor(
    readonly stackName: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    const count = problems.length === 1 ? "1 configuration problem" : `${problems.length} configuration problems`;
    const lines = problems.map((p) => `  - ${formatConfigProblem(stackName, p)}`);
    super(`Stack "${stackName}" has ${count}; nothing was created or changed:\n${lines.join("\n")}`);
    this.name = "StackConfigError";
  }
}
