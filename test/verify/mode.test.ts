import { describe, expect, it } from "vitest";
import { parseMode } from "../../verify/mode";
import { UsageError } from "../../verify/usageError";

const allMock = { slack: "mock", sentry: "mock", pagerduty: "mock", opsgenie: "mock", datadog: "mock", splunk: "mock" };

describe("OPERATOR_WIRING_MODE", () => {
  it("defaults to mock for every integration", () => {
    expect(parseMode(undefined)).toEqual(allMock);
    expect(parseMode("")).toEqual(allMock);
    expect(parseMode("mock")).toEqual(allMock);
  });

  it("real_<name> makes that integration real and leaves the rest on the mocks", () => {
    expect(parseMode("real_slack")).toEqual({ ...allMock, slack: "real" });
  });

  it("joins several with commas", () => {
    expect(parseMode("real_slack, real_datadog")).toEqual({ ...allMock, slack: "real", datadog: "real" });
  });

  it("real_all makes every integration real", () => {
    expect(Object.values(parseMode("real_all"))).toEqual(Array(6).fill("real"));
  });

  it.each(["real", "real_jira", "production", "REAL_SLACK"])("refuses %j with the fix", (value) => {
    expect(() => parseMode(value)).toThrow(UsageError);
    expect(() => parseMode(value)).toThrow(
      `OPERATOR_WIRING_MODE: "${value}" is not a mode. Hint: use mock, real_all, or real_<name> with a name from slack, sentry, pagerduty, opsgenie, datadog, splunk (e.g. export OPERATOR_WIRING_MODE=real_slack).`,
    );
  });
});
