/**
 * `node build/run.mjs <bundle> [args…]`: runs a command from its bundle in dist/, rebuilding the
 * bundle first if a source changed since (bundles.mjs). The command sees its own arguments, as
 * `node <bundle> [args…]` would give them.
 */
import { pathToFileURL } from "node:url";
import { freshBundle } from "./bundles.mjs";

const [name, ...args] = process.argv.slice(2);
const file = await freshBundle(name);
process.argv = [process.argv[0], file, ...args];
await import(pathToFileURL(file).href);
