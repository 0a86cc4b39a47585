import type { MockReply, MockRequest } from "../core/types";
import { ingestError } from "./errors";
import { type SentryState, organisationOfProject } from "./state";

/** The auth Relay extracted: the DSN public key, the protocol version and the SDK that sent it. */
export interface IngestAuth {
  key: string;
  version: number;
  client?: string;
  /** Where the key came from, so a test can tell the SDK's query-string auth from a header. */
  source: "header" | "query" | "envelope";
  /** Set when Relay answers 200 but the event will be dropped once the project config arrives. */
  drop?: string;
}

/** Relay speaks protocol version 7 (`relay_event_schema::protocol::PROTOCOL_VERSION`); newer is refused. */
const protocolVersion = 7;
/** What Sentry issues as a DSN public key: 32 hex characters (Relay only checks 32 ASCII characters; stricter here). */
const publicKeyShape = /^[0-9a-fA-F]{32}$/;

type Parsed = { ok: true; auth: Omit<IngestAuth, "source"> } | { ok: false; reply: MockReply };

/** `Auth::from_pairs` in relay-common: `sentry_key` is required, `sentry_version` must be a number. */
function fromPairs(pairs: Iterable<[string, string]>): Parsed {
  let key: string | undefined;
  let version = protocolVersion;
  let client: string | undefined;
  for (const [name, value] of pairs) {
    if (name === "sentry_key") key = value;
    else if (name === "sentry_client") client = value;
    else if (name === "sentry_version") {
      version = Number(value.split(".")[0]);
      if (!Number.isInteger(version) || version < 0) return { ok: false, reply: ingestError.badAuth("invalid value for version") };
    }
  }
  if (!key) return { ok: false, reply: ingestError.badAuth("missing public key in auth header") };
  return { ok: true, auth: { key, version, client } };
}

/** `Sentry sentry_key=…, sentry_version=7, sentry_client=…` (also accepted in `Authorization`). */
function fromHeader(value: string): Parsed {
  const pairs = value
    .slice("sentry ".length)
    .split(",")
    .map((part): [string, string] => {
      const [name, ...rest] = part.trim().split("=");
      return [name.trim(), rest.join("=").trim()];
    });
  return fromPairs(pairs);
}

const sentryHeader = (value: string | string[] | undefined): string | undefined =>
  typeof value === "string" && value.slice(0, 7).toLowerCase() === "sentry " ? value : undefined;

/**
 * Relay's `auth_from_parts`: X-Sentry-Auth, `Authorization: Sentry …`, or `?sentry_key=` in the
 * query string (what @sentry/node sends); more than one is refused. For envelopes without any,
 * the `dsn` in the envelope header is used. Then the key's shape, the protocol version, and
 * (when the project was seeded with keys) whether the key belongs to this project.
 * @see https://github.com/getsentry/relay/blob/master/relay-server/src/extractors/request_meta.rs
 */
export function authenticateIngest(state: SentryState, request: MockRequest, envelopeDsn?: unknown): IngestAuth | MockReply {
  const found: { parsed: Parsed; source: IngestAuth["source"] }[] = [];
  const header = sentryHeader(request.headers["x-sentry-auth"]);
  if (header) found.push({ parsed: fromHeader(header), source: "header" });
  const authorization = sentryHeader(request.headers.authorization);
  if (authorization) found.push({ parsed: fromHeader(authorization), source: "header" });
  if ([...request.query.keys()].some((name) => name.startsWith("sentry_"))) found.push({ parsed: fromPairs(request.query.entries()), source: "query" });
  if (found.length > 1) return ingestError.multipleAuth();

  let entry = found[0];
  if (!entry && typeof envelopeDsn === "string") {
    try {
      const dsn = new URL(envelopeDsn);
      entry = { parsed: fromPairs([["sentry_key", decodeURIComponent(dsn.username)]]), source: "envelope" };
    } catch {
      return ingestError.missingAuth();
    }
  }
  if (!entry) return ingestError.missingAuth();
  if (!entry.parsed.ok) return entry.parsed.reply;

  const { key, version, client } = entry.parsed.auth;
  // A key may carry flags after a dot (`<key>.no-cache`); only the key itself is checked.
  const publicKey = key.split(".")[0];
  if (!publicKeyShape.test(publicKey)) return ingestError.badPublicKey();
  if (version > protocolVersion) return ingestError.unsupportedVersion(version);
  if (!keyMayPostTo(state, request.params.projectId, publicKey.toLowerCase())) return ingestError.projectRejected();
  const revoked = revokedKeyVerdict(state, request.params.projectId, publicKey.toLowerCase());
  if (revoked !== undefined && typeof revoked !== "string") return revoked;
  return { key: publicKey, version, client, source: entry.source, ...(revoked ? { drop: revoked } : {}) };
}

/**
 * A revoked (or disabled) key: Relay cannot tell until it has the project config. On a cold cache
 * it queues the envelope, answers 200 with the event id, fetches the config, and then drops the
 * event; once the config is cached, the key is refused at once (403 ProjectId).
 * @see https://github.com/getsentry/relay/blob/master/relay-server/src/endpoints/common.rs (queueing while the project state is pending)
 */
function revokedKeyVerdict(state: SentryState, projectId: string, key: string): string | MockReply | undefined {
  const project = organisationOfProject(state, projectId)?.projects.get(projectId);
  if (!project?.revokedKeys.includes(key)) return undefined;
  if (state.cachedKeys.has(key)) return ingestError.projectRejected();
  state.cachedKeys.add(key);
  return "the DSN key is revoked";
}

/** A seeded key only opens its own project; an unseeded key opens any project that lists no keys. */
function keyMayPostTo(state: SentryState, projectId: string, key: string): boolean {
  for (const org of state.organisations.values()) {
    for (const project of org.projects.values()) {
      if (project.publicKeys.includes(key)) return project.id === projectId;
    }
  }
  const project = organisationOfProject(state, projectId)?.projects.get(projectId);
  return !project || project.publicKeys.length === 0;
}

export function isReply(value: IngestAuth | MockReply): value is MockReply {
  return "status" in value;
}
