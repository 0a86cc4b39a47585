/**
 * Read-modify-write of a table inside a Sentry integration's organisation config: PagerDuty's
 * `service_table` and Opsgenie's `team_table`. Sentry takes only the whole table (rows left out
 * are deleted), so every change reads the table, posts it back changed, and reads it again.
 *
 * Closure rule as in vendors/sentry/sentryApi.ts: plain functions that a provider file binds to local constants,
 * and that reach sentryApi only through the constants bound below, so the closure serializer
 * copies them by their source instead of meeting a module object.
 */
import type * as pulumi from "@pulumi/pulumi";
import * as sentryApi from "../../vendors/sentry/sentryApi";
import * as providerChecks from "./providerChecks";

const sentryRequest = sentryApi.sentryRequest;
const isNotFound = sentryApi.isNotFound;
const segment = sentryApi.segment;
const sleep = providerChecks.sleep;

/** Where a table lives: the organisation's installed integration. */
export interface TableLocation {
  apiUrl: string;
  organization: string;
  integrationId: string;
}

/** The arguments every table-row resource starts with. */
export interface SentryTableRowArgs {
  /**
   * Sentry's web API base: `https://sentry.io/api/0`, a region host (`https://us.sentry.io/api/0`,
   * `https://de.sentry.io/api/0`), a self-hosted Sentry's `/api/0`, or a mock's. Changing it
   * updates in place (the same Sentry under another host).
   */
  apiUrl: pulumi.Input<string>;
  /** The organisation slug (or id). Changing it replaces the row (a new row in the other organisation's table). */
  organization: pulumi.Input<string>;
}

/** What tells one integration's table from another's. */
export interface TableKind<Row> {
  /** Sentry's provider key, as `?providerKey=` takes it: `pagerduty`. */
  provider: string;
  /** The vendor as Sentry names it: `PagerDuty`. */
  vendor: string;
  /** The `configData` field that holds the table, also the key of the POST body: `service_table`. */
  field: string;
  /** The table in messages: `service table`. */
  noun: string;
  /** How a person installs the integration, for the hint when it is missing. */
  installHint: string;
  /** A row of the expected shape; other entries are left out of what the provider sees. */
  isRow(value: unknown): value is Row;
  /** The row's integration key, kept out of every error message. */
  secret(row: Row): string;
}

export interface Convergence<Row, T> {
  /** The change, for the message when it keeps being undone: `Adding "checkout" to Sentry`. */
  what: string;
  /** What to return when the integration is gone; unset: that is an error. */
  gone?: () => T;
  /** The result when the table already shows the change, else undefined. */
  done(table: Row[]): T | undefined;
  /** The whole table to post (may throw: conflict, row gone). */
  rewrite(table: Row[]): Row[];
}

/** Read-modify-write rounds before giving up: each lost round means another writer replaced the table meanwhile. */
const maxAttempts = 5;
/**
 * How long after a write the table is read once more. A writer that read the table before our
 * write and posts after it removes our row; that happens within its own read-to-write gap, so a
 * second look after this pause catches it (a gap longer than this goes unnoticed until refresh).
 */
const settleMs = 1_000;

function integrationPath(where: TableLocation): string {
  return `/organizations/${segment(where.organization)}/integrations/${segment(where.integrationId)}/`;
}

function listHint<Row>(kind: TableKind<Row>, where: TableLocation): string {
  return `use the id that GET /api/0/organizations/${where.organization}/integrations/?providerKey=${kind.provider} lists.`;
}

/** `the PagerDuty service table of Sentry integration 5 (organization "acme")`. */
export function tableName<Row>(kind: TableKind<Row>, where: TableLocation): string {
  return `the ${kind.vendor} ${kind.noun} of Sentry integration ${where.integrationId} (organization "${where.organization}")`;
}

function notInstalled<Row>(kind: TableKind<Row>, where: TableLocation): Error {
  return new Error(`Sentry organization "${where.organization}" has no integration ${where.integrationId} (404). Hint: ${kind.installHint}; then ${listHint(kind, where)}`);
}

