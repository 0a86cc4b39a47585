/**
 * Shapes of the credentials this project handles. Used to refuse a credential pasted into
 * a plain (unencrypted) config key, and to keep such a value out of every message.
 */
const credentialShapes: readonly { what: string; pattern: RegExp }[] = [
  { what: "a Slack webhook URL", pattern: /hooks\.slack\.com\/(services|workflows)\//i },
  { what: "a Slack token", pattern: /\bxox[abeoprs]-[0-9A-Za-z-]{8,}/ },
  // PagerDuty integration (routing) keys and Datadog API keys are 32 hex characters;
  // Datadog application keys are 40.
  { what: "a 32-character key (PagerDuty routing key or Datadog API key)", pattern: /\b[0-9a-f]{32}\b/i },
  { what: "a 40-character key (Datadog application key)", pattern: /\b[0-9a-f]{40}\b/i },
  { what: "a PagerDuty user API token", pattern: /\bu\+[A-Za-z0-9_-]{16,}/ },
  { what: "a Sentry DSN", pattern: /https?:\/\/[0-9a-f]{32}@[^/\s]+\/\d+/i },
  { what: "a Splunk HEC token", pattern: /\b[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b/i },
];

/** What kind of credential `value` looks like, or undefined when it looks like none. */
export function credentialShapeOf(value: string): string | undefined {
  return credentialShapes.find((shape) => shape.pattern.test(value))?.what;
}
