import { empty } from "../core/replies";
import type { MockReply } from "../core/types";
import { isObject } from "./apiContext";
import { apiError } from "./errors";
import { type Integration, type SentryState, type ServiceRow, type TeamRow, newId } from "./state";

/**
 * PagerDuty: `POST …/integrations/{id}/` with `{"service_table": [...]}`, the whole table
 * (`PagerDutyIntegration.update_organization_config`):
 * - a row with an empty `service` or `integration_key` fails the whole update, 400 "Name and key are required";
 * - an existing row whose id (an integer) is in the body is updated, one that is not is deleted;
 * - a row with a falsy id (`0`, `null`) is new and gets an id;
 * - a row with an id Sentry does not know is dropped silently (so is an id sent as a string: `"5" != 5` in Python).
 * A body without `service_table` changes nothing. Each update is applied at once (the mock is
 * single-threaded), so two clients' read-modify-writes are serialised: the later write wins.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/pagerduty/integration.py
 */
export function updateServiceTable(state: SentryState, integration: Integration, body: Record<string, unknown>): MockReply {
  if (!("service_table" in body)) return empty(200);
  const rows = body.service_table;
  if (!Array.isArray(rows) || !rows.every(isObject)) return apiError.detail400("Name and key are required");
  if (rows.some((row) => !row.service || !row.integration_key)) return apiError.detail400("Name and key are required");

  const kept: ServiceRow[] = [];
  for (const existing of integration.serviceTable) {
    const match = rows.find((row) => row.id === existing.id);
    if (match) kept.push({ id: existing.id, service: String(match.service), integration_key: String(match.integration_key) });
  }
  // A row without "id" would be a KeyError (500) in Sentry; the mock treats it as new (lenient).
  for (const row of rows.filter((r) => !r.id)) {
    kept.push({ id: Number(newId(state)), service: String(row.service), integration_key: String(row.integration_key) });
  }
  integration.serviceTable = kept;
  return empty(200);
}

/** Python's repr of a list of strings, as Sentry formats it into the message. */
const pythonList = (values: string[]): string => `[${values.map((v) => `'${v}'`).join(", ")}]`;

/** What Opsgenie said about a key when Sentry read alerts with it. */
type KeyCheck = { ok: true } | { ok: false; unauthorized: true } | { ok: false; unauthorized: false; refusal: MockReply };

/**
 * Sentry's key check: `OpsgenieClient(…).get_alerts()`, `GET {base_url}v2/alerts` with
 * `Authorization: GenieKey <key>`. A 401 marks the key invalid; a 429 stops with "Too many
 * requests…"; any other failure stops with Opsgenie's own `message` (or, unreachable, the host).
 * Without a `baseUrl` the mock has no Opsgenie to ask and only an empty key fails (a leniency,
 * seeded away by giving the installation the Opsgenie mock's URL).
 */
async function checkKey(baseUrl: string | undefined, key: string): Promise<KeyCheck> {
  if (baseUrl === undefined) return key.trim() === "" ? { ok: false, unauthorized: true } : { ok: true };
  let response: Response;
  try {
    response = await fetch(`${baseUrl}v2/alerts`, { headers: { authorization: `GenieKey ${key}`, accept: "application/json" }, signal: AbortSignal.timeout(10_000) });
  } catch {
    return { ok: false, unauthorized: false, refusal: apiError.detail400(`Unable to reach host: ${new URL(baseUrl).host}`) };
  }
  const text = await response.text();
  if (response.ok) return { ok: true };
  if (response.status === 401) return { ok: false, unauthorized: true };
  if (response.status === 429) return { ok: false, unauthorized: false, refusal: apiError.detail400("Too many requests. Please try updating one team/key at a time.") };
  let message: unknown;
  try {
    message = (JSON.parse(text) as { message?: unknown }).message;
  } catch {
    message = undefined;
  }
  return { ok: false, unauthorized: false, refusal: apiError.detail400(typeof message === "string" ? message : `${response.status} ${response.statusText}`) };
}

/**
 * Opsgenie: `{"team_table": [...]}`, the whole table (`OpsgenieIntegration.update_organization_config`):
 * - new rows have `id: ""` and get `"<organization integration id>-<team>"` (Sentry's
 *   OrganizationIntegration id, which differs from the integration id in the path; the mock has
 *   one id per installation and uses that);
 * - a new row whose name a saved row of the body has is 400 `{"duplicate_name": ["Duplicate team name."]}`;
 * - the key of every row whose (team, key) pair is not among the body's saved rows, which means
 *   the new rows only, is checked against Opsgenie (see `checkKey`), one row after the other:
 *   keys Opsgenie answers 401 are refused together with 400 "Invalid integration key: [...]",
 *   any other refusal at once. A saved row whose key changed is not checked;
 * - then the table is stored as sent, so rows left out are deleted, and a saved row keeps its id
 *   even when its team is renamed.
 * `data["team_table"]` and each row's `id`, `team` and `integration_key` are plain lookups in
 * Sentry: a body without them is a KeyError (TypeError for a row that is not an object), a 500.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/opsgenie/integration.py
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/api/endpoints/organization_integration_details.py (ApiError → 400 detail)
 */
export async function updateTeamTable(integration: Integration, body: Record<string, unknown>): Promise<MockReply> {
  const rows = body.team_table;
  const complete = (row: unknown): row is Record<string, unknown> => isObject(row) && "id" in row && "team" in row && "integration_key" in row;
  if (!Array.isArray(rows) || !rows.every(complete)) return apiError.internal();
  const unsaved = rows.filter((row) => row.id === "");
  const saved = rows.filter((row) => row.id !== "");
  const pair = (row: Record<string, unknown>): string => `${String(row.team)}\u0000${String(row.integration_key)}`;
  const savedNames = new Set(saved.map((row) => String(row.team)));
  const savedPairs = new Set(saved.map(pair));

  for (const row of unsaved) {
    if (savedNames.has(String(row.team))) return apiError.validation({ duplicate_name: ["Duplicate team name."] });
  }
  const invalidKeys: string[] = [];
  for (const row of rows.filter((r) => !savedPairs.has(pair(r)))) {
    const key = typeof row.integration_key === "string" ? row.integration_key : "";
    const checked = await checkKey(integration.baseUrl, key);
    if (checked.ok) continue;
    if (!checked.unauthorized) return checked.refusal;
    invalidKeys.push(key);
  }
  if (invalidKeys.length > 0) return apiError.detail400(`Invalid integration key: ${pythonList(invalidKeys)}`);

  integration.teamTable = rows.map(
    (row): TeamRow => ({
      id: row.id === "" ? `${integration.id}-${String(row.team)}` : String(row.id),
      team: String(row.team),
      integration_key: String(row.integration_key),
    }),
  );
  return empty(200);
}
