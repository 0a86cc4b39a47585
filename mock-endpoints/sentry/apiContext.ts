import type { Handler, MockReply, MockRequest } from "../core/types";
import { refuseApiToken } from "./apiAuth";
import { apiError } from "./errors";
import type { Organisation, SentryState } from "./state";

/** A web API handler that runs once the token is accepted and the organisation found. */
export type OrgHandler = (org: Organisation, request: MockRequest) => MockReply | Promise<MockReply>;

/** `{organization_id_or_slug}`: Sentry takes either in the path. */
export function findOrganisation(state: SentryState, idOrSlug: string): Organisation | undefined {
  return state.organisations.get(idOrSlug) ?? [...state.organisations.values()].find((org) => org.id === idOrSlug);
}

/**
 * Wraps a web API handler in what every `/api/0/organizations/{org}/…` endpoint does first:
 * authenticate (401), then look the organisation up (404). `headers` are added to every reply
 * (the legacy rules API's deprecation headers).
 */
export function orgEndpoint(state: SentryState, handle: OrgHandler, headers: Record<string, string> = {}): Handler {
  return async (request) => {
    const reply = await ((): MockReply | Promise<MockReply> => {
      const refused = refuseApiToken(request);
      if (refused) return refused;
      const org = findOrganisation(state, request.params.org);
      return org ? handle(org, request) : apiError.notFound();
    })();
    return Object.keys(headers).length === 0 ? reply : { ...reply, headers: { ...reply.headers, ...headers } };
  };
}

/**
 * The request body as DRF's JSONParser reads it: an empty body is `{}`, anything else must be
 * JSON (the text after the dash is Python's message in Sentry; the mock gives Node's, unconfirmed).
 */
export function readJson(request: MockRequest): { ok: true; body: unknown } | { ok: false; reply: MockReply } {
  if (request.body.length === 0) return { ok: true, body: {} };
  try {
    return { ok: true, body: request.json() };
  } catch (error) {
    return { ok: false, reply: apiError.detail400(`JSON parse error - ${(error as Error).message}`) };
  }
}

export function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}
