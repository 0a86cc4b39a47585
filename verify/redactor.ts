/**
 * Removes secrets from every line verify prints or logs (requirement V8): the exact values
 * it was given (routing keys, API keys, DSN keys, webhook URLs, HEC tokens), and anything
 * shaped like one, in case a vendor echoes a key back in a body.
 */
export class Redactor {
  #secrets: string[] = [];

  /** Registers a secret; the URL's secret parts are registered too. */
  add(value: string | undefined): void {
    if (!value || value.length < 6) return;
    this.#secrets.push(value);
    try {
      const url = new URL(value);
      if (url.username) this.#secrets.push(url.username);
      if (url.password) this.#secrets.push(url.password);
      if (url.hostname === "hooks.slack.com" || url.pathname.startsWith("/services/")) this.#secrets.push(url.pathname);
    } catch {
      // Not a URL: the value alone is the secret.
    }
    // Longest first, so a URL is replaced whole before its parts.
    this.#secrets.sort((a, b) => b.length - a.length);
  }

  redact(text: string): string {
    let out = text;
    for (const secret of this.#secrets) out = out.split(secret).join("[redacted]");
    return out
      .replace(/(\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/)[A-Za-z0-9]+/g, "$1[redacted]")
      // Credential schemes, only where a credential-shaped value follows (not "Splunk HEC").
      .replace(/(GenieKey |Splunk )[0-9a-f]{8}-[0-9a-f-]{27}/gi, "$1[redacted]")
      .replace(/(Token token=)[^\s"',]+/gi, "$1[redacted]")
      .replace(/(Bearer )[A-Za-z0-9._~+/=-]{16,}/g, "$1[redacted]")
      .replace(/(sentry_key=|"routing_key":\s*"|dd-api-key":\s*"|dd-application-key":\s*")[^&\s"]+/gi, "$1[redacted]")
      .replace(/\/\/[0-9a-f]{32}@/gi, "//[redacted]@");
  }
}
