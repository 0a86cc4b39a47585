import { type Command, CommanderError } from "commander";

/**
 * Parses `argv` with a command built with `exitOverride()` and silent output: undefined when the
 * program should go on, else the exit code after printing what commander had to say (`--help`:
 * the help and 0; a usage mistake: `<name>: <what>`, the help, and 2). The offline plan's and the
 * routing map's command lines.
 */
export function parseCommandLine(command: Command, argv: string[], name: string): number | undefined {
  try {
    command.parse(argv, { from: "user" });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError && error.code === "commander.helpDisplayed") {
      console.log(command.helpInformation());
      return 0;
    }
    if (error instanceof CommanderError) {
      console.error(`${name}: ${error.message.replace(/^error: /, "")}\n${command.helpInformation()}`);
      return 2;
    }
    throw error;
  }
}
