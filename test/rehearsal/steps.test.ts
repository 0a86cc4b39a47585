import { describe, expect, it } from "vitest";
import { StepBlocked, StepChain, StepFailed, type StepResult } from "../../rehearsal/steps";

function chain(): { chain: StepChain; printed: StepResult[] } {
  const printed: StepResult[] = [];
  return { chain: new StepChain("dev", "whole stack", (r) => printed.push(r)), printed };
}

describe("a chain of steps", () => {
  it("records each step's detail and prints it as it ends", async () => {
    const { chain: c, printed } = chain();
    expect(await c.run("preview", async () => "12 resources")).toBe("PASS");
    expect(printed.map((r) => [r.stack, r.part, r.step, r.status, r.detail])).toEqual([["dev", "whole stack", "preview", "PASS", "12 resources"]]);
  });

  it.each([
    ["fails", new StepFailed("expected 3 rows, found 2"), "FAIL", "not run: up failed"],
    ["crashes", new Error("ECONNREFUSED"), "FAIL", "not run: up failed"],
    ["cannot run here", new StepBlocked("needs pulumi-resource-pagerduty"), "BLOCKED", "not run: up was blocked"],
  ])("stops when a step %s: every later step is BLOCKED, naming it", async (_, error, status, later) => {
    const { chain: c } = chain();
    await c.run("up", () => Promise.reject(error));
    let ran = false;
    expect(
      await c.run("destroy", async () => {
        ran = true;
        return "";
      }),
    ).toBe("BLOCKED");
    expect(ran).toBe(false);
    expect(c.results.map((r) => [r.step, r.status, r.detail])).toEqual([
      ["up", status, error.message],
      ["destroy", "BLOCKED", later],
    ]);
  });
});
