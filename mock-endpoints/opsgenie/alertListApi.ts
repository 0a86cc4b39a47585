import type { MockReply, MockRequest, Route } from "../core/types";
import { alertView } from "./alertsApi";
import { authenticate } from "./auth";
import { observe } from "./processing";
import { opsgenieReply } from "./reply";
import type { AlertRecord, OpsgenieState } from "./state";

const defaultLimit = 20;
const maxLimit = 100;

/** A team integration's key sees its team's alerts only: those it sent or that name the team as responder. */
function visibleTo(state: OpsgenieState, integrationId: string): (alert: AlertRecord) => boolean {
  const team = state.integrations.get(integrationId)?.ownerTeam;
  if (!team) return () => true;
  return (alert) => alert.integration.id === integrationId || alert.responders.some((r) => r.type === "team" && (r.id === team.id || r.name === team.name));
}

/**
 * List Alerts (`GET /v2/alerts`), newest first, `limit` 20 by default and at most 100. Sentry
 * calls it with each team-table key to check the key before saving the row (a 401 there is
 * "Invalid integration key"). An observing read, like every GET under `/v2/alerts`.
 * @see https://docs.opsgenie.com/docs/alert-api#list-alerts
 */
function list(state: OpsgenieState, request: MockRequest): MockReply {
  const auth = authenticate(state, request, "read");
  if (!auth.ok) return auth.reply;
  const asked = Number.parseInt(request.query.get("limit") ?? "", 10);
  const limit = Number.isNaN(asked) || asked < 1 ? defaultLimit : Math.min(asked, maxLimit);
  return observe(state, () => {
    const alerts = [...state.alerts.values()].filter(visibleTo(state, auth.key.integrationId)).reverse().slice(0, limit);
    return opsgenieReply(200, { data: alerts.map(alertView) });
  });
}

export function alertListRoutes(state: OpsgenieState): Route[] {
  return [{ method: "GET", path: "/v2/alerts", handle: (request) => list(state, request) }];
}
