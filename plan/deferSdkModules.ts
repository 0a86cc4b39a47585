/**
 * Two modules the Pulumi SDK loads as it starts but uses only inside functions a plan from a
 * bundle does not call, loaded on first use instead: TypeScript (0.35 s), which the closure
 * serializer parses functions with (`require("../../typescript-shim")` at the top of
 * runtime/closure/parseFunction.js), and npm's Arborist (0.2 s, with pacote and sigstore behind
 * it), which `computeCodePaths` walks node_modules with (the top of runtime/closure/codePaths.js).
 * A bundle serializes its dynamic providers once and then reads their code
 * (components/dynamic/providerCodeCache.ts), and never packages code paths.
 *
 * Each is put in Node's module cache as a stand-in that, on first use, loads the module as the
 * SDK would have (TypeScript as the shim does: the project's copy, else the SDK's vendored one).
 * The SDK reads neither as it loads, only inside functions; it takes Arborist through
 * `__importStar`, which passes an ES-module-shaped object through as it is. Imported first by
 * the entries of the bundles that run the program (plan, the plan workers, routes), before
 * anything loads the SDK.
 */
import Module from "node:module";
import path from "node:path";

type Exports = Record<PropertyKey, unknown>;

/** Puts `file` in the module cache as a stand-in for what `load` gives, called once on first use. */
function defer(file: string, load: () => Exports): void {
  if (require.cache[file]) return;
  let loaded: Exports | undefined;
  const real = (): Exports => (loaded ??= load());
  const standIn = new Module(file);
  standIn.filename = file;
  standIn.loaded = true;
  standIn.exports = new Proxy(
    {},
    {
      get: (_, key) => (key === "__esModule" ? true : real()[key]),
      has: (_, key) => key in real(),
      ownKeys: () => Reflect.ownKeys(real()),
      getOwnPropertyDescriptor: (_, key) => {
        const descriptor = Object.getOwnPropertyDescriptor(real(), key);
        // A proxy may not call a property non-configurable that its (empty) target lacks.
        return descriptor && { ...descriptor, configurable: true };
      },
    },
  );
  require.cache[file] = standIn;
}

const sdk = path.dirname(require.resolve("@pulumi/pulumi"));
const fromSdk = Module.createRequire(path.join(sdk, "index.js"));

const typescriptShim = path.join(sdk, "typescript-shim.js");
defer(typescriptShim, () => {
  try {
    return fromSdk("typescript") as Exports;
  } catch {
    return fromSdk(path.join(sdk, "vendor", "typescript@3.8.3", "typescript.js")) as Exports;
  }
});

const arborist = fromSdk.resolve("@npmcli/arborist");
defer(arborist, () => {
  // Out of the way, so that the real module loads and takes its place in the cache.
  delete require.cache[arborist];
  return fromSdk(arborist) as Exports;
});
