/**
 * The commands that run as precompiled bundles instead of TypeScript through tsx: loading tsx
 * and transpiling on the fly cost verify ~1 s of its 1.35 s in mock mode (issue 12). Each
 * bundle is built by esbuild (which tsx itself uses) into dist/, one level below the repository
 * like the sources, so `__dirname`-relative paths (the repository root) stay right.
 *
 * A bundle remembers what it was built from (every source file's size and mtime, and npm's
 * record of node_modules); `freshBundle` rebuilds it when any of that changed, so an edited
 * source never runs stale. Plain JavaScript: it runs before anything could compile it.
 */
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const packageJson = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8"));
const dist = path.join(root, "dist");
/** npm rewrites this on every install: one stamp for everything under node_modules. */
const installStamp = "node_modules/.package-lock.json";
const stub = "build/unusedModule.cjs";

/** Node ≥ 20 without flags: CommonJS names an ES module bundle needs (esbuild's output uses `require` for Node built-ins). */
const esmPrelude = [
  'import { createRequire as __createRequire } from "node:module";',
  'import { fileURLToPath as __fileURLToPath } from "node:url";',
  'import { dirname as __pathDirname } from "node:path";',
  "const require = __createRequire(import.meta.url);",
  "const __filename = __fileURLToPath(import.meta.url);",
  "const __dirname = __pathDirname(__filename);",
].join("\n");

/**
 * cli-table3 0.6.5 computes a debug preview of the whole cell (truncated to 10 columns) for every
 * line it draws, although the preview is recorded only at a debug level nothing sets; on a
 * multi-line cell that truncation slices one character at a time and re-measures the rest, so
 * the plan's table of a thousand resources made 834,000 width measurements of 88 MB of text
 * (0.5-0.7 s). The fix proposed upstream (cli-table/cli-table3#362, open) computes the preview
 * only for the first line; this applies it to the bundled copy. Same output, byte for byte.
 */
export const cliTable3Patch = {
  file: "node_modules/cli-table3/src/cell.js",
  from: "let content = utils.truncate(this.content, 10, this.truncate);\n    if (!lineNum) {\n      info(`${this.y}-${this.x}: ${this.rowSpan - lineNum}x${this.colSpan} Cell ${content}`);",
  to: "if (!lineNum) {\n      info(`${this.y}-${this.x}: ${this.rowSpan - lineNum}x${this.colSpan} Cell ${utils.truncate(this.content, 10, this.truncate)}`);",
};

/** @type {import("esbuild").Plugin} */
const patchCliTable3 = {
  name: "cli-table3-draw-preview",
  setup(build) {
    build.onLoad({ filter: /cli-table3[\\/]src[\\/]cell\.js$/ }, (args) => {
      const source = readFileSync(args.path, "utf8");
      // A cli-table3 that changed this code is bundled as it is (slower on big tables, same output).
      if (!source.includes(cliTable3Patch.from)) return { contents: source, loader: "js", warnings: [{ text: `${cliTable3Patch.file} changed: the draw-preview patch (cli-table3#362) was not applied` }] };
      return { contents: source.replace(cliTable3Patch.from, cliTable3Patch.to), loader: "js" };
    });
  },
};

/**
 * How a bundle that runs the Pulumi program is built. The packages stay in node_modules: the
 * Pulumi SDK finds modules by name when it serializes the dynamic providers (which `require`
 * theirs, undici among them, when they run), and CommonJS keeps `require` what it is under Node.
 * All but cli-table3, bundled so that its width measure (string-width) gets a fast path for ASCII
 * and its draw a fix: the plan's table is measured line by line.
 * @type {import("esbuild").BuildOptions}
 */
const programOptions = {
  format: "cjs",
  external: Object.keys(packageJson.dependencies).filter((name) => name !== "cli-table3"),
  alias: { "string-width": "./build/asciiStringWidth.cjs" },
  plugins: [patchCliTable3],
  outExtension: { ".js": ".cjs" },
  // The program's dynamic providers keep their serialized code beside the bundle
  // (components/dynamic/providerCodeCache.ts); from its sources they serialize every time.
  define: { OPERATOR_WIRING_BUNDLED: "true" },
};

