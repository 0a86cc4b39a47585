import type { HopLine } from "./chainResult";
import type { ChainTarget } from "./chainRoutes";
import { mockChainCredentials } from "./chainEndpoints";
import { recentAlerts } from "./opsgenieHops";
import { incidentsSince } from "./pagerdutyHops";
import { channelMessages } from "./slackHops";
import type { SourceRun } from "./sourceRun";
import type { Recognise } from "./targetArrival";

/** The Opsgenie keys the negative proof reads with: mock mode sees every alert; real mode the stack's integrations' views. */
function readerKeys(run: SourceRun, outputs: Record<string, any>): string[] {
  if (run.mode === "mock") return [mockChainCredentials.opsgenieReader];
  return Object.values((outputs.opsgenieApiKeys ?? {}) as Record<string, string>);
}

/**
 * The negative proof: after the hops, everything carrying the alert's marker is looked for where
 * it must not be: every PagerDuty incident on any service, every Opsgenie alert the keys can see,
 * and the other environments' Slack channels. Anything there is a FAIL naming the service and its
 * environment (a dev error must never page prod); what was found is kept for the clean-up.
 */
export async function proveNotElsewhere(run: SourceRun, expected: readonly ChainTarget[], recognise: Recognise, outputs: Record<string, any>): Promise<HopLine> {
  const { endpoints, elsewhere } = run.options;
  const deadline = run.deadline();
  const http = run.http(deadline);
  const wrong: string[] = [];
  const environmentOf = (kind: ChainTarget["kind"], id: string): string => {
    const other = elsewhere.find(({ target }) => (target.kind === "pagerduty" && kind === "pagerduty" && target.serviceId === id) || (target.kind === "opsgenie" && kind === "opsgenie" && target.integrationName === id));
    return other ? `${other.environment}, stack ${other.stack}` : "not a target of this stack";
  };
  try {
    if (endpoints.pagerduty) {
      const ids = new Set(expected.flatMap((t) => (t.kind === "pagerduty" ? [t.serviceId] : [])));
      for (const incident of (await incidentsSince(http, endpoints.pagerduty, run.startedAt)).filter((i) => recognise(i.title))) {
        run.incidents.set(incident.id, incident);
        if (!ids.has(incident.service.id)) wrong.push(`PagerDuty service "${incident.service.summary}" (${incident.service.id}; ${environmentOf("pagerduty", incident.service.id)}): incident #${incident.incident_number}`);
      }
    }
    if (endpoints.opsgenie) {
      const names = new Set(expected.flatMap((t) => (t.kind === "opsgenie" ? [t.integrationName] : [])));
      for (const key of readerKeys(run, outputs)) {
        for (const alert of (await recentAlerts(http, endpoints.opsgenie.apiUrl, key, run.search)).filter((a) => recognise(a.message))) {
          if (run.alerts.has(alert.id)) continue;
          run.alerts.set(alert.id, { alert, key });
          const through = alert.integration?.name ?? "an unknown integration";
          if (!names.has(through)) wrong.push(`Opsgenie alert ${alert.tinyId} through "${through}" (${environmentOf("opsgenie", through)})`);
        }
      }
    }
    const ownChannels = new Set(expected.flatMap((t) => (t.kind === "slack" ? [t.channelId] : [])));
    const otherChannels = [...new Map(elsewhere.flatMap(({ environment, target }) => (target.kind === "slack" && target.channelId && !ownChannels.has(target.channelId) ? [[target.channelId, { environment, target }]] : []))).values()];
    if (endpoints.slack.token) {
      for (const { environment, target } of otherChannels) {
        if (target.kind !== "slack") continue;
        const found = (await channelMessages(http, endpoints.slack.apiUrl, endpoints.slack.token, target.channelId, Math.floor(run.startedAt.getTime() / 1000))).filter((m) => recognise(JSON.stringify(m)));
        if (found.length > 0) wrong.push(`Slack ${target.channelName} (${target.channelId}; ${environment})`);
      }
    }
  } catch (error) {
    return { hop: "reached nothing else", status: "HOLD", detail: `could not look everywhere: ${error instanceof Error ? error.message : String(error)}` };
  }
  if (wrong.length > 0) return { hop: "reached nothing else", status: "FAIL", latencyMs: run.latency(), detail: `the alert also reached ${wrong.join("; ")}` };
  const others = [...new Set(elsewhere.filter(({ target }) => target.kind === "pagerduty").map(({ environment }) => environment))];
  const where = others.length > 0 ? `; none of the ${elsewhere.filter(({ target }) => target.kind === "pagerduty").length} PagerDuty services of ${others.join(", ")} got it` : "";
  return { hop: "reached nothing else", status: "PASS", detail: `no incident, alert or message carrying it anywhere else${where}` };
}
