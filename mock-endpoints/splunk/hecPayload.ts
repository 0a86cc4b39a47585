import type { EventRefusal } from "./errors";
import type { HecToken } from "./state";

/** An event object from a `/services/collector/event` body, metadata not yet resolved. */
export interface HecEventObject {
  event?: unknown;
  time?: unknown;
  host?: unknown;
  source?: unknown;
  sourcetype?: unknown;
  index?: unknown;
  fields?: unknown;
}

/**
 * Where the JSON value starting at `start` ends: HEC bodies are JSON objects concatenated
 * with or without whitespace (`{"event":1}{"event":2}`), which JSON.parse cannot split.
 * Returns -1 when the text ends inside the value.
 */
function endOfObject(text: string, start: number): number {
  let depth = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x7b || c === 0x5b) depth++;
    else if (c === 0x7d || c === 0x5d) {
      depth--;
      if (depth === 0) return i + 1;
    }
  }
  return -1;
}

/**
 * Splits a body into event objects, calling `each` in order; stops at the first refusal.
 * Only objects are events: a top-level array, string or number is code 6 (the documented
 * batch format is concatenated objects; whether splunkd unrolls an array is unconfirmed).
 */
export function forEachEventObject(body: string, each: (object: HecEventObject, position: number) => EventRefusal | undefined): EventRefusal | undefined {
  let position = 0;
  let i = 0;
  while (i < body.length) {
    while (i < body.length && /\s/.test(body[i])) i++;
    if (i >= body.length) break;
    if (body[i] !== "{") return { code: 6, position };
    const end = endOfObject(body, i);
    if (end < 0) return { code: 6, position };
    let parsed: unknown;
    try {
      parsed = JSON.parse(body.slice(i, end));
    } catch {
      return { code: 6, position };
    }
    const refusal = each(parsed as HecEventObject, position);
    if (refusal) return refusal;
    position++;
    i = end;
  }
  return undefined;
}

function isBlank(value: unknown): boolean {
  if (value === null) return true;
  if (typeof value === "string") return value.trim() === "";
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === "object") return Object.keys(value as object).length === 0;
  return false;
}

/** `time` as epoch seconds: a number or a numeric string (splunk-logging sends "1712345678.123"). */
export function epochSeconds(value: unknown): number | null | undefined {
  if (value === undefined || value === null) return null;
  const number = typeof value === "number" ? value : typeof value === "string" && value.trim() !== "" ? Number(value) : NaN;
  return Number.isFinite(number) ? number : undefined;
}

/** Indexed fields are flat: string or number values, or arrays of them (nested objects are refused). */
function validFields(fields: unknown): boolean {
  if (typeof fields !== "object" || fields === null || Array.isArray(fields)) return false;
  const flat = (v: unknown) => typeof v === "string" || typeof v === "number";
  return Object.values(fields).every((v) => flat(v) || (Array.isArray(v) && v.every(flat)));
}

/** Whether a token may write to `index`: its allowed list, or any index when the list is empty. */
export function indexAllowed(token: HecToken, index: string): boolean {
  return token.indexes.length === 0 || index === token.index || token.indexes.includes(index);
}

/**
 * The refusal code for one event object, in splunkd's order: event missing (12) or blank
 * (13), metadata not strings (6), `time` not numeric or `fields` not flat (15, as a splunkd
 * probe reported; unconfirmed in the docs), index outside the token's list (7).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/FormateventsforHTTPEventCollector ("Event metadata")
 */
export function eventRefusalCode(object: HecEventObject, token: HecToken): EventRefusal["code"] | undefined {
  if (!("event" in object)) return 12;
  if (isBlank(object.event)) return 13;
  for (const key of ["host", "source", "sourcetype", "index"] as const) {
    if (object[key] !== undefined && typeof object[key] !== "string") return 6;
  }
  if (epochSeconds(object.time) === undefined) return 15;
  if (object.fields !== undefined && !validFields(object.fields)) return 15;
  const index = (object.index as string | undefined) || token.index;
  if (!indexAllowed(token, index)) return 7;
  return undefined;
}