/** @type {Record<string, { entry: string; description: string; options: import("esbuild").BuildOptions }>} */
export const bundles = {
  verify: {
    entry: "verify/cli.ts",
    description: "verify-all.sh, npm run verify",
    options: {
      // ES modules so that esbuild splits what is loaded later into chunks of their own: each
      // probe's vendor library (the Sentry SDK, the Datadog client), undici, the wiring checks'
      // zod. One file would be parsed whole on every start, --help included.
      format: "esm",
      splitting: true,
      outExtension: { ".js": ".mjs" },
      chunkNames: "chunks/verify-[name]-[hash]",
      // The vendors' ES module builds, so that only what a probe uses is bundled.
      mainFields: ["module", "main"],
      // The Datadog client's default HTTP library (cross-fetch, and pako to compress bodies) is
      // never used: the probe gives the client its own (probeHttpLibrary.ts).
      alias: { "cross-fetch": `./${stub}`, pako: `./${stub}` },
      banner: { js: esmPrelude },
    },
  },
  plan: {
    entry: "plan/offlinePlan.ts",
    description: "npm run plan, npm start",
    options: programOptions,
  },
  // The plan workers: one stack evaluated in a process of its own, for a caller that must keep
  // its own Pulumi runtime (the rehearsal) or plans stacks side by side (the routing map, the
  // chain's planned world). Forked from a bundle, each starts in about half the time it took
  // through tsx, which transpiled the program anew in every process.
  planStackWorker: {
    entry: "plan/planStackWorker.ts",
    description: "forked by the rehearsal's offline reference",
    options: programOptions,
  },
  planWorldWorker: {
    entry: "plannedWorld/planWorldWorker.ts",
    description: "forked by verify --chain in mock mode",
    options: programOptions,
  },
  routes: {
    entry: "routes/cli.ts",
    description: "npm run routes",
    options: programOptions,
  },
  routesWorker: {
    entry: "routes/routesWorker.ts",
    description: "forked by npm run routes",
    options: programOptions,
  },
  mocks: {
    entry: "mock-endpoints/cli.ts",
    description: "npm run mocks",
    options: { format: "cjs", outExtension: { ".js": ".cjs" } },
  },
  start: {
    entry: "quickstart.ts",
    description: "npm start",
    options: { format: "cjs", outExtension: { ".js": ".cjs" } },
  },
};

const outputOf = (name, into) => path.join(into, `${name}${bundles[name].options.outExtension[".js"]}`);
const recordOf = (name, into) => path.join(into, `${name}.inputs.json`);

function stamp(file) {
  try {
    const { size, mtimeMs } = statSync(path.join(root, file));
    // Whole milliseconds: what a file's mtime keeps when copied or set back by hand.
    return `${size}:${Math.trunc(mtimeMs)}`;
  } catch {
    return "missing";
  }
}

/** Chunks of an earlier build of the bundle that this build does not use (their names carry a content hash). */
function removeUnusedChunks(name, kept, into) {
  const chunks = path.join(into, "chunks");
  let files;
  try {
    files = readdirSync(chunks);
  } catch {
    return;
  }
  for (const file of files) if (file.startsWith(`${name}-`) && !kept.includes(path.join(chunks, file))) rmSync(path.join(chunks, file), { force: true });
}

/** Whether the bundle exists and every file it was built from is as it was then. */
/** `into`: the folder the bundle is built in (dist/; the tests use one of their own, as commands run beside them). */
export function isFresh(name, into = dist) {
  let record;
  try {
    record = JSON.parse(readFileSync(recordOf(name, into), "utf8"));
  } catch {
    return false;
  }
  return Object.entries(record.inputs).every(([file, was]) => stamp(file) === was) && stamp(path.relative(root, outputOf(name, into))) !== "missing";
}

/** Builds one bundle; its files are renamed into place, the entry last, so a concurrent start never loads half a build. */
export async function build(name, into = dist) {
  const { build: esbuild } = await import("esbuild");
  const { entry, options } = bundles[name];
  const result = await esbuild({
    entryPoints: { [name]: path.join(root, entry) },
    absWorkingDir: root,
    outdir: into,
    bundle: true,
    platform: "node",
    target: "node20",
    sourcemap: "linked",
    metafile: true,
    write: false,
    logLevel: "warning",
    ...options,
  });
  const entryFile = outputOf(name, into);
  removeUnusedChunks(name, result.outputFiles.map((file) => file.path), into);
  const files = [...result.outputFiles].sort((a, b) => Number(a.path === entryFile || a.path === `${entryFile}.map`) - Number(b.path === entryFile || b.path === `${entryFile}.map`));
  for (const file of files) {
    mkdirSync(path.dirname(file.path), { recursive: true });
    const partial = `${file.path}.${process.pid}.partial`;
    writeFileSync(partial, file.contents);
    renameSync(partial, file.path);
  }
  const sources = Object.keys(result.metafile.inputs).filter((file) => !file.startsWith("node_modules/"));
  const inputs = Object.fromEntries([...sources, installStamp, "build/bundles.mjs", "package.json"].map((file) => [file, stamp(file)]));
  const record = recordOf(name, into);
  writeFileSync(`${record}.${process.pid}.partial`, `${JSON.stringify({ entry, inputs }, null, 1)}\n`);
  renameSync(`${record}.${process.pid}.partial`, record);
  return entryFile;
}

/** The bundle's entry file, built first when it is missing or older than what it is built from. */
export async function freshBundle(name) {
  if (!bundles[name]) throw new Error(`no bundle "${name}"; there are ${Object.keys(bundles).join(", ")}`);
  return isFresh(name) ? outputOf(name, dist) : build(name);
}
