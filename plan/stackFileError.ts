import { type ConfigProblem, configProblemsMessage } from "../config/configProblem";

/**
 * A stack file the offline plan cannot read as the Pulumi CLI would (bad YAML, not a stack
 * file, keys the CLI refuses or ignores): the same message as the program's configuration
 * problems, raised before the program runs. Kept free of the Pulumi SDK, which the plan's
 * parent process does not load.
 */
export class StackFileError extends Error {
  override name = "StackFileError";
  constructor(
    readonly stackName: string,
    readonly problems: readonly ConfigProblem[],
  ) {
    super(configProblemsMessage(stackName, problems));
  }
}
