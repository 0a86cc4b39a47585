import { bundles, freshBundle } from "../../build/bundles.mjs";

/**
 * Vitest's global set-up: every command bundle built once, before the tests that start commands
 * (through build/run.mjs) run side by side and would each find it stale.
 */
export default async function freshBundles(): Promise<void> {
  for (const name of Object.keys(bundles)) await freshBundle(name);
}
