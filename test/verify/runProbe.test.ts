import { describe, expect, it } from "vitest";
import { sleep } from "../../verify/deadline";
import { mockInputs } from "../../verify/inputs/integrationInputs";
import { type Probe, ProbeFailure } from "../../verify/probe";
import { cleanupReserveMs, runProbe } from "../../verify/runProbe";

const inputs = mockInputs({}).slack;

function run(probe: Probe<"slack">, options: { deadlineMs?: number; interrupt?: AbortSignal } = {}) {
  const lines: string[] = [];
  return runProbe({
    integration: "slack",
    mode: "mock",
    runId: "ow-test",
    inputs,
    probe,
    deadlineMs: options.deadlineMs ?? 2_000,
    interrupt: options.interrupt ?? new AbortController().signal,
    log: (l) => lines.push(l),
  }).then((result) => ({ result, lines }));
}

describe("runProbe", () => {
  it("passes a probe that passes, with no clean-up needed", async () => {
    const { result } = await run(async () => ({ status: "PASS", summary: "posted" }));
    expect(result).toMatchObject({ integration: "slack", mode: "mock", status: "PASS", summary: "posted", cleanup: "none needed", requests: 0 });
  });

  it("runs clean-up after success, and counts logged requests", async () => {
    const order: string[] = [];
    const { result } = await run(async (ctx) => {
      ctx.cleanup("resolve", async () => void order.push("cleanup"));
      ctx.log("[slack] one request");
      order.push("step");
      return { status: "PASS", summary: "ok" };
    });
    expect(order).toEqual(["step", "cleanup"]);
    expect(result).toMatchObject({ status: "PASS", cleanup: "done", requests: 1 });
  });

  it("still runs clean-up when a later step fails, and keeps the diagnosis", async () => {
    let cleaned = false;
    const { result } = await run(async (ctx) => {
      ctx.cleanup("close", async () => void (cleaned = true));
      throw new ProbeFailure("the alert never appeared", "check the team");
    });
    expect(cleaned).toBe(true);
    expect(result).toMatchObject({ status: "FAIL", summary: "the alert never appeared", diagnosis: "check the team", cleanup: "done" });
  });

  it("fails a probe whose clean-up fails, even if its steps passed (V5)", async () => {
    const { result } = await run(async (ctx) => {
      ctx.cleanup("resolve incident", async () => {
        throw new Error("incident still open");
      });
      return { status: "PASS", summary: "triggered" };
    });
    expect(result).toMatchObject({ status: "FAIL", cleanup: "failed", summary: 'triggered; clean-up "resolve incident" failed: incident still open' });
  });

  it("keeps HOLD: sent but unconfirmed", async () => {
    const { result } = await run(async () => ({ status: "HOLD", summary: "accepted, not confirmed" }));
    expect(result.status).toBe("HOLD");
  });

  it("stops the steps before the deadline to leave time for clean-up", async () => {
    let cleanupHadTime = 0;
    const { result } = await run(
      async (ctx) => {
        ctx.cleanup("close", async () => void (cleanupHadTime = ctx.deadline.remaining()));
        await sleep(60_000, ctx.deadline.signal);
        throw new ProbeFailure("timed out waiting");
      },
      { deadlineMs: 1_000 },
    );
    expect(cleanupReserveMs(1_000)).toBe(250);
    expect(result.status).toBe("FAIL");
    expect(result.durationMs).toBeLessThan(1_000 + 200);
    expect(cleanupHadTime).toBe(0);
  });

  it("on Ctrl-C stops the probe, runs clean-up and fails with 'interrupted'", async () => {
    const interrupt = new AbortController();
    let cleaned = false;
    setTimeout(() => interrupt.abort(), 100);
    const { result } = await run(
      async (ctx) => {
        ctx.cleanup("close", async () => void (cleaned = true));
        await sleep(60_000, ctx.deadline.signal);
        return { status: "PASS", summary: "would have passed" };
      },
      { interrupt: interrupt.signal },
    );
    expect(cleaned).toBe(true);
    expect(result).toMatchObject({ status: "FAIL", diagnosis: "Interrupted (Ctrl-C); clean-up was attempted." });
  });
});
