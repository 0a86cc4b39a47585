/**
 * The process side of a command written as a function of its arguments and streams (verify's
 * runCli, reconcile's runReconcileCli): lines to the process's stdout and stderr, and the
 * function's answer as the exit code; an error it did not expect is `<name>: internal error: …`,
 * exit 1.
 */
export const processLines = {
  stdout: (line: string) => void process.stdout.write(`${line}\n`),
  stderr: (line: string) => void process.stderr.write(`${line}\n`),
};

export function exitWhenDone(name: string, run: Promise<number>): void {
  run.then(
    (code) => process.exit(code),
    (error: unknown) => {
      process.stderr.write(`${name}: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
      process.exit(1);
    },
  );
}
