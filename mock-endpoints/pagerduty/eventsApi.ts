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
  const dedupKey = checked.event.dedupKey ?? newKey();
  acceptEvent(state, { routingKey, action, dedupKey, summary, severity });
  return eventsReply.accepted(dedupKey);
}

/** Events API v2: no auth header, the routing key travels in the body. */
export function eventsRoutes(state: PagerDutyState): Route[] {
  return [{ method: "POST", path: enqueuePath, handle: (request) => enqueue(state, request) }];
}
