import type { EventAction, Severity } from "./state";

/** Events API payload limit. @see https://developer.pagerduty.com/docs/events-api-v2/overview/ ("Size Limits") */
export const maxEventBytes = 512 * 1024;
export const maxSummaryLength = 1024;
export const maxDedupKeyLength = 255;

const actions: EventAction[] = ["trigger", "acknowledge", "resolve"];
const severities: Severity[] = ["critical", "error", "warning", "info"];
const alphanumeric = /^[A-Za-z0-9]*$/;

/**
 * PagerDuty's Events v2 validation messages. Confirmed from live responses quoted in public
 * issues: the two routing-key messages (blockpane/tenderduty#10, envato/pagerduty#70),
 * `'payload.source' is missing or blank` (solana-developer-platform#576), both severity messages
 * (SigNoz#9536, robusta#1153, prometheus/alertmanager#3902), `'event_action' is missing or blank`
 * (go-pagerduty's events tests). The rest are (unconfirmed), worded after those.
 */
export const eventErrors = {
  routingKeyBlank: "'routing_key' cannot be blank", // (unconfirmed)
  routingKeyLength: "Length of 'routing_key' is incorrect (should be 32 characters)",
  routingKeyCharacters: "'routing_key' cannot contain non-alphanumeric characters.",
  eventActionBlank: "'event_action' is missing or blank",
  eventActionInvalid: "'event_action' is invalid (must be one of the following: 'trigger', 'acknowledge' or 'resolve')", // (unconfirmed)
  dedupKeyBlank: "'dedup_key' is missing or blank", // (unconfirmed) the docs say it is required unless triggering
  dedupKeyTooLong: `'dedup_key' is too long (maximum is ${maxDedupKeyLength} characters)`, // (unconfirmed)
  missing: (field: "summary" | "source" | "severity") => `'payload.${field}' is missing or blank`, // summary: (unconfirmed)
  severityInvalid: "'payload.severity' is invalid (must be one of the following: 'critical', 'warning', 'error' or 'info')",
  // (unconfirmed) livepeer/stream-tester#354 quotes "'summary' is too long (maiximum is 1024 characters)".
  summaryTooLong: `'payload.summary' is too long (maximum is ${maxSummaryLength} characters)`,
  // (unconfirmed) PagerDuty enforces 512 KB (prometheus/alertmanager#2178) and answers 400; wording is the mock's.
  tooLarge: `Event object is too large (maximum is ${maxEventBytes / 1024} KB)`,
};

/** An event that passed validation. */
export interface ValidEvent {
  routingKey: string;
  action: EventAction;
  dedupKey?: string;
  summary?: string;
  severity?: Severity;
}

const blank = (value: unknown): boolean => typeof value !== "string" || value.trim() === "";

/**
 * Checks an event as PagerDuty does, collecting every problem (PagerDuty lists them all in
 * `errors`, routing key first). Only a trigger needs a payload.
 */
export function validateEvent(event: Record<string, unknown>): { event: ValidEvent } | { errors: string[] } {
  const errors: string[] = [];
  const { routing_key: routingKey, event_action: action, dedup_key: dedupKey } = event;

  if (blank(routingKey)) errors.push(eventErrors.routingKeyBlank);
  else {
    if ((routingKey as string).length !== 32) errors.push(eventErrors.routingKeyLength);
    if (!alphanumeric.test(routingKey as string)) errors.push(eventErrors.routingKeyCharacters);
  }

  if (blank(action)) errors.push(eventErrors.eventActionBlank);
  else if (!actions.includes(action as EventAction)) errors.push(eventErrors.eventActionInvalid);

  if (typeof dedupKey === "string" && dedupKey.length > maxDedupKeyLength) errors.push(eventErrors.dedupKeyTooLong);
  if ((action === "acknowledge" || action === "resolve") && blank(dedupKey)) errors.push(eventErrors.dedupKeyBlank);

  let summary: string | undefined;
  let severity: Severity | undefined;
  if (action === "trigger") {
    const payload = (typeof event.payload === "object" && event.payload !== null ? event.payload : {}) as Record<string, unknown>;
    if (blank(payload.summary)) errors.push(eventErrors.missing("summary"));
    else if ((payload.summary as string).length > maxSummaryLength) errors.push(eventErrors.summaryTooLong);
    if (blank(payload.source)) errors.push(eventErrors.missing("source"));
    if (blank(payload.severity)) errors.push(eventErrors.missing("severity"));
    else if (!severities.includes(payload.severity as Severity)) errors.push(eventErrors.severityInvalid);
    summary = payload.summary as string;
    severity = payload.severity as Severity;
  }

  if (errors.length > 0) return { errors };
  return {
    event: {
      routingKey: routingKey as string,
      action: action as EventAction,
      dedupKey: blank(dedupKey) ? undefined : (dedupKey as string),
      summary,
      severity,
    },
  };
}
