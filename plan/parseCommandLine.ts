import { type Command, CommanderError } from "commander";

/** Where parseCommandLine prints: the help to stdout, a usage mistake to stderr. */
export interface CommandLineOutput {
  stdout: (line: string) => void;
  stderr: (line: string) => void;
}

/**
 * Parses `argv` with a command built with `exitOverride()` and silent output: undefined when the
 * program should go on, else the exit code after printing what commander had to say (`--help`:
 * the help and 0; a usage mistake: `<name>: <what>`, the help, and 2). The offline plan's and the
 * routing map's command lines (on the console), and reconcile's (through its own output).
 */
export function parseCommandLine(
  command: Command,
  argv: readonly string[],
  name: string,
  output: CommandLineOutput = { stdout: (line) => console.log(line), stderr: (line) => console.error(line) },
): number | undefined {
  try {
    command.parse(argv, { from: "user" });
    return undefined;
  } catch (error) {
    if (error instanceof CommanderError && error.code === "commander.helpDisplayed") {
      output.stdout(command.helpInformation());
      return 0;
    }
    if (error instanceof CommanderError) {
      output.stderr(`${name}: ${error.message.replace(/^error: /, "")}\n${command.helpInformation()}`);
      return 2;
    }
    throw error;
  }
}
