import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../plan/stackFiles";

const run = promisify(execFile);

describe("the SDK's deferred modules (plan/deferSdkModules.ts)", () => {
  it("are not loaded with the SDK, and load when the SDK first uses them: TypeScript to serialize a function, Arborist to compute code paths", { timeout: 60_000 }, async () => {
    const { stdout } = await run(process.execPath, ["--import", "tsx", path.join(projectRoot, "test/support/deferSdkModulesProbe.ts")], { cwd: projectRoot });
    const steps = JSON.parse(stdout.trim().split("\n").pop() ?? "{}");
    // Arborist's one file in the cache is the stand-in itself (its package entry).
    expect(steps.sdkLoaded).toEqual({ typescript: 0, arborist: 1 });
    expect(steps.serialized).toMatchObject({ works: true });
    expect(steps.serialized.typescript).toBeGreaterThan(0);
    expect(steps.serialized.arborist).toBe(1);
    expect(steps.codePaths).toMatchObject({ works: true });
    expect(steps.codePaths.arborist).toBeGreaterThan(1);
  });
});
