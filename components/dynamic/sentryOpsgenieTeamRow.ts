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
export interface SentryOpsgenieTeamRowInputs {
  apiUrl: string;
  organization: string;
  integrationId: string;
  team: string;
  integrationKey: string;
}

export interface SentryOpsgenieTeamRowOutputs extends SentryOpsgenieTeamRowInputs {
  /** Sentry's id of the row, `<organization integration id>-<label>`: what an alert action's target names. */
  rowId: string;
}

/** One row of `configData.team_table`. */
interface TeamRow {
  /** `""` in a posted row marks it new; Sentry then sets `<organization integration id>-<team>`. */
  id: string;
  team: string;
  integration_key: string;
}

/** @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/opsgenie/integration.py */
const teamTable: TableKind<TeamRow> = {
  provider: "opsgenie",
  vendor: "Opsgenie",
  field: "team_table",
  noun: "team table",
  installHint:
    "the Opsgenie integration is installed in the browser (Sentry → Settings → Integrations → Opsgenie → Add Installation, with the Opsgenie account name and API host)",
  isRow: (row: unknown): row is TeamRow => {
    const r = row as Partial<TeamRow> | null;
    return typeof r?.id === "string" && typeof r.team === "string" && typeof r.integration_key === "string";
  },
  secret: (row) => row.integration_key,
};

/** An Opsgenie API integration key: a UUID. */
const keyShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * The label a row id was made from (`"12-ops"` → `"ops"`). Sentry sets the id once, when the row
 * is added, and keeps it when the row is relabelled, so the id can name another label than the row's.
 */
function idLabel(id: string): string | undefined {
  return /^\d+-/.test(id) ? id.slice(id.indexOf("-") + 1) : undefined;
}

/**
 * Our row: our id with our key. Ids are not unique in a team table (a row relabelled in Sentry
 * keeps its id, and a row added later under the old label gets the same id), so the key tells
 * ours apart; a row whose key was changed in Sentry since the last refresh is not taken for ours.
 */
function ours(table: TeamRow[], rowId: string, integrationKey: string): TeamRow | undefined {
  return table.find((r) => r.id === rowId && r.integration_key === integrationKey);
}

function conflict(where: TableLocation, row: TeamRow, team: string): Error {
  if (row.team !== team) {
    return new Error(
      `${tableName(teamTable, where)} already has a row "${row.team}" with the id ${row.id}, made when it was labelled "${team}": ` +
        `a new row "${team}" would get the same id, and an alert naming it could reach either row. ` +
        "Hint: in Sentry (Settings → Integrations → Opsgenie → Configure) remove that row and add it again, so that it gets an id of its own " +
        "(then point its alerts at the new id), or give this stack's row another label.",
    );
  }
  return new Error(
    `${tableName(teamTable, where)} already has a row "${row.team}" (id ${row.id}) that this stack did not create. ` +
      "Hint: each stack finds its row by label, so labels must be unique in the table: remove or rename that row in Sentry " +
      "(Settings → Integrations → Opsgenie → Configure), or give this stack's row another label.",
  );
}

function pickInputs(inputs: SentryOpsgenieTeamRowInputs): SentryOpsgenieTeamRowInputs {
  const { apiUrl, organization, integrationId, team, integrationKey } = inputs;
  return { apiUrl, organization, integrationId, team, integrationKey };
}

/**
 * Registers one Opsgenie API integration key, under a label, as a row of the team table of an
 * organisation's Opsgenie integration in Sentry; Sentry alert actions target that row by id.
 * Token: `SENTRY_AUTH_TOKEN`, read in each method.
 */
