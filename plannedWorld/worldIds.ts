import { createHash } from "node:crypto";

/**
 * Ids and keys for the planned world, shaped as each vendor issues them and derived from what
 * they name (stack and resource name, or a name shared across stacks), so one plan always gives
 * one world: a test and a rerun see the same ids.
 */
const digest = (seed: string): string => createHash("sha256").update(seed).digest("hex");

const base36 = (hex: string, length: number): string => BigInt(`0x${hex}`).toString(36).toUpperCase().padStart(length, "0").slice(0, length);

export const worldIds = {
  /** A PagerDuty object id: `P` and six upper-case letters or digits. */
  pagerduty: (seed: string): string => `P${base36(digest(`pd:${seed}`), 6)}`,
  /** An Events API v2 routing key: 32 letters and digits. */
  routingKey: (seed: string): string => digest(`key:${seed}`).slice(0, 32),
  /** A UUID (Opsgenie team, integration and key ids, Splunk tokens), version 4 in shape. */
  uuid: (seed: string): string => {
    const h = digest(`uuid:${seed}`);
    return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-8${h.slice(17, 20)}-${h.slice(20, 32)}`;
  },
  /** A Slack workspace (`T…`) or channel (`C…`) id. */
  slack: (prefix: "T" | "C", seed: string): string => `${prefix}0${base36(digest(`slack:${seed}`), 9)}`,
};
