import * as pulumi from "@pulumi/pulumi";

export interface Registered {
  type: string;
  name: string;
  /** As the engine would receive them: secrets still in the SDK's wire form. */
  inputs: Record<string, unknown>;
}

/**
 * Declares resources inside a stack under strict Pulumi mocks (an unexpected invoke throws)
 * and returns what was registered, with the resource options each was given, raw. `state`
 * adds what the vendor would compute (an id, a generated key) to a resource's echoed inputs.
 * The evaluation harness (plan/evaluateStack.ts) normalises secrets and options; tests of a
 * single resource's registration need them as the SDK produced them.
 */
export async function declareUnderMocks<T>(
  declare: () => Promise<T>,
  state: (type: string) => Record<string, unknown> = () => ({}),
): Promise<{ value: T; registered: Registered[]; options: { type: string; name: string; opts: pulumi.CustomResourceOptions }[] }> {
  const registered: Registered[] = [];
  await pulumi.runtime.setMocks(
    {
      newResource: (args) => {
        registered.push({ type: args.type, name: args.name, inputs: args.inputs });
        return { id: `${args.name}-id`, state: { ...args.inputs, ...state(args.type) } };
      },
      call: (args) => {
        throw new Error(`unexpected invoke ${args.token}`);
      },
    },
    "operator-wiring",
    "dev",
    false,
  );
  const options: { type: string; name: string; opts: pulumi.CustomResourceOptions }[] = [];
  let value: T | undefined;
  await pulumi.runtime.runInPulumiStack(async () => {
    pulumi.runtime.registerStackTransformation((args) => {
      options.push({ type: args.type, name: args.name, opts: args.opts });
      return undefined;
    });
    value = await declare();
    return {};
  });
  // Drain pending registrations into these mocks before another test replaces them.
  await pulumi.runtime.disconnect();
  return { value: value as T, registered, options };
}

/** An output's value once known. */
export function valueOf<T>(output: pulumi.Output<T>): Promise<T> {
  return new Promise((resolve) => output.apply(resolve));
}
