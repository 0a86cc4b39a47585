import { createHash } from "node:crypto";
import { readFileSync, renameSync, writeFileSync } from "node:fs";

/**
 * True in the program's bundles (build/bundles.mjs defines it); undeclared anywhere else, where
 * `typeof` gives "undefined".
 */
declare const OPERATOR_WIRING_BUNDLED: boolean | undefined;

/**
 * The dynamic providers' code as the Pulumi SDK serialized it, remembered beside the bundle whose
 * functions it was serialized from. Serializing the six providers walks their closures through
 * the V8 inspector and parses them with TypeScript: 0.7 s, plus 0.35 s to load TypeScript, of
 * every plan process's 1.7 s (issue 12). The text is a function of the code alone (the providers
 * capture constants and functions, never a credential: those are read when they run), so it is
 * kept under a key naming that code: the bundle's own bytes, the SDK's version and Node's. A
 * rebuilt bundle, another SDK or Node finds no entry and serializes afresh. A text that captured a
 * secret is never written (DynamicResource).
 */
export interface ProviderCodeCache {
  /** The text remembered for the provider of this resource type, if this code serialized it before. */
  get(type: string): string | undefined;
  /** Remembers a text the SDK just serialized. */
  set(type: string, text: string): void;
}

interface CacheFile {
  key: string;
  texts: Record<string, string>;
}

/** A cache in `file`, valid for code named by `key`: entries under another key are ignored, and replaced on the next write. */
export function fileProviderCodeCache(file: string, key: string): ProviderCodeCache {
  let texts: Record<string, string> = {};
  try {
    const read = JSON.parse(readFileSync(file, "utf8")) as CacheFile;
    if (read.key === key && typeof read.texts === "object" && read.texts !== null) texts = read.texts;
  } catch {
    // None yet, or unreadable: serialized afresh and written anew.
  }
  return {
    get: (type) => (typeof texts[type] === "string" ? texts[type] : undefined),
    set(type, text) {
      texts = { ...texts, [type]: text };
      // Renamed into place: plan workers side by side read whole files only. One that writes
      // last may drop another's entry, which the next process serializes again.
      const partial = `${file}.${process.pid}.partial`;
      try {
        writeFileSync(partial, `${JSON.stringify({ key, texts } satisfies CacheFile)}\n`);
        renameSync(partial, file);
      } catch {
        // A read-only install: this process keeps its texts, later ones serialize again.
      }
    },
  };
}

/** The key of the running bundle's code: its bytes, and the SDK and Node that serialize it. */
function bundleKey(bundle: string): string {
  const sdkVersion = (require("@pulumi/pulumi/package.json") as { version: string }).version;
  return createHash("sha256").update(readFileSync(bundle)).update(`\0@pulumi/pulumi@${sdkVersion}\0node@${process.version}`).digest("hex");
}

/** The running bundle's cache (`dist/<bundle>.providers.json`); undefined when the program runs from its sources (tsx, vitest, the Pulumi CLI). */
export function bundledProviderCodeCache(): ProviderCodeCache | undefined {
  if (typeof OPERATOR_WIRING_BUNDLED === "undefined" || !OPERATOR_WIRING_BUNDLED) return undefined;
  // In a CommonJS bundle, __filename is the bundle itself.
  return fileProviderCodeCache(`${__filename}.providers.json`, bundleKey(__filename));
}
