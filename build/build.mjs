/** `npm run build [-- name…]`: builds every bundle (or the named ones) into dist/, whether stale or not. */
import { build, bundles } from "./bundles.mjs";

const names = process.argv.length > 2 ? process.argv.slice(2) : Object.keys(bundles);
for (const name of names) {
  if (!bundles[name]) {
    console.error(`build: no bundle "${name}"; there are ${Object.keys(bundles).join(", ")}`);
    process.exit(2);
  }
  const started = performance.now();
  const file = await build(name);
  console.log(`${name.padEnd(8)} ${(performance.now() - started).toFixed(0).padStart(5)} ms  ${file}  (${bundles[name].description})`);
}
