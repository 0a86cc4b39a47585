import * as pulumi from "@pulumi/pulumi";
import * as sentryApi from "./sentryApi";

// Bound to locals so the closure serializer copies these functions into the state; a captured
// import would be a module object it cannot copy (see sentryApi.ts).
const sentryRequest = sentryApi.sentryRequest;
const isNotFound = sentryApi.isNotFound;
const segment = sentryApi.segment;
const changedFields = sentryApi.changedFields;
const failureCollector = sentryApi.failureCollector;
const isText = sentryApi.isText;
const isHttpUrl = sentryApi.isHttpUrl;
const sleep = sentryApi.sleep;

/** The inputs as the provider receives them: resolved, the integration key in clear. */
export interface SentryServiceTableRowInputs {
  apiUrl: string;
  organization: string;
  integrationId: string;
  service: string;
  integrationKey: string;
}

export interface SentryServiceTableRowOutputs extends SentryServiceTableRowInputs {
  /** Sentry's id of the row (an integer there), as a string: what an alert action's target names. */
  rowId: string;
}

/** One row of `configData.service_table`. */
interface ServiceRow {
  id: number;
  service: string;
  integration_key: string;
}

type Where = Pick<SentryServiceTableRowInputs, "apiUrl" | "organization" | "integrationId">;

/** Read-modify-write rounds before giving up: each lost round means another writer replaced the table meanwhile. */
const maxAttempts = 5;
/**
 * How long after a write the table is read once more. A writer that read the table before our
 * write and posts after it removes our row; that happens within its own read-to-write gap, so a
 * second look after this pause catches it (a gap longer than this goes unnoticed until refresh).
 */
const settleMs = 1_000;

const integrationPath = (where: Where): string => `/organizations/${segment(where.organization)}/integrations/${segment(where.integrationId)}/`;
const tableName = (where: Where): string => `the PagerDuty service table of Sentry integration ${where.integrationId} (organization "${where.organization}")`;

/** The table, or undefined when the organisation or integration is gone (404). Refuses a non-PagerDuty integration. */
async function fetchTable(where: Where): Promise<ServiceRow[] | undefined> {
  let body: unknown;
  try {
    body = (await sentryRequest({ apiUrl: where.apiUrl, method: "GET", path: integrationPath(where) })).body;
  } catch (error) {
    if (isNotFound(error)) return undefined;
    throw error;
  }
  const integration = (body ?? {}) as { provider?: { key?: string }; configData?: { service_table?: unknown } };
  if (integration.provider?.key !== "pagerduty") {
    throw new Error(
      `Sentry integration ${where.integrationId} in organization "${where.organization}" is a ${integration.provider?.key ?? "unknown"} integration, not PagerDuty. ` +
        `Hint: use the id that GET /api/0/organizations/${where.organization}/integrations/?providerKey=pagerduty lists.`,
    );
  }
  const rows = integration.configData?.service_table;
  return (Array.isArray(rows) ? rows : []).filter(
    (row): row is ServiceRow => typeof row?.id === "number" && typeof row.service === "string" && typeof row.integration_key === "string",
  );
}

function notInstalled(where: Where): Error {
  return new Error(
    `Sentry organization "${where.organization}" has no integration ${where.integrationId} (404). ` +
      "Hint: the PagerDuty integration is installed in the browser (Sentry → Settings → Integrations → PagerDuty → Install, an OAuth flow); " +
      `then use the id that GET /api/0/organizations/${where.organization}/integrations/?providerKey=pagerduty lists.`,
  );
}

function conflict(where: Where, row: ServiceRow): Error {
  return new Error(
    `${tableName(where)} already has a row "${row.service}" (id ${row.id}) that this stack did not create. ` +
      "Hint: each stack finds its row by service name, so names must be unique in the table: remove or rename that row in Sentry " +
      "(Settings → Integrations → PagerDuty → Configure), or give this stack's PagerDuty service another name.",
  );
}

/**
 * This process's writes to one table, one after another. One plugin process serves every dynamic
 * resource of a stack and Pulumi runs their steps in parallel; queued, they do not undo each other.
 * Writers in other processes (other stacks) are handled by the verify-and-retry in `converge`.
 */
