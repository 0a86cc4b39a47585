import * as pulumi from "@pulumi/pulumi";
import { type ConfigProblem, configProblemsMessage } from "./configProblem";

export { type ConfigProblem, formatConfigProblem } from "./configProblem";

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
    super(configProblemsMessage(stackName, problems));
    this.name = "StackConfigError";
  }
}
