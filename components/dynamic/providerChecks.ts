/**
 * What the Sentry dynamic providers' `check` and `diff` share: Pulumi's unknown-value placeholder,
 * structural comparison of olds and news, and the failure list a `check` returns.
 *
 * Closure rule as in vendors/sentry/sentryApi.ts: plain functions that a provider file binds to
 * local constants, using only globals, never an import.
 */

/** Pulumi's placeholder for a value not known until apply (what `diff`/`check` see in a preview). */
export const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

/** True when the value, or anything inside it, is unknown in this preview. */
export function containsUnknown(value: unknown): boolean {
  if (value === unknownValue) return true;
  if (Array.isArray(value)) return value.some(containsUnknown);
  if (value !== null && typeof value === "object") return Object.values(value).some(containsUnknown);
  return false;
}

/** Structural equality that ignores key order (state round-trips through protobuf Structs). */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (Array.isArray(a) || Array.isArray(b)) {
    return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((item, i) => sameValue(item, b[i]));
  }
  if (a !== null && b !== null && typeof a === "object" && typeof b === "object") {
    const keysA = Object.keys(a).filter((k) => (a as Record<string, unknown>)[k] !== undefined);
    const keysB = Object.keys(b).filter((k) => (b as Record<string, unknown>)[k] !== undefined);
    return keysA.length === keysB.length && keysA.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
  }
  return false;
}

/**
 * The fields among `fields` whose new value differs from the old one or is unknown in this
 * preview (an unknown value is a change: it can only be compared once it is known).
 */
export function changedFields(olds: Record<string, unknown>, news: Record<string, unknown>, fields: readonly string[]): string[] {
  return fields.filter((field) => containsUnknown(news[field]) || !sameValue(olds[field], news[field]));
}

/** A copy without the keys whose value is undefined: Pulumi's protobuf Struct refuses undefined ("Unexpected struct type"). */
export function definedOnly<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

/** Waits; used between read-modify-write attempts. */
export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** A `check` failure list builder that skips values unknown in this preview (they are checked once known). */
export function failureCollector(news: Record<string, unknown>): {
  failures: { property: string; reason: string }[];
  expect(property: string, ok: (value: unknown) => boolean, reason: string, value?: unknown): void;
} {
  const failures: { property: string; reason: string }[] = [];
  return {
    failures,
    expect(property, ok, reason, value = news[property]) {
      if (!containsUnknown(value) && !ok(value)) failures.push({ property, reason });
    },
  };
}

/** A string with something besides whitespace. */
export function isText(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}

/** An absolute http(s) URL. */
export function isHttpUrl(value: unknown): boolean {
  if (typeof value !== "string") return false;
  try {
    const url = new URL(value);
    return url.protocol === "https:" || url.protocol === "http:";
  } catch {
    return false;
  }
}
