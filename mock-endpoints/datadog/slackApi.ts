import { empty, json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { management } from "./auth";
import { datadogError } from "./errors";
import { type JsonObject, isObject, nonEmptyString, readObject } from "./jsonBody";
import type { DatadogState, SlackChannelRecord } from "./state";

const base = "/api/v1/integration/slack/configuration/accounts/:account/channels";
const displayFields = ["message", "notified", "snapshot", "tags", "mute_buttons"];

/** `SlackIntegrationChannel`: the name with its `#`, and what the alert message shows. */
export function channelView(channel: SlackChannelRecord): JsonObject {
  return { name: channel.name, display: { ...channel.display } };
}

/** The account's channels, or Datadog's 404 when the Slack app is not installed for that account (unconfirmed text). */
function accountOf(state: DatadogState, request: MockRequest): SlackChannelRecord[] | { refusal: MockReply } {
  const channels = state.slackAccounts.get(request.params.account);
  return channels ?? { refusal: datadogError.slackNotFound(`Slack account ${request.params.account} not found`) };
}

/** The display options, Datadog's defaults filled in (`SlackIntegrationChannelDisplay`: all true but mute_buttons). */
export function displayOf(raw: unknown): Record<string, boolean> | string {
  const given = raw === undefined ? {} : raw;
  if (!isObject(given) || Object.entries(given).some(([k, v]) => !displayFields.includes(k) || typeof v !== "boolean")) return "display must be an object of booleans"; // (unconfirmed text)
  return { message: true, notified: true, snapshot: true, tags: true, mute_buttons: false, ...(given as Record<string, boolean>) };
}

function create(state: DatadogState, request: MockRequest): MockReply {
  const channels = accountOf(state, request);
  if ("refusal" in channels) return channels.refusal;
  const body = readObject(request);
  const display = displayOf(body?.display);
  // (unconfirmed texts) A channel is named with its `#`, as the Terraform provider sends it.
  if (!body || !nonEmptyString(body.name) || !body.name.startsWith("#")) return datadogError.badRequest("name must be a channel name starting with #");
  if (typeof display === "string") return datadogError.badRequest(display);
  if (channels.some((c) => c.name === body.name)) return datadogError.slackConflict(`Channel ${body.name} already exists`);
  const channel = { name: body.name, display };
  channels.push(channel);
  return json(200, channelView(channel));
}

/**
 * Datadog's Slack channels per Slack account (management: both keys): list, add, read, remove. An
 * account is there once the Datadog Slack app is installed in that workspace (seeded: an OAuth step).
 * @see https://docs.datadoghq.com/api/latest/slack-integration/
 */
export function slackRoutes(state: DatadogState): Route[] {
  const found = (request: MockRequest) => {
    const channels = accountOf(state, request);
    if ("refusal" in channels) return channels;
    const name = decodeURIComponent(request.params.channel);
    const index = channels.findIndex((c) => c.name === name || c.name === `#${name}`);
    return index < 0 ? { refusal: datadogError.slackNotFound(`Channel ${name} not found`) } : { channels, index };
  };
  return [
    { method: "GET", path: base, handle: management((request) => {
      const channels = accountOf(state, request);
      return "refusal" in channels ? channels.refusal : json(200, channels.map(channelView));
    }) },
    { method: "POST", path: base, handle: management((request) => create(state, request)) },
    { method: "GET", path: `${base}/:channel`, handle: management((request) => {
      const at = found(request);
      return "refusal" in at ? at.refusal : json(200, channelView(at.channels[at.index]));
    }) },
    { method: "DELETE", path: `${base}/:channel`, handle: management((request) => {
      const at = found(request);
      if ("refusal" in at) return at.refusal;
      at.channels.splice(at.index, 1);
      return empty(204);
    }) },
  ];
}