export const sentryOpsgenieTeamRowProvider: pulumi.dynamic.ResourceProvider<SentryOpsgenieTeamRowInputs, SentryOpsgenieTeamRowOutputs> = {
  async check(_olds, news) {
    const input = failureCollector(news as unknown as Record<string, unknown>);
    input.expect("apiUrl", isHttpUrl, "apiUrl must be Sentry's web API base URL, e.g. https://sentry.io/api/0");
    input.expect("organization", (v) => isText(v) && !v.includes("/"), "organization must be the organisation's slug (or id)");
    input.expect("integrationId", (v) => typeof v === "string" && /^\d+$/.test(v), "integrationId must be the digits of the installed Opsgenie integration's id");
    input.expect("team", isText, "team must be the row's label, usually the Opsgenie team name (an empty label cannot be told apart)");
    // Checked for shape only: the message never repeats the key.
    input.expect("integrationKey", (v) => typeof v === "string" && keyShape.test(v), "integrationKey must be the key of an Opsgenie API integration: a UUID");
    return { inputs: news, failures: input.failures };
  },

  async diff(_id, olds, news) {
    const old = olds as unknown as Record<string, unknown>;
    const next = news as unknown as Record<string, unknown>;
    // Another table is another row. So is another label: Sentry makes the id from the label when
    // the row is added and never changes it, so relabelling in place would leave an id that names
    // the old label (and that the next row under the old label would get again).
    const replaces = changedFields(old, next, ["organization", "integrationId", "team"]);
    const updates = changedFields(old, next, ["apiUrl", "integrationKey"]);
    return { changes: replaces.length + updates.length > 0, replaces };
  },

  async create(inputs) {
    let written = false;
    const row = await convergeTable(teamTable, inputs, {
      what: `Adding "${inputs.team}" to Sentry`,
      // Before our first write no row has our label (rewrite refuses that), so afterwards one with
      // our label and key is ours.
      done: (table) => (written ? table.find((r) => r.team === inputs.team && r.integration_key === inputs.integrationKey) : undefined),
      rewrite: (table) => {
        const clash = table.find((r) => r.team === inputs.team || idLabel(r.id) === inputs.team);
        if (clash) throw conflict(inputs, clash, inputs.team);
        written = true;
        // id "" marks a new row: Sentry sets the id and checks the key with Opsgenie (an unknown key: 400).
        return [...table, { id: "", team: inputs.team, integration_key: inputs.integrationKey }];
      },
    });
    return { id: row.id, outs: { ...pickInputs(inputs), rowId: row.id } };
  },

  async read(id, props) {
    // The organisation, integration and URL come from the state; Pulumi always passes it on refresh.
    if (!props) throw new Error(`Reading Sentry Opsgenie team-table row ${id}: no state to tell its organisation, integration and API URL.`);
    const table = await fetchTable(teamTable, props);
    // A key changed in Sentry shows as drift (the next update writes ours back), not as a row gone.
    const row = table && (ours(table, id, props.integrationKey) ?? table.find((r) => r.id === id));
    // No id: the engine drops the resource from the state (removed outside Pulumi).
    if (!row) return {};
    return { id, props: { ...pickInputs(props), team: row.team, integrationKey: row.integration_key, rowId: row.id } };
  },

  async update(id, olds, news) {
    const rowId = olds.rowId ?? id;
    // Sentry checks a key with Opsgenie only on a new row (a saved row's key is stored unchecked),
    // so the row goes back as new; with its label unchanged Sentry gives it the same id again.
    const readd = idLabel(rowId) === news.team;
    await convergeTable(teamTable, news, {
      what: `Updating row ${rowId} ("${news.team}") in Sentry`,
      done: (table) => (table.some((r) => r.id === rowId && r.team === news.team && r.integration_key === news.integrationKey) ? true : undefined),
      rewrite: (table) => {
        const mine = ours(table, rowId, olds.integrationKey);
        if (!mine) {
          throw new Error(
            `${tableName(teamTable, news)} no longer has row ${rowId} ("${olds.team}") with the key this stack set: it was removed or changed outside Pulumi. ` +
              "Hint: run `pulumi refresh`, then `pulumi up` writes the row again.",
          );
        }
        return table.map((r) => (r === mine ? { id: readd ? "" : r.id, team: news.team, integration_key: news.integrationKey } : r));
      },
    });
    return { outs: { ...pickInputs(news), rowId } };
  },

  async delete(id, props) {
    await convergeTable(teamTable, props, {
      what: `Removing row ${id} ("${props.team}") from Sentry`,
      gone: () => true,
      done: (table) => (ours(table, id, props.integrationKey) ? undefined : true),
      // Only our row goes; every other stack's row is posted back as read.
      rewrite: (table) => {
        const mine = ours(table, id, props.integrationKey);
        return table.filter((r) => r !== mine);
      },
    });
  },
};

export interface SentryOpsgenieTeamRowArgs extends SentryTableRowArgs {
  /**
   * The id of the organisation's installed Opsgenie integration (digits), as
   * `GET /api/0/organizations/{org}/integrations/?providerKey=opsgenie` lists it. It is installed in
   * Sentry's settings page (account name and API host), so the stack looks it up and never
   * creates it. Changing it replaces the row.
   * @see https://docs.sentry.io/organization/integrations/notification-incidents/opsgenie/
   */
  integrationId: pulumi.Input<string>;
  /**
   * The row's label, usually the Opsgenie team name; Sentry's alert actions show it. Must be
   * unique in the table (each stack finds its row by it): another row with this label is a
   * conflict, never adopted. Changing it replaces the row: Sentry makes the row id
   * (`<organization integration id>-<label>`) from the label, so the new row has a new id.
   */
  team: pulumi.Input<string>;
  /**
   * The key of the Opsgenie API integration the alerts go to (a UUID). Secret: marked secret here
   * and in the outputs. Sentry checks it with Opsgenie when the row is added (an unknown key fails
   * with 400 "Invalid integration key"). Changing it (key rotation) rewrites the row under the same
   * id, posted as a new row so that Sentry checks the new key too.
   */
  integrationKey: pulumi.Input<string>;
}

/**
 * A row of Sentry's Opsgenie team table owned by this stack: read-modify-write of the whole
 * table that keeps other stacks' rows (verified after every write, retried when a concurrent
 * writer undid it); delete removes only this row. Reads the Sentry token from the
 * `SENTRY_AUTH_TOKEN` environment variable in every operation (never stored).
 * Type token: `pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow`.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/opsgenie/integration.py
 */
export class SentryOpsgenieTeamRow extends DynamicResource {
  /** Sentry's row id (`<digits>-<label>`): the `targetIdentifier` of a workflow's Opsgenie action. */
  declare readonly rowId: pulumi.Output<string>;
  declare readonly apiUrl: pulumi.Output<string>;
  declare readonly organization: pulumi.Output<string>;
  declare readonly integrationId: pulumi.Output<string>;
  declare readonly team: pulumi.Output<string>;
  /** Secret. */
  declare readonly integrationKey: pulumi.Output<string>;

  constructor(name: string, args: SentryOpsgenieTeamRowArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      sentryOpsgenieTeamRowProvider,
      name,
      // rowId listed as undefined so the resource has it as an output.
      { ...args, integrationKey: pulumi.secret(args.integrationKey), rowId: undefined },
      // The provider returns the key in clear (a secret from a dynamic provider fails); the engine marks it.
      withSecretOutput(opts, "integrationKey"),
      "sentry",
      "OpsgenieTeamRow",
    );
  }
}