async function withTableLock<T>(where: Where, work: () => Promise<T>): Promise<T> {
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

interface Convergence<T> {
  what: string;
  /** What to return when the integration is gone; unset: that is an error. */
  gone?: () => T;
  /** The result when the table already shows the change, else undefined. */
  done(table: ServiceRow[]): T | undefined;
  /** The whole table to post (may throw: conflict, row gone). */
  rewrite(table: ServiceRow[]): ServiceRow[];
}

/**
 * Sentry takes only the whole table (rows left out are deleted), so every change is a
 * read-modify-write: read right before writing, write, read again, and read once more after
 * `settleMs`. A concurrent writer that undid the change costs a round; `maxAttempts` rounds at most.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/pagerduty/integration.py
 */
async function converge<T>(where: Where, plan: Convergence<T>): Promise<T> {
  const table = async (): Promise<ServiceRow[] | undefined> => {
    const rows = await fetchTable(where);
    if (rows === undefined && !plan.gone) throw notInstalled(where);
    return rows;
  };
  return withTableLock(where, async () => {
    for (let attempt = 1; attempt <= maxAttempts; attempt++) {
      const before = await table();
      if (before === undefined) return plan.gone!();
      const already = plan.done(before);
      // Nothing of ours written yet and nothing to write: no write to verify either.
      if (already !== undefined && attempt === 1) return already;
      if (already === undefined) {
        const rows = plan.rewrite(before);
        try {
          await sentryRequest({
            apiUrl: where.apiUrl,
            method: "POST",
            path: integrationPath(where),
            body: { service_table: rows },
            redact: rows.map((row) => row.integration_key),
          });
        } catch (error) {
          if (isNotFound(error) && plan.gone) return plan.gone();
          throw isNotFound(error) ? notInstalled(where) : error;
        }
      }
      const after = await table();
      if (after === undefined) return plan.gone!();
      if (plan.done(after) !== undefined) {
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
      `${plan.what}: ${tableName(where)} kept changing under this write (${maxAttempts} read-modify-write rounds lost to other writers). ` +
        "Hint: another stack or a person is editing the table right now; run the update again.",
    );
  });
}

function pickInputs(inputs: SentryServiceTableRowInputs): SentryServiceTableRowInputs {
  const { apiUrl, organization, integrationId, service, integrationKey } = inputs;
  return { apiUrl, organization, integrationId, service, integrationKey };
}

/**
 * Registers one PagerDuty service (name and Events API v2 key) as a row of the service table of
 * an organisation's PagerDuty integration in Sentry; Sentry alert actions target that row by id.
 * Token: `SENTRY_AUTH_TOKEN`, read in each method.
 */
export const sentryServiceTableRowProvider: pulumi.dynamic.ResourceProvider<SentryServiceTableRowInputs, SentryServiceTableRowOutputs> = {
  async check(_olds, news) {
    const input = failureCollector(news as unknown as Record<string, unknown>);
    input.expect("apiUrl", isHttpUrl, "apiUrl must be Sentry's web API base URL, e.g. https://sentry.io/api/0");
    input.expect("organization", (v) => isText(v) && !v.includes("/"), "organization must be the organisation's slug (or id)");
    input.expect("integrationId", (v) => typeof v === "string" && /^\d+$/.test(v), "integrationId must be the digits of the installed PagerDuty integration's id");
    input.expect("service", isText, "service must be the PagerDuty service name (Sentry refuses an empty name)");
    // Checked for shape only: the message never repeats the key.
    input.expect("integrationKey", (v) => typeof v === "string" && /^[A-Za-z0-9]{32}$/.test(v), "integrationKey must be the PagerDuty Events API v2 integration key: 32 letters and digits");
    return { inputs: news, failures: input.failures };
  },

  async diff(_id, olds, news) {
    const old = olds as unknown as Record<string, unknown>;
    const next = news as unknown as Record<string, unknown>;
    // Another table is another row: the old one is removed once the new one exists.
    const replaces = changedFields(old, next, ["organization", "integrationId"]);
    // Sentry keeps a row's id when the posted table edits it, so these rewrite the row in place.
    const updates = changedFields(old, next, ["apiUrl", "service", "integrationKey"]);
    return { changes: replaces.length + updates.length > 0, replaces };
  },

  async create(inputs) {
    const ours = new Set<number>();
    let known: Set<number> | undefined;
    const row = await converge(inputs, {
      what: `Adding "${inputs.service}" to Sentry`,
      // Ours: a row with our name and key that was not there when we wrote (or that we saw before).
      done: (table) => {
        const mine = table.find(
          (r) => r.service === inputs.service && r.integration_key === inputs.integrationKey && (ours.has(r.id) || (known !== undefined && !known.has(r.id))),
        );
        if (mine) ours.add(mine.id);
        return mine;
      },
      rewrite: (table) => {
        const clash = table.find((r) => r.service === inputs.service);
        if (clash) throw conflict(inputs, clash);
        known = new Set(table.map((r) => r.id));
        // id 0 marks a new row; Sentry assigns the id, learnt by reading the table again.
        return [...table, { id: 0, service: inputs.service, integration_key: inputs.integrationKey }];
      },
    });
    return { id: String(row.id), outs: { ...pickInputs(inputs), rowId: String(row.id) } };
  },

  async read(id, props) {
    // The organisation, integration and URL come from the state; Pulumi always passes it on refresh.
    if (!props) throw new Error(`Reading Sentry service-table row ${id}: no state to tell its organisation, integration and API URL.`);
    const where = props;
    const row = (await fetchTable(where))?.find((r) => String(r.id) === id);
    // No id: the engine drops the resource from the state (removed outside Pulumi).
    if (!row) return {};
    return { id, props: { ...pickInputs(where), service: row.service, integrationKey: row.integration_key, rowId: String(row.id) } };
  },

  async update(id, olds, news) {
    const rowId = Number(olds.rowId ?? id);
    await converge(news, {
      what: `Updating row ${rowId} ("${news.service}") in Sentry`,
      done: (table) => table.find((r) => r.id === rowId && r.service === news.service && r.integration_key === news.integrationKey),
      rewrite: (table) => {
        if (!table.some((r) => r.id === rowId)) {
          throw new Error(
            `${tableName(news)} no longer has row ${rowId} ("${olds.service}"): it was removed outside Pulumi. ` +
              "Hint: run `pulumi refresh`, then `pulumi up` adds the row again (with a new id).",
          );
        }
        const clash = table.find((r) => r.id !== rowId && r.service === news.service);
        if (clash) throw conflict(news, clash);
        return table.map((r) => (r.id === rowId ? { id: r.id, service: news.service, integration_key: news.integrationKey } : r));
      },
    });
    return { outs: { ...pickInputs(news), rowId: String(rowId) } };
  },

  async delete(id, props) {
    const rowId = Number(id);
    await converge(props, {
      what: `Removing row ${rowId} ("${props.service}") from Sentry`,
      gone: () => true,
      done: (table) => (table.some((r) => r.id === rowId) ? undefined : true),
      // Only our row goes; every other stack's row is posted back as read.
      rewrite: (table) => table.filter((r) => r.id !== rowId),
    });
  },
};

export interface SentryServiceTableRowArgs {
  /**
   * Sentry's web API base: `https://sentry.io/api/0`, a region host (`https://us.sentry.io/api/0`,
   * `https://de.sentry.io/api/0`), a self-hosted Sentry's `/api/0`, or a mock's. Changing it
   * updates in place (the same Sentry under another host).
   */
  apiUrl: pulumi.Input<string>;
  /** The organisation slug (or id). Changing it replaces the row (a new row in the other organisation's table). */
  organization: pulumi.Input<string>;
  /**
   * The id of the organisation's installed PagerDuty integration (digits), as
   * `GET /api/0/organizations/{org}/integrations/?providerKey=pagerduty` lists it. Installing it is
   * an OAuth flow in the browser, so the stack looks it up and never creates it. Changing it replaces the row.
   * @see https://docs.sentry.io/organization/integrations/notification-incidents/pagerduty/
   */
  integrationId: pulumi.Input<string>;
  /**
   * The PagerDuty service name shown in Sentry's alert actions. Must be unique in the table (each
   * stack finds its row by it): another row with this name is a conflict, never adopted. Changing
   * it rewrites the row in place (same row id).
   */
  service: pulumi.Input<string>;
  /**
   * The service's Events API v2 integration key (routing key, 32 characters). Secret: marked
   * secret here and in the outputs. Changing it (key rotation) rewrites the row in place.
   */
  integrationKey: pulumi.Input<string>;
}

/**
 * A row of Sentry's PagerDuty service table owned by this stack: read-modify-write of the whole
 * table that keeps other stacks' rows (verified after every write, retried when a concurrent
 * writer undid it); delete removes only this row. Reads the Sentry token from the
 * `SENTRY_AUTH_TOKEN` environment variable in every operation (never stored).
 * Type token: `pulumi-nodejs:dynamic/sentry:ServiceTableRow`.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/pagerduty/integration.py
 */
export class SentryServiceTableRow extends pulumi.dynamic.Resource {
  /** Sentry's row id (digits): the `targetIdentifier` of a workflow's PagerDuty action. */
  declare readonly rowId: pulumi.Output<string>;
  declare readonly apiUrl: pulumi.Output<string>;
  declare readonly organization: pulumi.Output<string>;
  declare readonly integrationId: pulumi.Output<string>;
  declare readonly service: pulumi.Output<string>;
  /** Secret. */
  declare readonly integrationKey: pulumi.Output<string>;

  constructor(name: string, args: SentryServiceTableRowArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      sentryServiceTableRowProvider,
      name,
      // rowId listed as undefined so the resource has it as an output.
      { ...args, integrationKey: pulumi.secret(args.integrationKey), rowId: undefined },
      // The provider returns the key in clear (a secret from a dynamic provider fails); the engine marks it.
      { ...opts, additionalSecretOutputs: [...new Set([...(opts?.additionalSecretOutputs ?? []), "integrationKey"])] },
      "sentry",
      "ServiceTableRow",
    );
  }
}
