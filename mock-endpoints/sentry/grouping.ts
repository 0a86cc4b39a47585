import type { Grouping, ReceivedEvent } from "./state";

type Json = Record<string, unknown>;

const isStrings = (value: unknown): value is string[] => Array.isArray(value) && value.length > 0 && value.every((v) => typeof v === "string");

/**
 * How Sentry would group the event, reduced to what the mock needs: an explicit `fingerprint`
 * (without `{{ default }}`) is the group; otherwise the exception's type and value (the mock keeps
 * no stack traces, Sentry's first choice), or the message. The title is Sentry's for an error
 * (`<type>: <value>`) or the message; the culprit is the transaction, as the SDKs set it.
 * @see https://docs.sentry.io/concepts/data-management/event-grouping/
 */
export function groupingOf(event: Json, record: ReceivedEvent): Grouping {
  const exception = record.exception;
  const title = exception ? `${exception.type ?? "Error"}: ${exception.value ?? ""}` : (record.message ?? "<unlabeled event>");
  const culprit = typeof event.transaction === "string" ? event.transaction : typeof event.culprit === "string" ? event.culprit : "";
  const fingerprint = event.fingerprint;
  if (isStrings(fingerprint) && !fingerprint.includes("{{ default }}")) return { key: `fingerprint:${fingerprint.join("\u0000")}`, title, culprit };
  const key = exception ? `exception:${exception.type ?? ""}:${exception.value ?? ""}` : `message:${record.message ?? ""}`;
  return { key, title, culprit };
}
