import { randomUUID } from "node:crypto";
import type { MockReply, MockRequest } from "../core/types";
import { opsgenieError } from "./errors";
import type { IntegrationRecord, KeyRecord, OpsgenieState } from "./state";

/** Opsgenie keys are UUIDs; anything else is refused before the key is even looked up. */
export const keyShape = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** `Authorization: GenieKey <key>`. The scheme is matched case-insensitively (unconfirmed either way). */
const headerShape = /^GenieKey\s+(\S+)\s*$/i;

/**
 * What the action needs: `read` (the Alert API's reads), `configuration-read` and `configure`
 * (teams, integrations) take either kind of key; `alert-write` (create, close, delete an alert)
 * only an API integration's key. An integration's own access flags narrow its key further.
 */
export type Access = "read" | "configuration-read" | "configure" | "alert-write";

/**
 * Opsgenie's API access management for an integration's key: "Limit to Read-Only Access"
 * (`allowWriteAccess: false`) refuses every create, update or delete; "Restrict Access to
 * Configurations" (`allowConfigurationAccess: false`, the default) refuses the configuration
 * domains (teams, integrations, …) and leaves the Alert API. Reading alerts is never restricted:
 * an API integration has no read flag. Keys of no known integration are not narrowed.
 * @see https://docs.opsgenie.com/docs/api-access-management
 */
function permits(integration: IntegrationRecord | undefined, access: Access): boolean {
  if (!integration) return true;
  const writes = access === "configure" || access === "alert-write";
  const configures = access === "configure" || access === "configuration-read";
  return !(writes && !integration.allowWriteAccess) && !(configures && !integration.allowConfigurationAccess);
}

export type AuthResult = { ok: true; key: KeyRecord } | { ok: false; reply: MockReply };

/**
 * Checks the key as Opsgenie does: missing → 401; not a UUID → 422 "Key format is not valid!";
 * a key of the other region (an EU key on the US host), a deleted integration's key or a
 * disabled integration's key → 401; an account key creating or closing alerts → 403 40301; an
 * integration key beyond its access flags → 403 40301.
 * A well-formed key never seen before is taken as an API integration key of this region.
 * @see https://docs.opsgenie.com/docs/api-overview
 * @see https://docs.opsgenie.com/docs/response (401: "apiKey is invalid or integration is disabled")
 */
export function authenticate(state: OpsgenieState, request: MockRequest, access: Access): AuthResult {
  const header = request.headers.authorization;
  const match = typeof header === "string" ? headerShape.exec(header) : null;
  if (!match) return { ok: false, reply: opsgenieError.couldNotAuthenticate() };
  const key = match[1];
  if (!keyShape.test(key)) return { ok: false, reply: opsgenieError.keyFormatInvalid() };

  let record = state.keys.get(key);
  if (!record) {
    record = { key, region: state.region, kind: "api-integration", integrationId: randomUUID() };
    state.keys.set(key, record);
  }
  if (record.region !== state.region || record.revoked) return { ok: false, reply: opsgenieError.couldNotAuthenticate() };
  const integration = state.integrations.get(record.integrationId);
  if (integration?.enabled === false) return { ok: false, reply: opsgenieError.couldNotAuthenticate() };
  if (access === "alert-write" && record.kind !== "api-integration") return { ok: false, reply: opsgenieError.integrationKeyRequired() };
  if (!permits(integration, access)) return { ok: false, reply: opsgenieError.notPermitted() };
  return { ok: true, key: record };
}
