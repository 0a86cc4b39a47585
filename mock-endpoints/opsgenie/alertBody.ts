import type { MockReply, MockRequest } from "../core/types";
import { fieldErrors, opsgenieError } from "./errors";
import {
  type CreatePayload,
  type IdentifierType,
  type OpsgenieState,
  type Priority,
  type Responder,
  type ResponderType,
  findTeam,
  teamsAreStrict,
} from "./state";

const priorities: Priority[] = ["P1", "P2", "P3", "P4", "P5"];
const responderTypes: ResponderType[] = ["team", "user", "escalation", "schedule"];
const identifierTypes: IdentifierType[] = ["id", "alias", "tiny"];

// Limits from the Create Alert field table. @see https://docs.opsgenie.com/docs/alert-api#create-alert
const maxMessage = 130;
const maxAlias = 512;

export type Parsed<T> = { ok: true; value: T } | { ok: false; reply: MockReply };

/** The body as a JSON object, or the 400 Opsgenie answers to a body that is not JSON. */
export function jsonObject(request: MockRequest, emptyAllowed = false): Parsed<Record<string, unknown>> {
  if (emptyAllowed && request.body.length === 0) return { ok: true, value: {} };
  try {
    const value = request.json();
    if (value !== null && typeof value === "object" && !Array.isArray(value)) return { ok: true, value: value as Record<string, unknown> };
  } catch {
    // fall through to the 400
  }
  return { ok: false, reply: opsgenieError.invalidJson() };
}

/** `?identifierType=`, default `id`; anything else is a 422 like a bad body field. */
export function identifierTypeOf(request: MockRequest): Parsed<IdentifierType> {
  const raw = request.query.get("identifierType") ?? "id";
  if ((identifierTypes as string[]).includes(raw)) return { ok: true, value: raw as IdentifierType };
  return { ok: false, reply: opsgenieError.notProcessable({ identifierType: fieldErrors.identifierType }) };
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((v): v is string => typeof v === "string") : []);
const text = (value: unknown): string => (typeof value === "string" ? value : "");

function parseResponders(value: unknown, errors: Record<string, string>): Responder[] {
  if (value === undefined) return [];
  if (!Array.isArray(value)) {
    errors.responders = fieldErrors.responderIdOrName;
    return [];
  }
  return value.map((raw, index) => {
    const r = (raw ?? {}) as Record<string, unknown>;
    const type = r.type as ResponderType;
    const responder: Responder = { type };
    if (typeof r.id === "string") responder.id = r.id;
    if (typeof r.name === "string" && r.name !== "") responder.name = r.name;
    if (typeof r.username === "string" && r.username !== "") responder.username = r.username;
    if (!responderTypes.includes(type)) errors[`responders[${index}]`] = fieldErrors.responderType;
    else if (responder.id === undefined && responder.name === undefined && responder.username === undefined) {
      errors[`responders[${index}]`] = fieldErrors.responderIdOrName;
    }
    return responder;
  });
}

/**
 * Validates a Create Alert body and reports every field error at once (422, `errors` keyed by
 * field), then checks team responders against the known teams when teams are strict.
 */
export function parseCreateAlert(state: OpsgenieState, body: Record<string, unknown>, clientIp: string): Parsed<CreatePayload> {
  const errors: Record<string, string> = {};
  const message = text(body.message);
  if (message.trim() === "") errors.message = fieldErrors.messageEmpty;
  else if ([...message].length > maxMessage) errors.message = fieldErrors.messageTooLong;
  const alias = text(body.alias) || undefined;
  if (alias !== undefined && [...alias].length > maxAlias) errors.alias = fieldErrors.aliasTooLong;
  const priority = (body.priority ?? "P3") as Priority;
  if (!priorities.includes(priority)) errors.priority = fieldErrors.priority;
  const responders = parseResponders(body.responders, errors);
  if (Object.keys(errors).length > 0) return { ok: false, reply: opsgenieError.notProcessable(errors) };

  for (const responder of responders) {
    if (responder.type !== "team") continue;
    const team = findTeam(state, responder);
    if (team) {
      responder.id = team.id;
      responder.name = team.name;
    } else if (teamsAreStrict(state)) {
      return { ok: false, reply: opsgenieError.notProcessable({ responders: fieldErrors.teamNotFound(responder) }) };
    }
  }

  const details: Record<string, string> = {};
  if (body.details !== null && typeof body.details === "object") {
    for (const [k, v] of Object.entries(body.details as Record<string, unknown>)) details[k] = String(v);
  }
  return {
    ok: true,
    value: {
      kind: "create",
      message,
      alias,
      priority,
      tags: strings(body.tags),
      responders,
      description: text(body.description),
      entity: text(body.entity),
      // "Default value is IP address of the incoming request" (Create Alert field table).
      source: text(body.source) || clientIp,
      details,
      actions: strings(body.actions),
    },
  };
}
