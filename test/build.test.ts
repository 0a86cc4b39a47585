import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build, cliTable3Patch, isFresh, root } from "../build/bundles.mjs";

/**
 * Built into a folder of the test's own, and a change simulated in the bundle's record rather
 * than by touching a source: the command tests beside this one run the bundles in dist/, and a
 * source touched for a moment would make them rebuild from it (and leave dist/ stale after).
 */
describe("the command bundles (build/bundles.mjs)", () => {
  let into: string;
  let record: string;
  let built: { inputs: Record<string, string> };
  beforeAll(async () => {
    into = mkdtempSync(path.join(tmpdir(), "bundles-"));
    await build("mocks", into);
    record = path.join(into, "mocks.inputs.json");
    built = JSON.parse(readFileSync(record, "utf8"));
  });
  afterAll(() => rmSync(into, { recursive: true, force: true }));

  /** Whether the bundle is fresh when the file was other (size:mtime) at build time than it is now. */
  function freshIfBuiltFrom(file: string, was: string): boolean {
    writeFileSync(record, JSON.stringify({ ...built, inputs: { ...built.inputs, [file]: was } }));
    try {
      return isFresh("mocks", into);
    } finally {
      writeFileSync(record, JSON.stringify(built));
    }
  }

  it("is fresh as built, and records the sources it was built from, two imports deep included", () => {
    expect(isFresh("mocks", into)).toBe(true);
    expect(Object.keys(built.inputs)).toEqual(expect.arrayContaining(["mock-endpoints/cli.ts", "mock-endpoints/slack/handlers.ts", "package.json", "build/bundles.mjs"]));
  });

  it("goes stale when a source it was built from changes, so build/run.mjs rebuilds before running", () => {
    const [size, mtime] = built.inputs["mock-endpoints/slack/handlers.ts"].split(":").map(Number);
    expect(freshIfBuiltFrom("mock-endpoints/slack/handlers.ts", `${size}:${mtime - 1_000}`)).toBe(false);
    expect(freshIfBuiltFrom("mock-endpoints/slack/handlers.ts", `${size + 1}:${mtime}`)).toBe(false);
    expect(freshIfBuiltFrom("mock-endpoints/slack/handlers.ts", "missing")).toBe(false);
    expect(isFresh("mocks", into)).toBe(true);
  });

  it("goes stale when npm installs other packages (npm rewrites node_modules/.package-lock.json)", () => {
    expect(freshIfBuiltFrom("node_modules/.package-lock.json", "1:0")).toBe(false);
  });

  it("goes stale when its output is gone, or was never built", () => {
    rmSync(path.join(into, "mocks.cjs"));
    expect(isFresh("mocks", into)).toBe(false);
    expect(isFresh("verify", into)).toBe(false);
  });

  it("bundles cli-table3 with the draw-preview fix (cli-table3#362), which the installed version still needs", async () => {
    expect(readFileSync(path.join(root, cliTable3Patch.file), "utf8")).toContain(cliTable3Patch.from);
    const plan = readFileSync(await build("plan", into), "utf8");
    expect(plan).not.toContain("let content = utils.truncate(this.content, 10, this.truncate);");
    expect(plan).toContain("Cell ${utils.truncate(this.content, 10, this.truncate)}");
  });
});