/** The table, or undefined when the organisation or integration is gone (404). Refuses an integration of another provider. */
export async function fetchTable<Row>(kind: TableKind<Row>, where: TableLocation): Promise<Row[] | undefined> {
  let body: unknown;
  try {
    body = (await sentryRequest({ apiUrl: where.apiUrl, method: "GET", path: integrationPath(where) })).body;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const integration = (body ?? {}) as { provider?: { key?: string }; configData?: Record<string, unknown> | null };
  if (integration.provider?.key !== kind.provider) {
    throw new Error(
      `Sentry integration ${where.integrationId} in organization "${where.organization}" is a ${integration.provider?.key ?? "unknown"} integration, not ${kind.vendor}. ` +
        `Hint: ${listHint(kind, where)}`,
    );
  }
  const rows = integration.configData?.[kind.field];
  return (Array.isArray(rows) ? rows : []).filter((row): row is Row => kind.isRow(row));
}

/**
 * This process's writes to one table, one after another. One plugin process serves every dynamic
 * resource of a stack and Pulumi runs their steps in parallel; queued, they do not undo each other.
 * Writers in other processes (other stacks) are handled by the verify-and-retry in `convergeTable`.
 * The queue lives on globalThis: each provider's serialized copy of this function is its own.
 */
async function withTableLock<T>(where: TableLocation, work: () => Promise<T>): Promise<T> {
  const global = globalThis as typeof globalThis & { __operatorWiringSentryTableLocks?: Map<string, Promise<unknown>> };
  const locks = (global.__operatorWiringSentryTableLocks ??= new Map<string, Promise<unknown>>());
  const key = `${where.apiUrl.replace(/\/+$/, "")}|${where.organization}|${where.integrationId}`;
  const current = (locks.get(key) ?? Promise.resolve()).then(work);
  const tail = current.catch(() => undefined);
  locks.set(key, tail);
  try {
    return await current;
  } finally {
    if (locks.get(key) === tail) locks.delete(key);
  }
}

/**
 * One change to the table: read right before writing, write, read again, and read once more
 * after `settleMs`. A concurrent writer that undid the change costs a round; `maxAttempts` rounds
 * at most. Nothing is written when the table already shows the change. This process's lock is
 * held for the read, the write and the read back, not for the pause before the last read: the
 * stack's other rows are written meanwhile (each after this write, so keeping this row), instead
 * of one a second (issue 12: a stack of 100 services waited 100 s on its own pauses).
 */
export async function convergeTable<Row, T>(kind: TableKind<Row>, where: TableLocation, plan: Convergence<Row, T>): Promise<T> {
  const table = async (): Promise<Row[] | undefined> => {
    const rows = await fetchTable(kind, where);
    if (rows === undefined && !plan.gone) throw notInstalled(kind, where);
    return rows;
  };
  for (let attempt = 1; attempt <= maxAttempts; attempt++) {
    const round = await withTableLock(where, async (): Promise<{ result: T } | { written: boolean }> => {
      const before = await table();
      if (before === undefined) return { result: plan.gone!() };
      const already = plan.done(before);
      // Nothing of ours written yet and nothing to write: no write to verify either.
      if (already !== undefined && attempt === 1) return { result: already };
      if (already === undefined) {
        const rows = plan.rewrite(before);
        try {
          await sentryRequest({
            apiUrl: where.apiUrl,
            method: "POST",
            path: integrationPath(where),
            body: { [kind.field]: rows },
            redact: [...before, ...rows].map((row) => kind.secret(row)),
          });
        } catch (error) {
          if (isNotFound(error) && plan.gone) return { result: plan.gone() };
          throw isNotFound(error) ? notInstalled(kind, where) : error;
        }
      }
      const after = await table();
      if (after === undefined) return { result: plan.gone!() };
      return { written: plan.done(after) !== undefined };
    });
    if ("result" in round) return round.result;
    if (round.written) {
      await sleep(settleMs);
      const settled = await table();
      if (settled === undefined) return plan.gone!();
      const result = plan.done(settled);
      if (result !== undefined) return result;
    }
    // Jittered, so two stacks that collided do not collide again in lockstep.
    await sleep(200 * attempt + Math.floor(Math.random() * 300));
  }
  throw new Error(
    `${plan.what}: ${tableName(kind, where)} kept changing under this write (${maxAttempts} read-modify-write rounds lost to other writers). ` +
      "Hint: another stack or a person is editing the table right now; run the update again.",
  );
}
