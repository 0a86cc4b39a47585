import { spawnSync } from "node:child_process";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../plan/stackFiles";

/** The commands that run through tsx (the toolchain and the rehearsal), started as npm starts them. */
const run = (script: string, ...args: string[]) => spawnSync(process.execPath, ["--import", "tsx", path.join(projectRoot, script), ...args], { cwd: projectRoot, encoding: "utf8" });

describe.each([
  ["toolchain", "toolchain/cli.ts"],
  ["rehearse", "rehearsal/cli.ts"],
])("npm run %s's command line", (name, script) => {
  it("names an unknown option, with the usage, exit 2, before building or rehearsing anything", () => {
    const result = run(script, "--bogus");
    expect([result.status, result.stdout]).toEqual([2, ""]);
    expect(result.stderr).toMatch(new RegExp(`^${name}: unknown option '--bogus'\\nUsage: npm run ${name} -- \\[options\\]`));
  });
});
