import type { MockReply, MockRequest, NamedFault } from "../core/types";
import { opsgenieReply } from "./reply";

/** Opsgenie's 422 headline; the details are in `errors`, an object keyed by field. */
export const notProcessableMessage = "Request body is not processable. Please check the errors.";

/**
 * Field-level 422 texts. Only `priority` is quoted from a real reply (prometheus/alertmanager#2088);
 * the rest are (unconfirmed) wordings in Opsgenie's style — tests should key on the field.
 */
export const fieldErrors = {
  messageEmpty: "Message can not be empty.",
  messageTooLong: "Message can not be longer than 130 characters.",
  aliasTooLong: "Alias can not be longer than 512 characters.",
  priority: "should be one of [ P1, P2, P3, P4, P5 ]",
  // The same text Opsgenie gives for the old `teams[0]` field (prometheus/alertmanager#1223).
  responderIdOrName: "id or name should be provided",
  responderType: "should be one of [ team, user, escalation, schedule ]",
  identifierType: "should be one of [ id, alias, tiny ]",
  nameEmpty: "Name can not be empty.",
  nameTooLong: "Name can not be longer than 100 characters.",
  integrationType: 'Only "API" integrations are supported by this mock.',
  teamNotFound: (ref: { id?: string; name?: string }) =>
    ref.id !== undefined ? `Team with id [${ref.id}] not found` : `Team with name [${ref.name}] not found`,
};

/**
 * Opsgenie's error bodies, with the status per the response-code table.
 * @see https://docs.opsgenie.com/docs/response
 */
export const opsgenieError = {
  /** 401, body quoted from a real reply (streaak/keyhacks#124). Also for a disabled integration's key. */
  couldNotAuthenticate: (): MockReply => opsgenieReply(401, { message: "Could not authenticate" }),
  /** 422 for a key that is not a UUID, quoted from falcosecurity/falcosidekick#719 and opsgenie/opsgenie-lamp#50. */
  keyFormatInvalid: (): MockReply => opsgenieReply(422, { message: "Key format is not valid!" }),
  /** 403 code 40301 for an account key on an integration-only action, quoted from louislam/uptime-kuma#3613. */
  integrationKeyRequired: (): MockReply =>
    opsgenieReply(403, { code: 40301, message: "To perform this action, use an API key from an API integration." }),
  /**
   * 403 code 40301, "apiKey is valid but the apiKey cannot do this operation because of permissions"
   * (response-code table): an integration limited to read-only access writing, or one restricted
   * from configurations reaching teams or integrations. The message is (unconfirmed).
   */
  notPermitted: (): MockReply => opsgenieReply(403, { code: 40301, message: "The API key of this integration is not permitted to perform this action." }),
  notProcessable: (errors: Record<string, string>): MockReply => opsgenieReply(422, { message: notProcessableMessage, errors }),
  /** 400 "Invalid JSON body" is the doc's description; the body text is (unconfirmed). */
  invalidJson: (): MockReply => opsgenieReply(400, { message: "Invalid JSON body" }),
  /**
   * 404 until a request is processed, marked by `X-Opsgenie-Errortype: RequestNotProcessed`, the header
   * opsgenie-go-sdk-v2 retries on (client/client.go, RetrieveStatus; opsgenie/opsgenie-python-sdk#31).
   * The message is the one third-party client tests use (unconfirmed against Opsgenie itself).
   */
  requestNotProcessed: (): MockReply =>
    opsgenieReply(404, { message: "Request not found. It might not be processed, yet." }, { "x-opsgenie-errortype": "RequestNotProcessed" }),
  /** (unconfirmed wording) */
  alertNotFound: (): MockReply => opsgenieReply(404, { message: "Alert does not exist" }),
  /** (unconfirmed wording) */
  teamNotFound: (identifierType: string, identifier: string): MockReply =>
    opsgenieReply(404, { message: `No team exists with ${identifierType} [${identifier}]` }),
  /** (unconfirmed wording) */
  integrationNotFound: (id: string): MockReply => opsgenieReply(404, { message: `Integration with id [${id}] does not exist` }),
  /** 409, quoted from opsgenie/terraform-provider-opsgenie#353. */
  teamNameTaken: (): MockReply => opsgenieReply(409, { message: "There is already one Team with same name" }),
  /** 409 "integration name already exists" per the response-code table; the wording is (unconfirmed). */
  integrationNameTaken: (): MockReply => opsgenieReply(409, { message: "There is already one Integration with same name" }),
  /**
   * 429 with the X-RateLimit-* headers Opsgenie documents and the body opsgenie-go-sdk-v2's tests use.
   * `Retry-After` is not documented by Opsgenie (unconfirmed); it is sent because clients honour it.
   */
  rateLimited: (): MockReply =>
    opsgenieReply(
      429,
      { message: "TooManyRequests" },
      { "x-ratelimit-state": "THROTTLED", "x-ratelimit-reason": "INTEGRATION", "x-ratelimit-period-in-sec": "60", "retry-after": "60" },
    ),
  /**
   * 403 for a valid key whose integration lacks the access the request needs (an API integration
   * without Read Access reading a request status or an alert). Body text (unconfirmed): clients
   * should key on the status and on the absence of code 40301.
   */
  permissionDenied: (): MockReply => opsgenieReply(403, { message: "You are not authorized to perform this action with this API key." }),
  /** 500 body as in opsgenie-go-sdk-v2's tests (client/client_test.go). */
  serverError: (): MockReply => opsgenieReply(500, { message: "Internal Server Error" }),
};

/** The first team responder named in the request body, for the `team-not-found` fault's message. */
function teamNamedIn(request: MockRequest): { id?: string; name?: string } {
  try {
    const body = request.json() as { responders?: { type?: string; id?: string; name?: string }[] };
    const team = body.responders?.find((r) => r.type === "team");
    if (team?.id !== undefined || team?.name !== undefined) return { id: team.id, name: team.name };
  } catch {
    // A body that is not JSON still gets the fault.
  }
  return { name: "unknown" };
}

export const opsgenieFaults: Record<string, NamedFault> = {
  "team-not-found": {
    description: "422 errors.responders: a responder team does not exist (renamed or deleted team)",
    reply: (request) => opsgenieError.notProcessable({ responders: fieldErrors.teamNotFound(teamNamedIn(request)) }),
  },
  unauthorized: { description: "401 Could not authenticate: key revoked, integration disabled, or key of the other region", reply: opsgenieError.couldNotAuthenticate },
  "forbidden-key": { description: "403 code 40301: an account key where an API integration key is needed", reply: opsgenieError.integrationKeyRequired },
  "permission-denied": {
    description: "403 without code 40301: a valid key whose integration lacks the access this request needs (e.g. no Read Access for request status)",
    reply: opsgenieError.permissionDenied,
  },
  "rate-limited": { description: "429 TooManyRequests with X-RateLimit-State: THROTTLED and Retry-After: 60", reply: opsgenieError.rateLimited },
  "server-error": { description: "500 Internal Server Error, Opsgenie's JSON body", reply: opsgenieError.serverError },
};
