import { chmodSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from "vitest";
import { MockControl } from "../../../mock-endpoints/controlClient";
import { type RunningMocks, startMocks } from "../../../mock-endpoints/startMocks";
import { chainReportSchema } from "../../../verify/chain/chainResult";
import { runCli } from "../../../verify/runCli";
import { planCommitted, reseed, stillOpen } from "../../support/chainWorld";

// Real mode reads the deployed stack's outputs with the Pulumi CLI and asks the vendors' APIs with
// the operator's tokens. Here the "vendors" are the mocks (their URLs given as the overrides
// verify takes) and `pulumi` is a stand-in printing what `pulumi stack output` of prod would.

let mocks: RunningMocks;
let bin: string;

beforeAll(async () => {
  mocks = await startMocks({ anyFreePort: true });
  const world = await reseed(mocks, await planCommitted());
  // The vendors apply what they accept at once here, so real mode's pace (a look every 2 s) finds each hop on its first look.
  for (const name of ["sentry", "pagerduty", "opsgenie"] as const) await new MockControl(mocks.urls[name] as string).seed({ processing: { polls: 0 } });
  bin = mkdtempSync(path.join(tmpdir(), "pulumi-"));
  const outputs = path.join(bin, "prod.json");
  writeFileSync(outputs, JSON.stringify(world.stacks.find((s) => s.stack === "prod")?.outputs));
  writeFileSync(path.join(bin, "pulumi"), `#!/bin/sh\ncat '${outputs}'\n`);
  chmodSync(path.join(bin, "pulumi"), 0o755);
}, 60_000);
afterAll(() => mocks.close());
afterEach(() => vi.unstubAllEnvs());

function vendorsAtTheMocks(extra: Record<string, string> = {}): Record<string, string> {
  return {
    OPERATOR_WIRING_MODE: "real_all",
    SENTRY_AUTH_TOKEN: `sntryu_${"1".repeat(64)}`,
    SENTRY_URL: mocks.urls.sentry as string,
    PAGERDUTY_API_TOKEN: "realmodeapitoken0000",
    PAGERDUTY_API_URL: mocks.urls.pagerduty as string,
    PAGERDUTY_EVENTS_URL: mocks.urls.pagerduty as string,
    OPSGENIE_API_URL: mocks.urls.opsgenie as string,
    SLACK_API_URL: `${mocks.urls.slack}/api`,
    DD_API_URL: mocks.urls.datadog as string,
    DD_API_KEY: "1".repeat(32),
    DD_APP_KEY: "1".repeat(40),
    ...extra,
  };
}

async function chain(env: Record<string, string>) {
  vi.stubEnv("PATH", `${bin}${path.delimiter}${process.env.PATH}`);
  const out: string[] = [];
  const err: string[] = [];
  const code = await runCli(["--chain", "--stack", "prod", "--json", "--timeout", "5"], {
    env,
    root: mkdtempSync(path.join(tmpdir(), "chain-real-")),
    stdout: (l) => out.push(l),
    stderr: (l) => err.push(l),
    interrupt: new AbortController().signal,
  });
  return { code, report: chainReportSchema.parse(JSON.parse(out.join("\n"))), err: err.join("\n") };
}

describe("verify --chain in real mode", () => {
  it("follows prod's alerts through the vendors' APIs with the deployed outputs, and holds the Slack hops without a bot token", async () => {
    const { code, report } = await chain(vendorsAtTheMocks());
    expect([code, report.mode, report.verdict]).toEqual([1, "real", "HOLD"]);
    expect(report.results.map((r) => [r.source, r.status, r.hops.map((h) => h.status).join(" ")])).toEqual([
      ['Sentry project "checkout-api" (Checkout API, environment production)', "HOLD", "PASS PASS PASS HOLD HOLD"],
      ['Sentry project "payments-worker" (Payments Worker, environment production)', "PASS", "PASS PASS PASS PASS"],
    ]);
    expect(report.results[0].hops[3].detail).toBe("no SLACK_BOT_TOKEN: the message cannot be read back (set a bot token with channels:history)");
    expect(await stillOpen(mocks)).toEqual([]);
  }, 60_000);

  it("passes with a bot token, reading each channel back", async () => {
    const { code, report, err } = await chain(vendorsAtTheMocks({ SLACK_BOT_TOKEN: "xoxb-T0EXAMPLE1-verify" }));
    expect([code, report.verdict, report.results.map((r) => r.status)]).toEqual([0, "PASS", ["PASS", "PASS"]]);
    expect(err).not.toContain("realmodeapitoken0000");
    expect(await stillOpen(mocks)).toEqual([]);
  }, 60_000);
});
