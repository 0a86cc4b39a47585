import { type Inventory, emptyInventory } from "../inventory";
import type { LiveSources, Unread } from "./liveSources";
import { readDatadog } from "./readDatadog";
import { readOpsgenie, readSplunk } from "./readOpsgenieSplunk";
import { readPagerduty } from "./readPagerduty";
import { readSentry } from "./readSentry";

/**
 * Reads every account in `sources` at once and puts what they hold in one inventory. A vendor that
 * refuses or cannot be reached is left out of it and listed in `unread` with the vendor's words:
 * the map then shows what the others hold, and says what it could not see.
 */
export async function readInventory(sources: LiveSources): Promise<{ inventory: Inventory; unread: Unread[] }> {
  const inventory = emptyInventory();
  const unread: Unread[] = [];
  const attempt = async <T>(vendor: string, read: () => Promise<T>, merge: (part: T) => void) => {
    try {
      merge(await read());
    } catch (error) {
      unread.push({ vendor, reason: error instanceof Error ? error.message : String(error) });
    }
  };
  await Promise.all([
    ...sources.pagerduty.map((api) =>
      attempt("pagerduty", () => readPagerduty(api), (part) => {
        inventory.pagerduty.services.push(...part.services);
        inventory.pagerduty.escalationPolicies.push(...part.escalationPolicies);
      }),
    ),
    ...sources.datadog.map((target) =>
      attempt("datadog", () => readDatadog(target), (part) => {
        for (const key of Object.keys(part) as (keyof Inventory["datadog"])[]) (inventory.datadog[key] as unknown[]).push(...part[key]);
      }),
    ),
    ...sources.sentry.map((target) =>
      attempt("sentry", () => readSentry(target), (part) => {
        inventory.sentry.organization ??= part.organization;
        Object.assign(inventory.sentry.slackWorkspaces, part.slackWorkspaces);
        inventory.sentry.pagerdutyRows.push(...part.pagerdutyRows);
        inventory.sentry.opsgenieRows.push(...part.opsgenieRows);
        inventory.sentry.alerts.push(...part.alerts);
      }),
    ),
    ...sources.opsgenie.map((target) =>
      attempt("opsgenie", () => readOpsgenie(target), (part) => {
        inventory.opsgenie.teams.push(...part.teams);
        inventory.opsgenie.integrations.push(...part.integrations);
      }),
    ),
    ...sources.splunk.map((target) => attempt("splunk", () => readSplunk(target), (part) => inventory.splunk.tokens.push(...part.tokens))),
  ]);
  return { inventory, unread };
}
