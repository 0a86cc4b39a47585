import * as pulumi from "@pulumi/pulumi";

/**
 * A dynamic provider as Pulumi runs it: serialized with its closure as `pulumi.dynamic.Resource`
 * does (dynamic/index.js `serializeFunctionMaybeSecret`), then loaded as the provider plugin loads
 * it (the text run as a module, then `.handler()`), with a `require` that throws, so that the
 * text has to stand alone. Returns the text too, for what it must not contain.
 */
export async function serializeAndLoad<P>(provider: P): Promise<{ text: string; loaded: P }> {
  const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
  const module = { exports: {} as { handler: () => P } };
  new Function("exports", "require", "module", serialized.text)(
    module.exports,
    (name: string) => {
      throw new Error(`the serialized provider required ${name}`);
    },
    module,
  );
  return { text: serialized.text, loaded: module.exports.handler() };
}
