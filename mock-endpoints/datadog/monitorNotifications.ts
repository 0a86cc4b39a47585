import type { PeerReply } from "../core/peers";
import { keyTail } from "../core/hopLog";
import { linksOf } from "../core/stateLinks";
import { asHandle } from "./monitorRules";
import type { DatadogState, MonitorRecord } from "./state";

/** `@pagerduty-…`, `@opsgenie-…`, `@slack-…`: the notification handles of a monitor's message. */
const handles = /@(pagerduty|opsgenie|slack)-([\w.-]*[\w-])/g;

/** A Slack tile channel's handle: `@slack-<account>-<channel without #>`. */
const slackHandle = (account: string, channel: string): string => `${account}-${channel.replace(/^#/, "")}`;

function outcome(reply: PeerReply, ok: (status: number, text: string) => boolean): { ok: boolean; detail: string } {
  if ("error" in reply) return { ok: false, detail: reply.error };
  return { ok: ok(reply.status, reply.text), detail: `${reply.status} ${reply.text.replace(/\s+/g, " ").slice(0, 200)}` };
}

/**
 * Notifies each handle of the monitor's message, as Datadog's integrations do: a PagerDuty
 * service object's key to the Events API (the mock's payload: Datadog does not document its own),
 * an Opsgenie service object's key to the Alert API, a Slack tile channel through Datadog's Slack
 * app. A handle that matches no service object or channel notifies no one: that is the hop that
 * broke (Datadog only checks handles when a monitor is saved, not when the object goes later).
 * @see https://docs.datadoghq.com/integrations/pagerduty/ ("@pagerduty-<service name with dashes>")
 */
export function notifyHandles(state: DatadogState, monitor: MonitorRecord, transition: "Triggered" | "Recovered", correlation: string): void {
  const links = linksOf(state);
  if (!links) return;
  const name = String(monitor.name);
  const title = `[${transition}] ${name}`;
  for (const [mention, kind, target] of String(monitor.message).matchAll(handles)) {
    const step = `notify ${mention}`;
    const hop = (ok: boolean, detail: string) => links.hops.record(correlation, step, ok ? "done" : "failed", detail);
    if (kind === "pagerduty") {
      const service = [...state.pagerdutyServices.values()].find((s) => asHandle(s.serviceName) === target);
      if (!state.pagerdutyIntegrationActive) {
        hop(false, "the Datadog PagerDuty tile is not installed: no PagerDuty notification");
        continue;
      }
      if (!service) {
        hop(false, `no PagerDuty service object's name gives ${mention} (the service object is missing): nothing sent`);
        continue;
      }
      const body = {
        routing_key: service.serviceKey,
        event_action: transition === "Triggered" ? "trigger" : "resolve",
        dedup_key: `datadog-monitor-${monitor.id}`,
        payload: { summary: title, source: "datadog", severity: "error", custom_details: { monitor_id: monitor.id, message: monitor.message, query: monitor.query } },
      };
      void links.peers.post("pagerduty", "/v2/enqueue", body, {}, correlation).then((reply) => {
        const { ok, detail } = outcome(reply, (status) => status === 202);
        hop(ok, `${transition.toLowerCase()} sent to service object "${service.serviceName}" with key ${keyTail(service.serviceKey)}: PagerDuty answered ${detail}`);
      });
    } else if (kind === "opsgenie") {
      const service = [...state.opsgenieServices.values()].find((s) => asHandle(s.name) === target);
      if (!service) {
        hop(false, `no Opsgenie service object is named "${target}" (the service object is missing): nothing sent`);
        continue;
      }
      if (transition !== "Triggered") continue;
      const body = { message: title.slice(0, 130), alias: `datadog-monitor-${monitor.id}`, source: "Datadog", description: String(monitor.message), tags: monitor.tags, priority: "P3" };
      void links.peers.post("opsgenie", "/v2/alerts", body, { authorization: `GenieKey ${service.opsgenieApiKey}` }, correlation).then((reply) => {
        const { ok, detail } = outcome(reply, (status) => status === 202);
        hop(ok, `alert sent through service object "${service.name}" (${service.region}) with key ${keyTail(service.opsgenieApiKey)}: Opsgenie answered ${detail}`);
      });
    } else {
      const channel = [...state.slackAccounts].flatMap(([account, channels]) => channels.map((c) => ({ account, channelName: c.name }))).find((c) => slackHandle(c.account, c.channelName) === target);
      if (!channel) {
        hop(false, `no channel of the Slack tile gives ${mention} (the channel is missing): nothing sent`);
        continue;
      }
      const body = { channel: channel.channelName, text: `${title}\n${String(monitor.message)}` };
      void links.peers.postSlackMessage(channel.account, "datadog", body, correlation).then(({ reply, answer }) => {
        hop(answer.ok === true, answer.ok ? `posted to ${channel.channelName} in "${channel.account}"` : `Slack refused ${channel.channelName}: ${answer.error ?? outcome(reply, () => false).detail}`);
      });
    }
  }
}
