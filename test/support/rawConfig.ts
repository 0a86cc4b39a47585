import type { RawStackConfig } from "../../config/checkCredentials";
import { testCredentials } from "./testCredentials";

/** A minimal valid service, as a stack file would hold it. */
export const validService = {
  name: "Checkout API",
  escalationPolicy: { existing: { name: "Platform On-call" } },
};

/**
 * A valid raw config for `stack`, with project keys replaced by `project` (undefined
 * removes a key) and any other full keys set by `extra`.
 */
export function rawConfig(
  stack: string,
  project: Record<string, unknown> = {},
  extra: { values?: Record<string, string>; secretKeys?: string[]; env?: Record<string, string>; omitCredentials?: boolean } = {},
): RawStackConfig {
  const projectValues: Record<string, unknown> = { services: [validService], ...project };
  const values: Record<string, string> = extra.omitCredentials ? {} : { ...testCredentials };
  for (const [key, value] of Object.entries(projectValues)) {
    if (value !== undefined) values[`operator-wiring:${key}`] = typeof value === "string" ? value : JSON.stringify(value);
  }
  Object.assign(values, extra.values);
  const secretKeys = new Set([...(extra.omitCredentials ? [] : Object.keys(testCredentials)), ...(extra.secretKeys ?? [])]);
  return { stack, values, secretKeys, env: extra.env ?? {} };
}
