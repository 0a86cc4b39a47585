import { type DatadogKeys, datadogPaths, datadogRequest } from "../../vendors/datadog/datadogApi";
import type { Inventory } from "../inventory";

export interface DatadogTarget extends DatadogKeys {
  /** Slack accounts whose channels to read (Datadog lists channels per account only). */
  slackAccounts: string[];
}

type Monitor = { id: number | string; name?: string; message?: string; tags?: string[]; draft_status?: string; created?: string };

/**
 * A Datadog org's part of the inventory: the PagerDuty tile's service objects (none while the
 * tile is not installed: 404), the Opsgenie service objects, the Slack channels of the given
 * accounts (none for an account without the Datadog Slack app: 404), and every monitor.
 * @see https://docs.datadoghq.com/api/latest/monitors/#get-all-monitor-details
 */
export async function readDatadog(target: DatadogTarget): Promise<Inventory["datadog"]> {
  const get = (path: string) => datadogRequest(target, { method: "GET", path, tolerated: [404] });
  const [tile, opsgenie, monitors, ...channels] = await Promise.all([
    get(datadogPaths.pagerdutyTile),
    get(datadogPaths.opsgenieServiceObjects),
    get(datadogPaths.monitors),
    ...target.slackAccounts.map((account) => get(datadogPaths.slackChannels(account))),
  ]);
  const services = tile.status === 404 ? [] : ((tile.body as { services?: { service_name: string }[] }).services ?? []);
  const opsgenieObjects = opsgenie.status === 404 ? [] : ((opsgenie.body as { data?: { attributes?: { name?: string } }[] }).data ?? []);
  return {
    pagerdutyServiceObjects: services.map((s) => ({ name: s.service_name })),
    opsgenieServiceObjects: opsgenieObjects.map((o) => ({ name: String(o.attributes?.name ?? "") })),
    slackChannels: channels.flatMap((reply, i) =>
      reply.status === 404 ? [] : ((reply.body as { name: string }[]) ?? []).map((c) => ({ account: target.slackAccounts[i], channel: c.name.replace(/^#/, "") })),
    ),
    monitors: ((monitors.body as Monitor[] | undefined) ?? []).map((m) => ({
      id: String(m.id),
      name: m.name ?? "",
      message: m.message ?? "",
      tags: m.tags ?? [],
      // A monitor made before drafts existed has no draft_status: it is published.
      draft: m.draft_status === "draft",
      ...(m.created ? { createdAt: m.created } : {}),
    })),
  };
}
