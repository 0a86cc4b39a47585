import { randomUUID } from "node:crypto";
import { duePolicyOf } from "../core/duePolicy";
import { SeedError } from "../core/types";
import { type JsonObject, isObject, nonEmptyString } from "./jsonBody";
import { monitorProblem } from "./monitorRules";
import { buildMonitor } from "./monitorsApi";
import { displayOf } from "./slackApi";
import { type DatadogSite, type DatadogState, type OpsgenieRegion, datadogSites, opsgenieRegions } from "./state";

const seedKeys = ["site", "pagerdutyIntegrationActive", "strictHandles", "pagerdutyServices", "opsgenieServices", "slackChannels", "slackAccounts", "monitors", "eventIndexing", "evaluation"];
/** The key a seeded service object gets when none is given; the API never shows it anyway. */
const seededKey = "0".repeat(32);

function flag(body: JsonObject, key: string): boolean | undefined {
  if (body[key] === undefined) return undefined;
  if (typeof body[key] !== "boolean") throw new SeedError(`"${key}" must be true or false`);
  return body[key] as boolean;
}

function list(body: JsonObject, key: string): unknown[] {
  if (body[key] === undefined) return [];
  if (!Array.isArray(body[key])) throw new SeedError(`"${key}" must be an array`);
  return body[key] as unknown[];
}

/** Installs the Slack app in the account (if it is not yet) and adds each channel it does not have yet. */
function addSlackChannels(state: DatadogState, account: string, channels: readonly string[]): void {
  const known = state.slackAccounts.get(account) ?? [];
  for (const name of channels) if (!known.some((c) => c.name === name)) known.push({ name, display: displayOf(undefined) as Record<string, boolean> });
  state.slackAccounts.set(account, known);
}

function applyServices(state: DatadogState, body: JsonObject): void {
  for (const entry of list(body, "pagerdutyServices")) {
    const name = typeof entry === "string" ? entry : isObject(entry) ? entry.service_name : undefined;
    const key = isObject(entry) && entry.service_key !== undefined ? entry.service_key : seededKey;
    if (!nonEmptyString(name) || !nonEmptyString(key)) throw new SeedError('each of "pagerdutyServices" is a name or { "service_name", "service_key"? }');
    state.pagerdutyServices.set(name, { serviceName: name, serviceKey: key });
  }
  for (const entry of list(body, "opsgenieServices")) {
    const o: JsonObject = typeof entry === "string" ? { name: entry } : isObject(entry) ? entry : {};
    const region = (o.region ?? "us") as OpsgenieRegion;
    if (!nonEmptyString(o.name) || !opsgenieRegions.includes(region)) throw new SeedError('each of "opsgenieServices" is a name or { "name", "region"?: "us" | "eu" | "custom", "custom_url"? }');
    const id = randomUUID();
    const key = o.opsgenie_api_key === undefined ? randomUUID() : o.opsgenie_api_key;
    if (!nonEmptyString(key)) throw new SeedError(`opsgenie service "${o.name}": "opsgenie_api_key" must be a non-empty string`);
    state.opsgenieServices.set(id, { id, name: o.name, region, customUrl: typeof o.custom_url === "string" ? o.custom_url : null, opsgenieApiKey: key });
  }
  for (const entry of list(body, "slackChannels")) {
    if (!isObject(entry) || !nonEmptyString(entry.account) || !nonEmptyString(entry.channel_name) || !entry.channel_name.startsWith("#")) {
      throw new SeedError('each of "slackChannels" is { "account", "channel_name": "#name" }');
    }
    // The Slack tile's channels (a stack's datadog.slack.Channel): the app installed in the account, the channel added.
    addSlackChannels(state, entry.account, [entry.channel_name]);
  }
}

function applySlack(state: DatadogState, body: JsonObject): void {
  for (const entry of list(body, "slackAccounts")) {
    const channels = isObject(entry) ? (entry.channels ?? []) : undefined;
    if (!isObject(entry) || !nonEmptyString(entry.name) || !Array.isArray(channels) || !channels.every((c) => nonEmptyString(c) && c.startsWith("#"))) {
      throw new SeedError('each of "slackAccounts" is { "name", "channels"?: ["#channel", …] }');
    }
    addSlackChannels(state, entry.name, channels as string[]);
  }
}

function applyMonitors(state: DatadogState, body: JsonObject): void {
  for (const [index, entry] of list(body, "monitors").entries()) {
    if (!isObject(entry)) throw new SeedError(`"monitors[${index}]" must be a monitor definition object`);
    const { created, ...definition } = entry;
    const at = created === undefined ? new Date() : new Date(String(created));
    if (Number.isNaN(at.getTime())) throw new SeedError(`"monitors[${index}].created" must be a date (ISO 8601)`);
    const problem = monitorProblem(state, definition);
    if (problem) throw new SeedError(`"monitors[${index}]": Datadog would refuse it: ${problem}`);
    // An `id` seeds a monitor a stack already created (its id is in the stack's outputs).
    if (entry.id !== undefined && (!Number.isSafeInteger(entry.id) || (entry.id as number) < 1 || state.monitors.has(entry.id as number))) {
      throw new SeedError(`"monitors[${index}].id" must be a positive whole number no monitor has`);
    }
    const id = (entry.id as number | undefined) ?? state.nextMonitorId;
    state.nextMonitorId = Math.max(state.nextMonitorId, id + 1);
    const monitor = buildMonitor(definition, id, at);
    state.monitors.set(monitor.id, monitor);
  }
}

/**
 * Applies a seed body (documented on `datadogMock`). Flags replace the current value; listed
 * service objects and monitors are added. All or nothing: on a bad body the state is left as it was.
 */
export function seedDatadog(state: DatadogState, body: unknown): void {
  if (!isObject(body)) throw new SeedError(`expected an object with any of ${seedKeys.join(", ")}`);
  const unknown = Object.keys(body).filter((key) => !seedKeys.includes(key));
  if (unknown.length > 0) throw new SeedError(`unknown seed keys ${unknown.join(", ")}; expected any of ${seedKeys.join(", ")}`);
  if (body.site !== undefined && !datadogSites.includes(body.site as DatadogSite)) throw new SeedError(`"site" must be one of ${datadogSites.join(", ")}`);
  const indexing = body.eventIndexing === undefined ? undefined : duePolicyOf(body.eventIndexing, "eventIndexing", "reads of events before a new one is found");
  const evaluation = body.evaluation === undefined ? undefined : duePolicyOf(body.evaluation, "evaluation", "reads of monitors before a new point counts");

  const before = {
    ...state,
    nextMonitorId: state.nextMonitorId,
    monitors: new Map(state.monitors),
    pagerdutyServices: new Map(state.pagerdutyServices),
    opsgenieServices: new Map(state.opsgenieServices),
    slackAccounts: new Map([...state.slackAccounts].map(([account, channels]) => [account, [...channels]])),
  };
  try {
    state.site = (body.site as DatadogSite | undefined) ?? state.site;
    state.pagerdutyIntegrationActive = flag(body, "pagerdutyIntegrationActive") ?? state.pagerdutyIntegrationActive;
    state.strictHandles = flag(body, "strictHandles") ?? state.strictHandles;
    state.eventIndexing = indexing ?? state.eventIndexing;
    state.evaluation = evaluation ?? state.evaluation;
    applyServices(state, body);
    applySlack(state, body);
    applyMonitors(state, body);
  } catch (error) {
    Object.assign(state, before);
    throw error;
  }
}
