import * as pulumi from "@pulumi/pulumi";
import { bundledProviderCodeCache, type ProviderCodeCache } from "./providerCodeCache";

let cache: ProviderCodeCache | undefined = bundledProviderCodeCache();

/** Replaces the cache of serialized providers (the tests give one of their own; undefined: none). */
export function useProviderCodeCache(replacement: ProviderCodeCache | undefined): void {
  cache = replacement;
  texts.clear();
}

/**
 * Each provider's code once per process, as the SDK keeps it (dynamic/index.js `providerCache`,
 * by provider object; here by type token, each class declaring one provider).
 */
const texts = new Map<string, pulumi.Output<string>>();

/**
 * The provider's code, serialized exactly as `pulumi.dynamic.Resource` serializes it
 * (`serializeFunction(() => provider, { allowSecrets: true })`, secret when it captured a
 * secret), or the text this very bundle serialized before (providerCodeCache.ts).
 */
function providerCode(type: string, provider: pulumi.dynamic.ResourceProvider): pulumi.Output<string> {
  let text = texts.get(type);
  if (text === undefined) {
    const remembered = cache?.get(type);
    text = remembered === undefined ? serializedProvider(type, provider) : pulumi.output(remembered);
    texts.set(type, text);
  }
  return text;
}

function serializedProvider(type: string, provider: pulumi.dynamic.ResourceProvider): pulumi.Output<string> {
  const writeTo = cache;
  return pulumi.output(pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true })).apply((serialized): pulumi.Output<string> => {
    if (serialized.containsSecrets) return pulumi.secret(serialized.text);
    writeTo?.set(type, serialized.text);
    return pulumi.output(serialized.text);
  });
}

/**
 * A resource of a dynamic provider, declared as `pulumi.dynamic.Resource` declares one (the type
 * token `pulumi-nodejs:dynamic/<module>:<type>`, the provider's code in the `__provider` input,
 * which the engine's dynamic provider loads and runs), with the same constructor; the provider's
 * code is serialized once per bundle rather than once per process (providerCode).
 */
export abstract class DynamicResource extends pulumi.CustomResource {
  constructor(provider: pulumi.dynamic.ResourceProvider, name: string, props: pulumi.Inputs, opts: pulumi.CustomResourceOptions | undefined, module: string, type: string) {
    if (props.__provider !== undefined) throw new Error("A dynamic resource must not define the __provider key");
    const token = `pulumi-nodejs:dynamic/${module}:${type}`;
    super(token, name, { ...props, __provider: providerCode(token, provider) }, opts);
  }
}

/**
 * The options with `output` added to `additionalSecretOutputs`, once: for a value the provider
 * returns in clear (a dynamic provider cannot return pulumi.secret), which the engine then marks
 * secret in the state and the outputs.
 */
export function withSecretOutput(opts: pulumi.CustomResourceOptions | undefined, output: string): pulumi.CustomResourceOptions {
  return { ...opts, additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), output])] };
}
