import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

/**
 * Tests that run the program or a dynamic provider under Pulumi's mock runtime. Its state is
 * process-global, but every evaluation sets it up afresh (setMocks) and a worker runs one file
 * at a time, so files share worker processes as tests of one file share theirs: the SDK and the
 * providers load once per worker instead of once per file (about 1.5 s each).
 */
const pulumiRuntime = [
  "test/program.test.ts",
  "test/programSentry.test.ts",
  "test/collisions.test.ts",
  "test/lookups/datadogPagerdutyTile.test.ts",
  "test/lookups/opsgenieKeyRegion.test.ts",
  "test/dynamic/**/*.test.ts",
  "test/verify/stackOutputs.test.ts",
];
/** Tests that start the commands (from their bundles, built once by the global set-up) as a user does. */
const commands = ["test/offlinePlan.test.ts", "test/bundledProviderCode.test.ts", "test/offlinePlanInput.test.ts", "test/quickstart.test.ts", "test/verify/verifyAll.test.ts", "test/mocks/cli.test.ts", "test/build.test.ts"];

/**
 * Three projects, all run by `npm test` (and so by .ci/run). `unit` is everything else. Files
 * share their worker processes (no reload per file), so `npx vitest --project unit`, or
 * `npm test -- --changed` for what uncommitted changes touch, answers in seconds while editing.
 */
export default defineConfig({
  test: {
    pool: "forks",
    // One test worker per core, not vitest's default of one fewer: the routing-map and chain tests
    // spend most of their time waiting on the plan workers and mocks they start, which use the
    // cores in the meantime (on 2 cores: 83 s for the suite instead of 113 s).
    maxWorkers: availableParallelism(),
    testTimeout: 30_000,
    globalSetup: ["test/support/freshBundles.ts"],
    projects: [
      { extends: true, test: { name: "unit", include: ["test/**/*.test.ts"], exclude: [...pulumiRuntime, ...commands], isolate: false } },
      { extends: true, test: { name: "program", include: pulumiRuntime, isolate: false } },
      { extends: true, test: { name: "commands", include: commands } },
    ],
  },
});
