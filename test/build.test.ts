import { statSync, utimesSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { build, isFresh, root } from "../build/bundles.mjs";

describe("the command bundles (build/bundles.mjs)", () => {
  it("go stale when a source they were built from changes, so build/run.mjs rebuilds before running", async () => {
    await build("mocks");
    expect(isFresh("mocks")).toBe(true);
    // A source two imports deep, touched as an editor saving it would.
    const source = path.join(root, "mock-endpoints/slack/handlers.ts");
    const { atime, mtime } = statSync(source);
    utimesSync(source, atime, new Date(mtime.getTime() + 1_000));
    try {
      expect(isFresh("mocks")).toBe(false);
    } finally {
      utimesSync(source, atime, mtime);
    }
    expect(isFresh("mocks")).toBe(true);
  });

  it("go stale when npm installs other packages", async () => {
    await build("mocks");
    const stamp = path.join(root, "node_modules/.package-lock.json");
    const { atime, mtime } = statSync(stamp);
    utimesSync(stamp, atime, new Date(mtime.getTime() + 1_000));
    try {
      expect(isFresh("mocks")).toBe(false);
    } finally {
      utimesSync(stamp, atime, mtime);
    }
  });
});
