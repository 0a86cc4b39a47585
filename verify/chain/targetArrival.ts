import { DeadlineExceeded, HttpStatusError } from "../http/httpErrors";
import { ProbeFailure } from "../probe";
import { mockChainCredentials } from "./chainEndpoints";
import type { HopLine } from "./chainResult";
import { type ChainTarget, describeTarget } from "./chainRoutes";
import { recentAlerts } from "./opsgenieHops";
import { incidentsSince } from "./pagerdutyHops";
import { pollUntil } from "./pollUntil";
import { channelMessages, posterOf } from "./slackHops";
import type { SourceRun } from "./sourceRun";

/** How an arrival is recognised: a text the vendor shows (the marker, or a monitor's name). */
export type Recognise = (text: string) => boolean;

/** The Opsgenie key the chain reads a target's alerts with: its integration's own (mock mode: one that sees every alert). */
export function opsgenieKeyFor(run: SourceRun, outputs: Record<string, any>, service: string): string | undefined {
  return run.mode === "mock" ? mockChainCredentials.opsgenieReader : (outputs.opsgenieApiKeys?.[service] as string | undefined);
}

/** One look for the target: what arrived there, if anything. Keeps whatever it sees carrying the marker, for the clean-up. */
async function look(run: SourceRun, target: ChainTarget, recognise: Recognise, outputs: Record<string, any>, http: ReturnType<SourceRun["http"]>): Promise<string | undefined> {
  const { endpoints } = run.options;
  if (target.kind === "pagerduty") {
    const api = endpoints.pagerduty as NonNullable<typeof endpoints.pagerduty>;
    const incidents = (await incidentsSince(http, api, run.startedAt)).filter((i) => recognise(i.title));
    for (const incident of incidents) run.incidents.set(incident.id, incident);
    const here = incidents.find((i) => i.service.id === target.serviceId);
    return here && `incident #${here.incident_number} (${here.id}) opened on "${here.service.summary ?? target.serviceName}"`;
  }
  if (target.kind === "opsgenie") {
    const key = opsgenieKeyFor(run, outputs, target.service) as string;
    const alerts = (await recentAlerts(http, (endpoints.opsgenie as { apiUrl: string }).apiUrl, key, run.search)).filter((a) => recognise(a.message));
    for (const alert of alerts) run.alerts.set(alert.id, { alert, key });
    const here = alerts.find((a) => a.integration?.name === target.integrationName);
    return here && `alert ${here.tinyId} created through "${target.integrationName}" (team "${target.team}")`;
  }
  const token = endpoints.slack.token as string;
  const messages = await channelMessages(http, endpoints.slack.apiUrl, token, target.channelId, Math.floor(run.startedAt.getTime() / 1000));
  const here = messages.find((m) => posterOf(m) === target.from && recognise(JSON.stringify(m)));
  return here && `message ${here.ts} from ${target.from} in ${target.channelName}`;
}

/**
 * Waits, on its own deadline, for the alert to arrive at one target, and says how long it took.
 * FAIL when it never does (the why is added by the caller, from what it saw); HOLD when the
 * arrival cannot be read back (no credential for that vendor in real mode).
 */
export async function followTarget(run: SourceRun, target: ChainTarget, recognise: Recognise, outputs: Record<string, any>): Promise<HopLine> {
  const hop = describeTarget(target);
  const { endpoints } = run.options;
  if (target.kind === "slack" && !endpoints.slack.token) return { hop, status: "HOLD", detail: "no SLACK_BOT_TOKEN: the message cannot be read back (set a bot token with channels:history)" };
  if (target.kind === "slack" && !target.channelId) return { hop, status: "HOLD", detail: "the route gives no channelId, so the chain cannot read the channel" };
  if (target.kind === "pagerduty" && !endpoints.pagerduty) return { hop, status: "HOLD", detail: "no PAGERDUTY_API_TOKEN: the incident cannot be read back" };
  if (target.kind === "opsgenie" && (!endpoints.opsgenie || !opsgenieKeyFor(run, outputs, target.service))) return { hop, status: "HOLD", detail: "no Opsgenie key for this service in the stack's outputs: the alert cannot be read back" };
  const deadline = run.deadline();
  const http = run.http(deadline);
  try {
    const found = await pollUntil(deadline, run.mode, () => look(run, target, recognise, outputs, http));
    if (found) return { hop, status: "PASS", latencyMs: run.latency(), detail: found };
    if (run.options.interrupt.aborted) return { hop, status: "FAIL", latencyMs: run.latency(), detail: "interrupted (Ctrl-C) before it arrived" };
    return { hop, status: "FAIL", latencyMs: run.latency(), detail: `nothing arrived within ${Math.round(deadline.ms / 1000)} s` };
  } catch (error) {
    if (run.options.interrupt.aborted) return { hop, status: "FAIL", latencyMs: run.latency(), detail: "interrupted (Ctrl-C) before it arrived" };
    if (error instanceof DeadlineExceeded) return { hop, status: "FAIL", latencyMs: run.latency(), detail: `no answer within ${Math.round(deadline.ms / 1000)} s` };
    if (error instanceof ProbeFailure) return { hop, status: "FAIL", detail: `${error.message}: ${error.diagnosis ?? ""}`.replace(/: $/, "") };
    if (error instanceof HttpStatusError) return { hop, status: "FAIL", detail: `${error.label}: HTTP ${error.status} ${error.body.slice(0, 160)}` };
    return { hop, status: "FAIL", detail: error instanceof Error ? error.message : String(error) };
  }
}
