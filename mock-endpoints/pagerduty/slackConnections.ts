import { SeedError } from "../core/types";
import { linksOf } from "../core/stateLinks";
import type { IncidentRecord, PagerDutyState, ServiceRecord, SlackConnectionRecord } from "./state";
import { newObjectId } from "./state";

/** The incident events a connection may post, in PagerDuty's spelling. */
const incidentEvents = ["incident.triggered", "incident.acknowledged", "incident.escalated", "incident.resolved", "incident.reassigned", "incident.priority_updated", "incident.annotated"];

/** A `slackConnections` seed entry, checked; `serviceIds` are the services the state and this seed know. */
export function slackConnectionOf(raw: unknown, index: number, serviceIds: ReadonlySet<string>): SlackConnectionRecord {
  const where = `slackConnections[${index}]`;
  const entry = (raw ?? {}) as Record<string, unknown>;
  if (typeof entry.source_id !== "string" || !serviceIds.has(entry.source_id)) throw new SeedError(`${where} "source_id" must be the id of a service the mock has or this body seeds`);
  if (typeof entry.workspace_id !== "string" || !/^T[A-Z0-9]+$/.test(entry.workspace_id)) throw new SeedError(`${where} needs "workspace_id": the Slack workspace (T…)`);
  if (typeof entry.channel_id !== "string" || !/^[CG][A-Z0-9]+$/.test(entry.channel_id)) throw new SeedError(`${where} needs "channel_id": the Slack channel (C… or G…)`);
  const events = entry.events ?? ["incident.triggered", "incident.resolved"];
  if (!Array.isArray(events) || !events.every((e) => incidentEvents.includes(e as string))) throw new SeedError(`${where} "events" must be a list of ${incidentEvents.join(", ")}`);
  return {
    id: typeof entry.id === "string" ? entry.id : newObjectId(),
    source_id: entry.source_id,
    workspace_id: entry.workspace_id,
    channel_id: entry.channel_id,
    channel_name: typeof entry.channel_name === "string" ? entry.channel_name : "",
    events: events as string[],
    notification_type: entry.notification_type === "stakeholder" ? "stakeholder" : "responder",
  };
}

const titles: Record<string, { label: string; color: string }> = {
  "incident.triggered": { label: "Triggered", color: "#d0021b" },
  "incident.resolved": { label: "Resolved", color: "#2eb886" },
  "incident.acknowledged": { label: "Acknowledged", color: "#f8a31b" },
};

/**
 * Posts an incident event to each Slack channel the service is connected to, as PagerDuty's Slack
 * app does (`chat.postMessage` with the app's bot token; the message layout is the mock's, as
 * PagerDuty does not document it). Each post is a hop of the chain that opened the incident; a
 * refusal (a deleted channel: `channel_not_found`) is recorded as the hop that broke.
 */
export function postToSlack(state: PagerDutyState, service: ServiceRecord, incident: IncidentRecord, event: string, correlationId: string | undefined): void {
  const links = linksOf(state);
  const connections = state.slackConnections.filter((c) => c.source_id === service.id && c.events.includes(event));
  if (!links || connections.length === 0) return;
  const title = titles[event] ?? { label: event, color: "#cccccc" };
  const correlation = correlationId ?? `pagerduty-incident-${incident.id}`;
  for (const connection of connections) {
    const target = `Slack channel ${connection.channel_name ? `#${connection.channel_name.replace(/^#/, "")} ` : ""}(${connection.channel_id})`;
    const body = {
      channel: connection.channel_id,
      text: `${title.label}: [#${incident.incident_number}] ${incident.title}`,
      attachments: [{ color: title.color, fields: [{ title: "Service", value: service.name, short: true }, { title: "Urgency", value: incident.urgency, short: true }] }],
    };
    void links.peers.postSlackMessage(connection.workspace_id, "pagerduty", body, correlation).then(({ reply, answer }) => {
      const step = `Slack connection ${connection.id} → ${target}`;
      if ("error" in reply) return links.hops.record(correlation, step, "failed", `${event} not posted: ${reply.error}`);
      if (reply.status === 200 && answer.ok) return links.hops.record(correlation, step, "done", `${event} for incident #${incident.incident_number} posted`);
      return links.hops.record(correlation, step, "failed", `${event} for incident #${incident.incident_number} refused by Slack: ${answer.error ?? `HTTP ${reply.status}`}`);
    });
  }
}
