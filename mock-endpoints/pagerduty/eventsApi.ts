import { correlationOf, keyTail } from "../core/hopLog";
import { recordHop } from "../core/stateLinks";
import type { MockReply, MockRequest, Route } from "../core/types";
import { enqueuePath, eventsReply } from "./errors";
import { eventErrors, maxEventBytes, validateEvent } from "./eventValidation";
import { acceptEvent } from "./processing";
import { type PagerDutyState, newKey } from "./state";

function parse(request: MockRequest): Record<string, unknown> | undefined {
  try {
    const body = request.json();
    return typeof body === "object" && body !== null && !Array.isArray(body) ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function enqueue(state: PagerDutyState, request: MockRequest): MockReply {
  if (request.body.length > maxEventBytes) return eventsReply.invalid([eventErrors.tooLarge]);
  const body = parse(request);
  if (!body) return eventsReply.unrecognized();
  const checked = validateEvent(body);
  if ("errors" in checked) return eventsReply.invalid(checked.errors);
  // A trigger without a dedup key gets one PagerDuty generates, echoed in the 202.
  const { routingKey, action, summary, severity } = checked.event;
  const correlationId = correlationOf(request);
  // robusta-dev/robusta#571 quotes PagerDuty's answer to a key of no integration: 400 "Invalid routing key".
  if (state.unknownRoutingKeys === "refuse" && !state.integrationsByKey.has(routingKey)) {
    recordHop(state, correlationId, `${action} event`, "failed", `refused (400 Invalid routing key): routing key ${keyTail(routingKey)} is no integration's key`);
    return eventsReply.invalid(["Invalid routing key"]);
  }
  const dedupKey = checked.event.dedupKey ?? newKey();
  recordHop(state, correlationId, `${action} event`, "done", `accepted (202) with routing key ${keyTail(routingKey)}, dedup key ${dedupKey}`);
  acceptEvent(state, { routingKey, action, dedupKey, summary, severity, ...(correlationId ? { correlationId } : {}) });
  return eventsReply.accepted(dedupKey);
}

/** Events API v2: no auth header, the routing key travels in the body. */
export function eventsRoutes(state: PagerDutyState): Route[] {
  return [{ method: "POST", path: enqueuePath, handle: (request) => enqueue(state, request) }];
}
