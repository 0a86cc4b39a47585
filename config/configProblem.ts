import { describeKey } from "./describeValue";

/** One thing wrong with a stack's configuration, phrased for the person who must fix it. */
export interface ConfigProblem {
  /** The full config key, e.g. `operator-wiring:services[1].name` or `datadog:apiKey`; "" when none applies. */
  key: string;
  /** Where in a stack file, for problems found in the file itself: `Pulumi.dev.yaml line 3, column 20`. */
  location?: string;
  /** What is wrong, as a sentence. Never contains a secret value. */
  problem: string;
  /** How to fix it, as a sentence or a command. */
  hint: string;
}

/** Renders one problem on one line: stack, key (and where in the file), what is wrong, the fix. */
export function formatConfigProblem(stack: string, p: ConfigProblem): string {
  const key = p.key === "" ? "" : `key ${describeKey(p.key)}`;
  const where = p.location && key ? `${key} (${p.location})` : (p.location ?? key);
  return `Stack "${stack}", ${where}: ${p.problem} Hint: ${p.hint}`;
}

/** Every problem of a stack in one message: a count, then one problem per line. */
export function configProblemsMessage(stack: string, problems: readonly ConfigProblem[]): string {
  const count = problems.length === 1 ? "1 configuration problem" : `${problems.length} configuration problems`;
  const lines = problems.map((p) => `  - ${formatConfigProblem(stack, p)}`);
  return `Stack "${stack}" has ${count}; nothing was created or changed:\n${lines.join("\n")}`;
}
