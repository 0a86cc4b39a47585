/**
 * Shapes of the credentials the six vendors issue. Used to refuse a credential pasted into a
 * plain (unencrypted) config key, and to keep such a value out of every message.
 *
 * Most specific first: a Sentry DSN holds a 32-hex key, a Slack webhook URL holds ids, and
 * each must be named for what it is, not for the key inside it.
 */
const credentialShapes: readonly { what: string; pattern: RegExp }[] = [
  // https://api.slack.com/messaging/webhooks: hooks.slack.com/services/T…/B…/<secret>; workflow
  // and trigger webhooks live beside it (and on slack-gov.com).
  { what: "a Slack webhook URL", pattern: /hooks\.slack(-gov)?\.com\/(services|workflows|triggers)\//i },
  // https://api.slack.com/authentication/token-types: xoxb-, xoxp-, xoxa-, xoxe-, xoxo-, xoxr-, xoxs-; app-level xapp-.
  { what: "a Slack token (xox…)", pattern: /\b(xox[abeoprs]|xoxe\.xox[bp]|xapp)-[0-9A-Za-z-]{8,}/ },
  // https://docs.sentry.io/concepts/key-terms/dsn-explainer/: https://<public key>[:<legacy secret>]@<host>/<project id>.
  { what: "a Sentry DSN", pattern: /\bhttps?:\/\/[0-9a-f]{32}(:[0-9a-f]{32})?@[^/\s]+\/\d+/i },
  // https://docs.sentry.io/account/auth-tokens/: user tokens sntryu_<64 hex>, organization tokens sntrys_<base64>_<secret>.
  { what: "a Sentry user auth token (sntryu_…)", pattern: /\bsntryu_[0-9a-f]{32,}/i },
  { what: "a Sentry organization auth token (sntrys_…)", pattern: /\bsntrys_[A-Za-z0-9+/=_-]{20,}/ },
  { what: "a URL with a password in it", pattern: /\b[a-z][a-z0-9+.-]*:\/\/[^/\s:@]+:[^/\s@]+@/i },
  // Splunk authentication tokens (the management port's Bearer tokens) are JWTs.
  // https://docs.splunk.com/Documentation/Splunk/latest/Security/UseAuthTokens
  { what: "a Splunk management token (a JWT)", pattern: /\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}/ },
  // PagerDuty user-level API tokens start with u+ (https://support.pagerduty.com/main/docs/api-access-keys).
  { what: "a PagerDuty user API token (u+…)", pattern: /(?<![A-Za-z0-9_+-])u\+[A-Za-z0-9_+-]{16,}/ },
  // Datadog client tokens: pub + 32 hex (https://docs.datadoghq.com/account_management/api-app-keys/).
  { what: "a Datadog client token (pub…)", pattern: /\bpub[0-9a-f]{32}\b/i },
  { what: "a Sentry auth token (64 hex characters)", pattern: /\b[0-9a-f]{64}\b/i },
  // Datadog application keys are 40 hex characters, API keys 32 (same page).
  { what: "a Datadog application key (40 hex characters)", pattern: /\b[0-9a-f]{40}\b/i },
  { what: "a 32-character key (a Datadog API key or a PagerDuty routing key)", pattern: /\b[0-9a-f]{32}\b/i },
  // PagerDuty Events API v2 routing (integration) keys: 32 letters and digits.
  { what: "a PagerDuty routing key (32 letters and digits)", pattern: /\b(?=[A-Za-z0-9]{0,31}[0-9])(?=[A-Za-z0-9]{0,31}[A-Za-z])[A-Za-z0-9]{32}\b/ },
  // Opsgenie API keys and Splunk HEC tokens are both UUIDs: they cannot be told apart by shape.
  { what: "a UUID-shaped key (an Opsgenie API key or a Splunk HEC token)", pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i },
];

/**
 * PagerDuty REST API keys are 20 random characters from letters, digits, `_`, `+` and `-`
 * (e.g. `y_NbAkKc66ryYTWUXYEu`). Twenty such characters are also a plausible name, so a word
 * counts only when it mixes character classes the way random text does: both cases, and the
 * class (lower, upper, digit, symbol) changing at least 8 times. `CheckoutApi2Service1`
 * changes 7 times and stays a name.
 */
function pagerdutyRestKeyAt(value: string): number | undefined {
  for (const match of value.matchAll(/(?<![A-Za-z0-9_+-])[A-Za-z0-9_+-]{20}(?![A-Za-z0-9_+-])/g)) {
    const word = match[0];
    if (!/[a-z]/.test(word) || !/[A-Z]/.test(word)) continue;
    const classes = [...word].map((c) => (/[a-z]/.test(c) ? "l" : /[A-Z]/.test(c) ? "u" : /[0-9]/.test(c) ? "d" : "s"));
    const changes = classes.filter((c, i) => i > 0 && c !== classes[i - 1]).length;
    if (changes >= 8) return match.index;
  }
  return undefined;
}

/** The first credential in `value`: what it looks like and where it starts. */
export function findCredential(value: string): { what: string; index: number } | undefined {
  for (const shape of credentialShapes) {
    const match = shape.pattern.exec(value);
    if (match) return { what: shape.what, index: match.index };
  }
  const index = pagerdutyRestKeyAt(value);
  return index === undefined ? undefined : { what: "a PagerDuty REST API key (20 characters)", index };
}

/** What kind of credential `value` looks like, or undefined when it looks like none. */
export function credentialShapeOf(value: string): string | undefined {
  return findCredential(value)?.what;
}
