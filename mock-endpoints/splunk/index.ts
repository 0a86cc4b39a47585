import { duePolicyOf } from "../core/duePolicy";
import { SeedError, type MockServiceDefinition } from "../core/types";
import { splunkFaults } from "./errors";
import { hecRoutes } from "./hecApi";
import { managementRoutes } from "./managementApi";
import { searchRoutes } from "./searchApi";
import { type HecToken, type SplunkState, createSplunkState, guidPattern, newGuid, putToken } from "./state";

interface TokenSeed {
  name?: unknown;
  token?: unknown;
  index?: unknown;
  indexes?: unknown;
  sourcetype?: unknown;
  source?: unknown;
  host?: unknown;
  disabled?: unknown;
  useACK?: unknown;
  allowQueryStringAuth?: unknown;
}

function optionalString(entry: TokenSeed, key: "index" | "sourcetype" | "source" | "host"): string | undefined {
  const value = entry[key];
  if (value === undefined) return undefined;
  if (typeof value !== "string" || value === "") throw new SeedError(`token "${String(entry.name)}": "${key}" must be a non-empty string`);
  return value;
}

function optionalFlag(entry: TokenSeed, key: "disabled" | "useACK" | "allowQueryStringAuth"): boolean {
  const value = entry[key] ?? false;
  if (typeof value !== "boolean") throw new SeedError(`token "${String(entry.name)}": "${key}" must be true or false`);
  return value;
}

function tokenFromSeed(entry: TokenSeed): HecToken & { name: string } {
  if (typeof entry !== "object" || entry === null) throw new SeedError("each token must be an object");
  if (typeof entry.name !== "string" || entry.name === "" || entry.name.includes("/")) throw new SeedError('each token needs "name", e.g. "operator-wiring-dev"');
  const token = entry.token ?? newGuid();
  if (typeof token !== "string" || !guidPattern.test(token)) throw new SeedError(`token "${entry.name}": "token" must be a GUID like 00000000-0000-0000-0000-000000000000`);
  const indexes = entry.indexes ?? [];
  if (!Array.isArray(indexes) || !indexes.every((i) => typeof i === "string" && i !== "")) throw new SeedError(`token "${entry.name}": "indexes" must be a list of index names`);
  return {
    name: entry.name,
    token,
    index: optionalString(entry, "index") ?? "main",
    indexes: indexes as string[],
    sourcetype: optionalString(entry, "sourcetype"),
    source: optionalString(entry, "source"),
    host: optionalString(entry, "host"),
    disabled: optionalFlag(entry, "disabled"),
    useACK: optionalFlag(entry, "useACK"),
    allowQueryStringAuth: optionalFlag(entry, "allowQueryStringAuth"),
  };
}

/**
 * Splunk HTTP Event Collector: intake on `/services/collector/{event,raw,ack,health}` (every
 * reply `{"text","code"}`), and HEC token management on `/servicesNS/<owner>/<app>/data/inputs/http`
 * and `/services/data/inputs/http` (Splunk's management port, served here on the same port), and
 * one search on `/services/search/jobs/export` (a count of an index's indexed events with a field's value).
 * Any well-formed token GUID is an enabled token writing to `main` that acknowledges requests
 * sent with a data channel; tokens created, seeded or disabled through the management API follow
 * their state (indexer acknowledgment off unless `useACK`, as in Splunk). Acknowledgment is
 * asynchronous as in Splunk: by default an ack id reads false on the first query after its
 * request and true on the next (`indexing`).
 *
 * Seed (`POST /__mock/state`), every field but `name` optional:
 * `{ "tokens": [{ "name": "operator-wiring-dev", "token": "<GUID>", "index": "main",
 *    "indexes": ["main", "ops"], "sourcetype": "_json", "source": "…", "host": "…",
 *    "disabled": false, "useACK": false, "allowQueryStringAuth": false }],
 *    "indexing": { "polls": 1, "delayMs": 500 }, "searchable": { "polls": 1 } }` (an ack id turns
 * true after `polls` ack queries or `delayMs`, whichever first; a received event turns up in
 * searches after `polls` searches or `delayMs`, by default from the second search after it came).
 *
 * State (`GET /__mock/state`): `{ tokens: [...], indexes: { "<index>": [event, …] }, eventCount }`,
 * each event `{ event, index, sourcetype, source, host, time, fields, tokenName, endpoint, channel, receivedAt }`.
 */
export const splunkMock: MockServiceDefinition<SplunkState> = {
  name: "splunk",
  title: "Splunk HEC",
  defaultPort: 4816,
  createState: createSplunkState,
  routes: (state) => [...hecRoutes(state), ...managementRoutes(state), ...searchRoutes(state)],
  faults: splunkFaults,
  seed(state, body) {
    const { tokens = [], indexing, searchable } = (body ?? {}) as { tokens?: unknown; indexing?: unknown; searchable?: unknown };
    if (!Array.isArray(tokens) || ((body as { tokens?: unknown }).tokens === undefined && indexing === undefined && searchable === undefined)) {
      throw new SeedError('expected { "tokens": [{ "name", "token"?, "index"?, "indexes"?, "disabled"?, … }], "indexing"?: { "polls"?, "delayMs"? }, "searchable"?: { "polls"?, "delayMs"? } }');
    }
    // Validate everything before applying any, so a bad seed changes nothing.
    const policy = indexing === undefined ? undefined : duePolicyOf(indexing, "indexing", "ack queries before an ack id turns true");
    const searchPolicy = searchable === undefined ? undefined : duePolicyOf(searchable, "searchable", "searches before a received event is found");
    for (const token of tokens.map((entry: TokenSeed) => tokenFromSeed(entry))) putToken(state, token);
    if (policy) state.indexing = policy;
    if (searchPolicy) state.searchable = searchPolicy;
  },
  snapshot: (state) => {
    let eventCount = 0;
    for (const events of state.indexes.values()) eventCount += events.length;
    return { tokens: [...state.tokens.values()], indexes: Object.fromEntries(state.indexes), eventCount };
  },
};
