import type { MockReply, MockRequest, Route } from "../core/types";
import { checkManagementAuth } from "./managementAuth";
import { type FeedEntry, managementError, renderFeed } from "./managementFeed";
import { type HecToken, type SplunkState, guidPattern, newGuid, putToken, removeToken } from "./state";

/**
 * HEC token management, `data/inputs/http` on splunkd's management port (8089 in Splunk;
 * here the HEC port). Served both namespaced (`/servicesNS/<owner>/<app>/…`, as the Splunk
 * docs use `admin/splunk_httpinput`) and not (`/services/data/inputs/http`).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/HTTPEventCollectortokenmanagement
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTinput ("data/inputs/http")
 */
const collections = ["/servicesNS/:owner/:app/data/inputs/http", "/services/data/inputs/http"];

// Arguments the handler knows; any other is refused, as splunkd refuses it, so a typo cannot pass.
const editArgs = ["index", "indexes", "sourcetype", "source", "host", "disabled", "description", "useACK", "allowQueryStringAuth", "connection_host", "outputgroup", "output_mode"];
const createArgs = ["name", "token", ...editArgs];

type TokenWithName = HecToken & { name: string };

function collectionOf(request: MockRequest): string {
  const { owner, app } = request.params;
  return owner ? `/servicesNS/${owner}/${app}/data/inputs/http` : "/services/data/inputs/http";
}

/** The token name from the path: `mytoken` or `http%3A%2F%2Fmytoken` (the entity's full name). */
function nameOf(request: MockRequest): string {
  const raw = request.params.name;
  return raw.startsWith("http://") ? raw.slice("http://".length) : raw;
}

function entryOf(token: TokenWithName): FeedEntry {
  return {
    title: `http://${token.name}`,
    content: {
      description: token.description ?? "",
      disabled: token.disabled,
      host: token.host ?? "",
      index: token.index,
      indexes: token.indexes,
      source: token.source ?? "",
      sourcetype: token.sourcetype ?? "",
      token: token.token,
      // splunkd renders useACK as "0"/"1" and disabled as a boolean (terraform-provider-splunk's decoder tests).
      useACK: token.useACK ? "1" : "0",
      allowQueryStringAuth: token.allowQueryStringAuth,
    },
  };
}

/** splunkd's normalizeBoolean: 1/0, true/false, t/f, yes/no, y/n. */
function parseBoolean(value: string): boolean | undefined {
  const v = value.trim().toLowerCase();
  if (["1", "true", "t", "yes", "y"].includes(v)) return true;
  if (["0", "false", "f", "no", "n"].includes(v)) return false;
  return undefined;
}

/** Applies form fields to a token; a message when one is refused (texts unconfirmed but for "not supported"). */
function applyForm(token: TokenWithName, form: URLSearchParams, allowed: string[]): string | undefined {
  for (const key of new Set(form.keys())) {
    if (!allowed.includes(key)) return `In handler 'http': Argument "${key}" is not supported by this handler.`;
  }
  for (const key of ["disabled", "useACK", "allowQueryStringAuth"] as const) {
    const value = form.get(key);
    if (value === null) continue;
    const flag = parseBoolean(value);
    if (flag === undefined) return `In handler 'http': Argument "${key}" must be a boolean; got "${value}".`;
    token[key] = flag;
  }
  for (const key of ["index", "sourcetype", "source", "host", "description"] as const) {
    const value = form.get(key);
    if (value !== null) token[key] = value;
  }
  // `indexes` comes comma-separated, repeated, or both.
  if (form.has("indexes")) token.indexes = form.getAll("indexes").flatMap((v) => v.split(",")).map((v) => v.trim()).filter(Boolean);
  return undefined;
}

type Handler = (state: SplunkState, request: MockRequest, form: URLSearchParams) => MockReply;

/** Authenticates, then runs the handler with the form body parsed. */
function authenticated(state: SplunkState, handler: Handler) {
  return (request: MockRequest): MockReply => {
    const form = new URLSearchParams(request.method === "GET" || request.method === "DELETE" ? "" : request.text());
    return checkManagementAuth(request, form) ?? handler(state, request, form);
  };
}

function notFound(request: MockRequest, form: URLSearchParams, name: string): MockReply {
  return managementError(request, 404, "ERROR", `Could not find object id=http://${name}`, {}, form);
}

const list: Handler = (state, request, form) => renderFeed(request, form, collectionOf(request), [...state.tokens.values()].map((t) => entryOf(t as TokenWithName)));

const create: Handler = (state, request, form) => {
  const name = form.get("name")?.trim();
  if (!name) return managementError(request, 400, "ERROR", `In handler 'http': Missing argument: name`, {}, form);
  if (state.tokens.has(name)) return managementError(request, 409, "ERROR", `An object with name=http://${name} already exists`, {}, form);
  const guid = form.get("token") ?? newGuid();
  if (!guidPattern.test(guid)) return managementError(request, 400, "ERROR", `In handler 'http': Invalid token value "${guid}": must be a GUID`, {}, form);
  const token: TokenWithName = { name, token: guid, index: "main", indexes: [], disabled: false, useACK: false, allowQueryStringAuth: false };
  const problem = applyForm(token, form, createArgs);
  if (problem) return managementError(request, 400, "ERROR", problem, {}, form);
  putToken(state, token);
  return renderFeed(request, form, collectionOf(request), [entryOf(token)], 201);
};

const read: Handler = (state, request, form) => {
  const token = state.tokens.get(nameOf(request));
  return token ? renderFeed(request, form, collectionOf(request), [entryOf(token as TokenWithName)]) : notFound(request, form, nameOf(request));
};

/** Edit applies to a copy, so a refused edit changes nothing. */
function editWith(overrides: Partial<HecToken>): Handler {
  return (state, request, form) => {
    const current = state.tokens.get(nameOf(request));
    if (!current) return notFound(request, form, nameOf(request));
    const token = { ...current, ...overrides } as TokenWithName;
    const problem = applyForm(token, form, editArgs);
    if (problem) return managementError(request, 400, "ERROR", problem, {}, form);
    putToken(state, token);
    return renderFeed(request, form, collectionOf(request), [entryOf(token)]);
  };
}

/** Delete answers with the collection as it is afterwards. */
const remove: Handler = (state, request, form) =>
  removeToken(state, nameOf(request)) ? list(state, request, form) : notFound(request, form, nameOf(request));

export function managementRoutes(state: SplunkState): Route[] {
  return collections.flatMap((base): Route[] => [
    { method: "GET", path: base, handle: authenticated(state, list) },
    { method: "POST", path: base, handle: authenticated(state, create) },
    { method: "GET", path: `${base}/:name`, handle: authenticated(state, read) },
    { method: "POST", path: `${base}/:name`, handle: authenticated(state, editWith({})) },
    { method: "DELETE", path: `${base}/:name`, handle: authenticated(state, remove) },
    { method: "POST", path: `${base}/:name/enable`, handle: authenticated(state, editWith({ disabled: false })) },
    { method: "POST", path: `${base}/:name/disable`, handle: authenticated(state, editWith({ disabled: true })) },
  ]);
}
