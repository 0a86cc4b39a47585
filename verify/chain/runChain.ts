import { setMaxListeners } from "node:events";
import type { ChainResult } from "./chainResult";
import { type ChainStack, routesOf } from "./chainRoutes";
import { runSource } from "./runSource";
import type { ChainRunOptions } from "./sourceRun";

export interface RunChainOptions extends Omit<ChainRunOptions, "elsewhere"> {
  /** Every stack the mocks (or the account) hold: the other ones are where the negative proof looks. */
  stacks: readonly ChainStack[];
  /** The stacks whose sources are raised. */
  scope: readonly string[];
  /** Each source's result, as soon as it is done (the CLI prints it). */
  onResult?: (result: ChainResult) => void;
}

/**
 * V12: for each stack in scope, raises one marked alert at each source it wires and follows each
 * to every target; the stack's sources run at once, the stacks one after the other (a later
 * stack's negative proof then never sees an earlier stack's clean-up in flight).
 */
export async function runChain(options: RunChainOptions): Promise<{ results: ChainResult[]; notes: string[] }> {
  const results: ChainResult[] = [];
  const notes: string[] = [];
  // Every hop's deadline listens for Ctrl-C: dozens at once, by design.
  setMaxListeners(0, options.interrupt);
  for (const stack of options.stacks.filter((s) => options.scope.includes(s.stack))) {
    const routes = routesOf(stack);
    notes.push(...routes.notes);
    const elsewhere = options.stacks
      .filter((other) => other.stack !== stack.stack)
      .flatMap((other) => routesOf(other).targets.map((target) => ({ stack: other.stack, environment: other.facts.environment, target })));
    const done = await Promise.all(
      routes.sources.map(async (source) => {
        const result = await runSource(source, { ...options, elsewhere }, stack.outputs);
        options.onResult?.(result);
        return result;
      }),
    );
    results.push(...done);
    if (options.interrupt.aborted) break;
  }
  return { results, notes };
}
