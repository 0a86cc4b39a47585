import type { MockRequest } from "../core/types";

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

/**
 * The body as a JSON object, whatever the Content-Type: the official client sends v1 series as
 * `text/json`, and Datadog reads the body as JSON regardless. Undefined when it is not a JSON object.
 */
export function readObject(request: MockRequest): JsonObject | undefined {
  try {
    const parsed = request.json();
    return isObject(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

export function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((item) => typeof item === "string");
}

export function nonEmptyString(value: unknown): value is string {
  return typeof value === "string" && value.trim() !== "";
}
