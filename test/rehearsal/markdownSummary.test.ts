import { describe, expect, it } from "vitest";
import { commentMarker, markdownSummary } from "../../rehearsal/markdownSummary";

describe("the rehearsal's Markdown summary", () => {
  const markdown = markdownSummary(
    [
      { stack: "dev", part: "whole stack", step: "preview", status: "BLOCKED", seconds: 2.34, detail: "needs pulumi-resource-pagerduty | 3.4.0\nsecond line" },
      { stack: "dev", part: "dynamic providers", step: "up", status: "PASS", seconds: 4, detail: "4 create" },
    ],
    { version: "3.248.0", source: "toolchain" },
  );

  it("starts with the marker the workflow finds its comment by", () => {
    expect(markdown.split("\n")[0]).toBe(commentMarker);
  });

  it("has the totals and one table row per step, details on one line with pipes escaped", () => {
    expect(markdown).toContain("**1 passed, 0 failed, 1 blocked**");
    expect(markdown.split("\n").filter((l) => l.startsWith("| dev"))).toEqual([
      "| dev | whole stack | preview | BLOCKED | 2.3 | needs pulumi-resource-pagerduty \\| 3.4.0 |",
      "| dev | dynamic providers | up | PASS | 4.0 | 4 create |",
    ]);
  });
});
