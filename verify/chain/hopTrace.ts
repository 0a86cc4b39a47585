import { MockControl } from "../../mock-endpoints/controlClient";
import type { Hop } from "../../mock-endpoints/core/hopLog";
import type { ServiceName } from "../../mock-endpoints/core/types";
import type { ChainTarget } from "./chainRoutes";

/** Every mock's hops for one chain, oldest first: "what happened to event X". */
export async function traceOf(mocks: Partial<Record<ServiceName, string>>, correlationId: string): Promise<Hop[]> {
  const names = (["sentry", "datadog", "pagerduty", "opsgenie", "slack"] as const).filter((name) => mocks[name]);
  const hops = await Promise.all(names.map((name) => new MockControl(mocks[name] as string).hops(correlationId).catch(() => [] as Hop[])));
  return hops.flat().sort((a, b) => a.at.localeCompare(b.at) || a.seq - b.seq);
}

/** Where each mock stands on a chain: sources, then the vendors they page, then chat. */
const chainOrder = ["sentry", "datadog", "pagerduty", "opsgenie", "slack"];

/** Whether a hop is on the way to the target: the source's own steps, then the steps towards that vendor. */
function onTheWay(hop: Hop, target: ChainTarget): boolean {
  if (hop.service === "sentry" && /^(event stored|issue|issue alerts|workflow|rule)\b/.test(hop.step)) return true;
  if (hop.service === "datadog" && hop.step.startsWith("monitor")) return true;
  if (target.kind === "pagerduty") return /PagerDuty action|notify @pagerduty-/.test(hop.step) || hop.service === "pagerduty" && !hop.step.startsWith("Slack connection");
  if (target.kind === "opsgenie") return /Opsgenie action|notify @opsgenie-/.test(hop.step) || hop.service === "opsgenie";
  if (target.from === "PagerDuty") return (hop.service === "pagerduty" && hop.step.startsWith("Slack connection")) || (hop.service === "slack" && hop.detail.startsWith("PagerDuty"));
  if (target.from === "Sentry") return /Slack action/.test(hop.step) || (hop.service === "slack" && hop.detail.startsWith("Sentry"));
  return /notify @slack-/.test(hop.step) || (hop.service === "slack" && hop.detail.startsWith("Datadog"));
}

/**
 * Why a target was not reached, from the mocks' hop log: the first step on its way that failed
 * or was not taken (a refused key, a draft, a missing service object, a deleted channel, a filter
 * that did not match), in the mock's words; undefined when the log has no such step.
 */
export function whyNotReached(hops: readonly Hop[], target: ChainTarget): string | undefined {
  const relevant = hops.filter((h) => onTheWay(h, target));
  // The sender's step first, then the receiver's words for it (a sender records its hop when the answer comes, after the receiver did).
  const broken = relevant.filter((h) => h.outcome === "failed").sort((a, b) => chainOrder.indexOf(a.service) - chainOrder.indexOf(b.service));
  if (broken.length > 0) return [...new Set(broken.map((h) => `${h.service}: ${h.step}: ${h.detail}`))].join("; ");
  // Skipped steps explain only when nothing on the way went through (e.g. every workflow filtered out).
  const alerts = relevant.filter((h) => /^(workflow|rule|issue alerts)/.test(h.step));
  if (alerts.length > 0 && alerts.every((h) => h.outcome === "skipped")) return alerts.map((h) => `${h.service}: ${h.step}: ${h.detail}`).join("; ");
  const skipped = relevant.find((h) => h.outcome === "skipped" && !/^(workflow|rule)/.test(h.step));
  return skipped ? `${skipped.service}: ${skipped.step}: ${skipped.detail}` : undefined;
}

/** What the source's alert did at the vendor that sent it on (Sentry's actions, Datadog's notifications), for the wrong-target case. */
export function sentTowards(hops: readonly Hop[], kind: ChainTarget["kind"]): string[] {
  const pattern = kind === "pagerduty" ? /PagerDuty action|notify @pagerduty-/ : kind === "opsgenie" ? /Opsgenie action|notify @opsgenie-/ : /Slack action|notify @slack-/;
  return hops.filter((h) => pattern.test(h.step) && h.outcome === "done").map((h) => `${h.step} (${h.detail})`);
}
