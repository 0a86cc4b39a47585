import * as pulumi from "@pulumi/pulumi";
import * as providerChecks from "./providerChecks";
import * as sentryIntegrationTable from "./sentryIntegrationTable";
import type { SentryTableRowArgs, TableKind, TableLocation } from "./sentryIntegrationTable";
import { DynamicResource, withSecretOutput } from "./dynamicResource";

// Bound to locals so the closure serializer copies these functions into the state; a captured
// import would be a module object it cannot copy (see vendors/sentry/sentryApi.ts).
const changedFields = providerChecks.changedFields;
const failureCollector = providerChecks.failureCollector;
const isText = providerChecks.isText;
const isHttpUrl = providerChecks.isHttpUrl;
const convergeTable = sentryIntegrationTable.convergeTable;
const fetchTable = sentryIntegrationTable.fetchTable;
const tableName = sentryIntegrationTable.tableName;

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

/** @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/pagerduty/integration.py */
const serviceTable: TableKind<ServiceRow> = {
  provider: "pagerduty",
  vendor: "PagerDuty",
  field: "service_table",
  noun: "service table",
  installHint: "the PagerDuty integration is installed in the browser (Sentry → Settings → Integrations → PagerDuty → Install, an OAuth flow)",
  isRow: (row: unknown): row is ServiceRow => {
    const r = row as Partial<ServiceRow> | null;
    return typeof r?.id === "number" && typeof r.service === "string" && typeof r.integration_key === "string";
  },
  secret: (row) => row.integration_key,
};

function conflict(where: TableLocation, row: ServiceRow): Error {
  return new Error(
    `${tableName(serviceTable, where)} already has a row "${row.service}" (id ${row.id}) that this stack did not create. ` +
      "Hint: each stack finds its row by service name, so names must be unique in the table: remove or rename that row in Sentry " +
      "(Settings → Integrations → PagerDuty → Configure), or give this stack's PagerDuty service another name.",
  );
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
    const row = await convergeTable(serviceTable, inputs, {
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
    const row = (await fetchTable(serviceTable, where))?.find((r) => String(r.id) === id);
    // No id: the engine drops the resource from the state (removed outside Pulumi).
    if (!row) return {};
    return { id, props: { ...pickInputs(where), service: row.service, integrationKey: row.integration_key, rowId: String(row.id) } };
  },

  async update(id, olds, news) {
    const rowId = Number(olds.rowId ?? id);
    await convergeTable(serviceTable, news, {
      what: `Updating row ${rowId} ("${news.service}") in Sentry`,
      done: (table) => table.find((r) => r.id === rowId && r.service === news.service && r.integration_key === news.integrationKey),
      rewrite: (table) => {
        if (!table.some((r) => r.id === rowId)) {
          throw new Error(
            `${tableName(serviceTable, news)} no longer has row ${rowId} ("${olds.service}"): it was removed outside Pulumi. ` +
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
    await convergeTable(serviceTable, props, {
      what: `Removing row ${rowId} ("${props.service}") from Sentry`,
      gone: () => true,
      done: (table) => (table.some((r) => r.id === rowId) ? undefined : true),
      // Only our row goes; every other stack's row is posted back as read.
      rewrite: (table) => table.filter((r) => r.id !== rowId),
    });
  },
};

export interface SentryServiceTableRowArgs extends SentryTableRowArgs {
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
export class SentryServiceTableRow extends DynamicResource {
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
      withSecretOutput(opts, "integrationKey"),
      "sentry",
      "ServiceTableRow",
    );
  }
}
