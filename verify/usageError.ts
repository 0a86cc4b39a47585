/**
 * A mistake in how verify was called or configured (exit code 2): what is wrong and the
 * fix, never a stack trace. Raised before any request is made.
 */
export class UsageError extends Error {
  override name = "UsageError";
  constructor(
    readonly problem: string,
    readonly hint: string,
  ) {
    super(`${problem} Hint: ${hint}`);
  }
}
