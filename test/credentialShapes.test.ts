import { describe, expect, it } from "vitest";
import { credentialShapeOf } from "../config/credentialShapes";
import { describeKey, describeValue } from "../config/describeValue";
import { credentialCanaries } from "./support/credentialCanaries";

describe("credential shapes", () => {
  it.each(Object.entries(credentialCanaries))("recognises %s and labels it for what it is", (_name, canary) => {
    expect(credentialShapeOf(canary.value)).toBe(canary.what);
    expect(credentialShapeOf(`see ${canary.value} here`)).toBe(canary.what);
  });

  it("calls a Sentry DSN a DSN, not the 32-character key inside it", () => {
    expect(credentialShapeOf("https://0123456789abcdef0123456789abcdef@o1.ingest.de.sentry.io/42")).toBe("a Sentry DSN");
  });

  it.each([
    "Checkout API",
    "CheckoutApi2Service1",
    "Platform On-call",
    "PABC123",
    "C0CHECKOUT1",
    "T0EXAMPLE1",
    "payments-worker",
    "operator-wiring-prod",
    "https://splunk.example.com:8088",
    "https://acme.pagerduty.com/schedules#P1ABCDE",
    "abcdefghijklmnopqrstuvwxyzabcdef",
    "Validation target for the operator-wiring runbook.",
  ])("leaves the ordinary setting %j alone", (value) => {
    expect(credentialShapeOf(value)).toBeUndefined();
  });
});

describe("values and keys in messages", () => {
  it.each(Object.entries(credentialCanaries))("never quotes %s", (_name, canary) => {
    expect(describeValue(canary.value)).toBe("a value that looks like a credential (not shown)");
    expect(describeValue(`prefix ${canary.value}`)).toBe("a value that looks like a credential (not shown)");
  });

  it.each([
    ["a non-breaking space", "Checkout\u00a0API", '"Checkout\\u00a0API"'],
    ["a zero-width space", "Checkout\u200bAPI", '"Checkout\\u200bAPI"'],
    ["a byte-order mark", "\ufeffprod", '"\\ufeffprod"'],
    ["a right-to-left mark", "acme\u200f", '"acme\\u200f"'],
    ["a tab", "acme\t", '"acme\\t"'],
  ])("shows %s escaped", (_what, value, shown) => {
    expect(describeValue(value)).toBe(shown);
  });

  it("cuts a long value", () => {
    expect(describeValue("x".repeat(70))).toBe(`"${"x".repeat(60)}…"`);
  });

  it("shows a key up to the segment that looks like a credential", () => {
    expect(describeKey(`operator-wiring:services[0].${credentialCanaries.slackBotToken.value}`)).toBe("operator-wiring:services[0].(a key that looks like a credential, not shown)");
    expect(describeKey(credentialCanaries.datadogApiKey.value)).toBe("(a key that looks like a credential, not shown)");
    expect(describeKey("operator-wiring:routing\u00a0Enabled")).toBe("operator-wiring:routing\\u00a0Enabled");
  });
});
