import { execFile } from "node:child_process";
import { randomUUID } from "node:crypto";
import { copyFileSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { freshBundle } from "../build/bundles.mjs";

const run = promisify(execFile);

/**
 * The plan's bundle as a user runs it, copied beside itself under a name of its own, so that its
 * cache of serialized provider code (`<bundle>.providers.json`) starts empty whatever the plans
 * beside this test have written for dist/plan.cjs.
 */
describe("the plan bundle's remembered provider code (components/dynamic/providerCodeCache.ts)", () => {
  let bundle: string;
  let cache: string;
  beforeAll(async () => {
    const plan = await freshBundle("plan");
    bundle = path.join(path.dirname(plan), `plan-provider-code-${randomUUID().slice(0, 8)}.cjs`);
    copyFileSync(plan, bundle);
    cache = `${bundle}.providers.json`;
    rmSync(cache, { force: true });
  });
  afterAll(() => {
    for (const file of [bundle, cache]) rmSync(file, { force: true });
  });

  /** The plan of prod (all six dynamic providers), with the modules Node loaded for it. */
  async function planProd(): Promise<{ stdout: string; loaded: string[] }> {
    const { stdout, stderr } = await run(process.execPath, [bundle, "prod"], { env: { ...process.env, NODE_DEBUG: "module" }, maxBuffer: 64 * 1024 * 1024 });
    return { stdout, loaded: [...stderr.matchAll(/ load "([^"]+)"/g)].map((m) => m[1]) };
  }
  const typescript = (loaded: string[]) => loaded.filter((file) => /node_modules[\\/]typescript[\\/]/.test(file));
  const arborist = (loaded: string[]) => loaded.filter((file) => /node_modules[\\/]@npmcli[\\/]arborist[\\/]/.test(file));
  const texts = () => JSON.parse(readFileSync(cache, "utf8")) as { key: string; texts: Record<string, string> };

  it("serializes the providers on the first run (TypeScript loaded then, not before), remembers them, and plans the same from them after, loading neither TypeScript nor Arborist", { timeout: 60_000 }, async () => {
    const first = await planProd();
    expect(first.loaded.length, "NODE_DEBUG=module listed the modules loaded").toBeGreaterThan(100);
    expect(typescript(first.loaded).length).toBeGreaterThan(0);
    const remembered = texts();
    expect(remembered.key).toMatch(/^[0-9a-f]{64}$/);
    expect(Object.keys(remembered.texts).sort()).toEqual([
      "pulumi-nodejs:dynamic/opsgenie:ApiIntegration",
      "pulumi-nodejs:dynamic/opsgenie:Team",
      "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow",
      "pulumi-nodejs:dynamic/sentry:ServiceTableRow",
      "pulumi-nodejs:dynamic/sentry:Workflow",
      "pulumi-nodejs:dynamic/splunk:HecToken",
    ]);
    for (const text of Object.values(remembered.texts)) expect(text).toMatch(/^exports\.handler = /);

    const second = await planProd();
    expect(second.stdout).toBe(first.stdout);
    expect(typescript(second.loaded)).toEqual([]);
    expect(arborist(second.loaded)).toEqual([]);
  });

  it("serializes afresh when the file was written for other code (another key), and writes it anew", { timeout: 60_000 }, async () => {
    await planProd();
    const { key, texts: remembered } = texts();
    writeFileSync(cache, JSON.stringify({ key: "0".repeat(64), texts: Object.fromEntries(Object.keys(remembered).map((type) => [type, "exports.handler = stale;"])) }));
    const again = await planProd();
    expect(typescript(again.loaded).length).toBeGreaterThan(0);
    expect(texts()).toEqual({ key, texts: remembered });
  });
});
