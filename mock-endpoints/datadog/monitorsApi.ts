import { json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { management } from "./auth";
import { datadogError } from "./errors";
import { type JsonObject, readObject } from "./jsonBody";
import { evaluateMonitors } from "./monitorEvaluation";
import { criticalFromQuery, monitorProblem } from "./monitorRules";
import type { DatadogState, DraftStatus, MonitorRecord } from "./state";

/** Datadog's timestamps carry microseconds and an explicit offset: `2022-10-28T19:34:06.916192+00:00`. */
const timestamp = (date: Date): string => date.toISOString().replace("Z", "000+00:00");

/**
 * The monitor as Datadog answers it: every field of the recorded responses in Datadog's own client
 * cassettes ("Create a metric monitor returns OK"), so the official client's deserializer finds all it needs.
 * Datadog stores a `metric alert` as a `query alert` and fills `thresholds.critical` from the query.
 */
export function buildMonitor(body: JsonObject, id: number, now = new Date()): MonitorRecord {
  const type = body.type === "metric alert" ? "query alert" : (body.type as string);
  const query = body.query as string;
  const given = (body.options as JsonObject | undefined) ?? {};
  const thresholds = { ...((given.thresholds as JsonObject | null | undefined) ?? {}) };
  const critical = criticalFromQuery(body.type as string, query);
  if (critical !== undefined && thresholds.critical == null) thresholds.critical = critical;
  const options: JsonObject = { notify_audit: false, include_tags: true, new_host_delay: 300, notify_no_data: false, silenced: {}, ...given };
  if (Object.keys(thresholds).length > 0) options.thresholds = thresholds;
  return {
    id,
    org_id: 1,
    type,
    query,
    name: (body.name as string | undefined) ?? "",
    message: (body.message as string | undefined) ?? "",
    tags: (body.tags as string[] | undefined) ?? [],
    options,
    priority: (body.priority as number | null | undefined) ?? null,
    restricted_roles: (body.restricted_roles as string[] | null | undefined) ?? null,
    draft_status: (body.draft_status as DraftStatus | undefined) ?? "published",
    multi: /\bby\s*\{/.test(query),
    deleted: null,
    created: timestamp(now),
    created_at: now.getTime(),
    modified: timestamp(now),
    creator: { id: 1, handle: "mock@example.com", name: null, email: "mock@example.com" },
    overall_state: "No Data",
    overall_state_modified: null,
    matching_downtimes: [],
  };
}

/** The request's monitor definition, or the 400 Datadog answers for it. */
function definition(state: DatadogState, request: MockRequest): { body: JsonObject } | { refusal: MockReply } {
  const body = readObject(request);
  if (!body) return { refusal: datadogError.badRequest("Invalid JSON") }; // (unconfirmed text)
  const problem = monitorProblem(state, body);
  return problem ? { refusal: datadogError.badRequest(problem) } : { body };
}

function create(state: DatadogState, request: MockRequest): MockReply {
  const checked = definition(state, request);
  if ("refusal" in checked) return checked.refusal;
  const monitor = buildMonitor(checked.body, state.nextMonitorId++);
  state.monitors.set(monitor.id, monitor);
  return json(200, monitor);
}

function validate(state: DatadogState, request: MockRequest): MockReply {
  const checked = definition(state, request);
  // Recorded from the real API (datadogpy integration tests): a valid definition answers `{}`.
  return "refusal" in checked ? checked.refusal : json(200, {});
}

function monitorOf(state: DatadogState, request: MockRequest): MonitorRecord | undefined {
  return /^\d+$/.test(request.params.id) ? state.monitors.get(Number(request.params.id)) : undefined;
}

/** Runs `read` as a read of monitors: monitors are evaluated first, and the read counts towards points not yet due. */
function observe(state: DatadogState, read: () => MockReply): MockReply {
  evaluateMonitors(state);
  const reply = read();
  state.monitorReads += 1;
  return reply;
}

/**
 * `PUT /api/v1/monitor/{id}`: the fields given replace the monitor's (`type` cannot change),
 * checked as a new definition would be (a handle that matches nothing is refused here too). How
 * a monitor is published or put back to draft (`draft_status`).
 * @see https://docs.datadoghq.com/api/latest/monitors/#edit-a-monitor
 */
function edit(state: DatadogState, request: MockRequest, monitor: MonitorRecord): MockReply {
  const body = readObject(request);
  if (!body) return datadogError.badRequest("Invalid JSON"); // (unconfirmed text)
  const merged: JsonObject = { type: monitor.type, query: monitor.query, name: monitor.name, message: monitor.message, tags: monitor.tags, priority: monitor.priority, draft_status: monitor.draft_status, options: monitor.options, ...body };
  if (merged.type !== monitor.type) return datadogError.badRequest("The value provided for parameter 'type' is invalid"); // (unconfirmed text)
  const problem = monitorProblem(state, merged);
  if (problem) return datadogError.badRequest(problem);
  // `modified` moves on; `created` and the evaluated state stay.
  const rebuilt = buildMonitor(merged, monitor.id, new Date());
  Object.assign(monitor, { ...rebuilt, created: monitor.created, created_at: monitor.created_at, overall_state: monitor.overall_state, overall_state_modified: monitor.overall_state_modified });
  return json(200, monitor);
}

function list(state: DatadogState, request: MockRequest): MockReply {
  const name = request.query.get("name")?.toLowerCase();
  const tags = request.query.get("monitor_tags")?.split(",").filter(Boolean) ?? [];
  const monitors = [...state.monitors.values()].filter(
    (m) => (!name || (m.name as string).toLowerCase().includes(name)) && tags.every((t) => (m.tags as string[]).includes(t)),
  );
  return json(200, monitors);
}

/**
 * Monitors (management: both keys).
 * @see https://docs.datadoghq.com/api/latest/monitors/
 */
export function monitorsRoutes(state: DatadogState): Route[] {
  return [
    { method: "POST", path: "/api/v1/monitor/validate", handle: management((request) => validate(state, request)) },
    { method: "POST", path: "/api/v1/monitor", handle: management((request) => create(state, request)) },
    { method: "GET", path: "/api/v1/monitor", handle: management((request) => observe(state, () => list(state, request))) },
    {
      method: "GET",
      path: "/api/v1/monitor/:id",
      handle: management((request) =>
        observe(state, () => {
          const monitor = monitorOf(state, request);
          return monitor ? json(200, monitor) : datadogError.monitorNotFound();
        }),
      ),
    },
    {
      method: "PUT",
      path: "/api/v1/monitor/:id",
      handle: management((request) => {
        const monitor = monitorOf(state, request);
        return monitor ? edit(state, request, monitor) : datadogError.monitorNotFound();
      }),
    },
    {
      method: "DELETE",
      path: "/api/v1/monitor/:id",
      handle: management((request) => {
        const monitor = monitorOf(state, request);
        if (!monitor) return datadogError.monitorNotFound();
        state.monitors.delete(monitor.id);
        // Recorded from the real API: {"deleted_monitor_id": <id>}.
        return json(200, { deleted_monitor_id: monitor.id });
      }),
    },
  ];
}
