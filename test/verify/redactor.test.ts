import { describe, expect, it } from "vitest";
import { Redactor } from "../../verify/redactor";

describe("Redactor", () => {
  it("removes registered secrets wherever they appear", () => {
    const redactor = new Redactor();
    redactor.add("canary-routing-key-0000000000000");
    expect(redactor.redact('sent {"routing_key":"canary-routing-key-0000000000000"} and canary-routing-key-0000000000000')).toBe(
      'sent {"routing_key":"[redacted]"} and [redacted]',
    );
  });

  it("removes a webhook URL whole and its secret path alone", () => {
    const redactor = new Redactor();
    const url = "https://hooks.example.invalid/services/T0CANARY/B0CANARY/canarysecretpart";
    redactor.add(url);
    expect(redactor.redact(`POST ${url} and /services/T0CANARY/B0CANARY/canarysecretpart`)).toBe("POST [redacted] and [redacted]");
  });

  it("removes a DSN's public key", () => {
    const redactor = new Redactor();
    redactor.add("https://0123456789abcdef0123456789abcdef@o1.ingest.us.sentry.io/42");
    expect(redactor.redact("key 0123456789abcdef0123456789abcdef")).toBe("key [redacted]");
  });

  it.each([
    ["Authorization: GenieKey 11111111-2222-3333-4444-555555555555", "Authorization: GenieKey [redacted]"],
    ["Authorization: Splunk 11111111-2222-3333-4444-555555555555", "Authorization: Splunk [redacted]"],
    ["Authorization: Token token=abcdefghij0123456789", "Authorization: Token token=[redacted]"],
    ["/api/1/envelope/?sentry_key=abc123&sentry_version=7", "/api/1/envelope/?sentry_key=[redacted]&sentry_version=7"],
    ["POST http://127.0.0.1:4811/services/T0MOCK000/B0MOCK000/secretpart", "POST http://127.0.0.1:4811/services/T0MOCK000/B0MOCK000/[redacted]"],
  ])("masks secret shapes it was not told about: %s", (text, expected) => {
    expect(new Redactor().redact(text)).toBe(expected);
  });

  it("leaves ordinary words after a scheme name alone", () => {
    expect(new Redactor().redact("probing Splunk HEC (mock mode); Verdict: FAIL (Splunk failed)")).toBe("probing Splunk HEC (mock mode); Verdict: FAIL (Splunk failed)");
  });
});
