import { correlationOf } from "../core/hopLog";
import { json } from "../core/replies";
import { recordHop } from "../core/stateLinks";
import type { MockReply, MockRequest, Route } from "../core/types";
import type { ChannelRecord, PostedMessage, SlackState, WorkspaceRecord } from "./state";

/** The workspace messages go to when no workspace is seeded. */
const defaultWorkspace = "T0MOCK000";
/** The apps whose bot tokens the other mocks use (`xoxb-<workspace>-<app>`), by the name Slack shows as the poster. */
const appNames: Record<string, string> = { sentry: "Sentry", pagerduty: "PagerDuty", datadog: "Datadog" };

type Json = Record<string, unknown>;

/** Web API failures are HTTP 200 with `ok: false` and an error code. @see https://api.slack.com/web#evaluating_responses */
const failure = (error: string): MockReply => json(200, { ok: false, error });

/** The arguments, from a JSON body, a form body, or the query string (Slack takes all three). */
function argumentsOf(request: MockRequest): Json {
  const type = String(request.headers["content-type"] ?? "");
  const query = Object.fromEntries(request.query);
  if (request.body.length === 0) return query;
  if (type.startsWith("application/x-www-form-urlencoded")) return { ...query, ...Object.fromEntries(new URLSearchParams(request.text())) };
  try {
    const body: unknown = request.json();
    return body !== null && typeof body === "object" && !Array.isArray(body) ? { ...query, ...(body as Json) } : query;
  } catch {
    return query;
  }
}

/** The bot or user token (`Authorization: Bearer xoxb-…`, or a `token` argument). */
function tokenOf(request: MockRequest, args: Json): string | undefined {
  const header = request.headers.authorization;
  const bearer = typeof header === "string" ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
  return bearer ?? (typeof args.token === "string" ? args.token : undefined);
}

type Resolved = { workspace: WorkspaceRecord | undefined; app: string } | { error: string };

/**
 * The token's workspace. A token is `xox[bp]-<workspace id or name>-<app>…` in the mocks' own
 * convention (the vendors' mocks post that way); with one workspace seeded, any bot token is its.
 */
function authorise(state: SlackState, request: MockRequest, args: Json): Resolved {
  const token = tokenOf(request, args);
  if (!token) return { error: "not_authed" };
  if (!/^xox[bpa]-[A-Za-z0-9-]+$/.test(token)) return { error: "invalid_auth" };
  // The workspace part may hold dashes (a workspace name); the app is the last part.
  const parts = token.split("-");
  const app = parts.length > 2 ? (parts.at(-1) as string) : "";
  const team = parts.slice(1, parts.length > 2 ? -1 : undefined).join("-");
  const name = appNames[app.toLowerCase()] ?? "app";
  if (state.workspaces.size === 0) return { workspace: undefined, app: name };
  const match = [...state.workspaces.values()].find((w) => w.id === team || w.name.toLowerCase() === team.toLowerCase());
  if (match) return { workspace: match, app: name };
  return state.workspaces.size === 1 ? { workspace: [...state.workspaces.values()][0], app: name } : { error: "invalid_auth" };
}

/** The channel an argument names, by id (`C…`) or name (`#alerts` or `alerts`), or Slack's error for it. */
function channelOf(workspace: WorkspaceRecord | undefined, raw: unknown): ChannelRecord | { error: string } {
  const given = typeof raw === "string" ? raw.trim() : "";
  if (given === "") return { error: "channel_not_found" };
  if (!workspace) return { id: given.startsWith("#") ? `C${given.slice(1).toUpperCase().replace(/[^A-Z0-9]/g, "")}` : given, name: given.replace(/^#/, ""), status: "active" };
  const bare = given.replace(/^#/, "");
  const channel = workspace.channels.get(given) ?? [...workspace.channels.values()].find((c) => c.name === bare);
  // A deleted channel is gone for the API: chat.postMessage and conversations.history both answer channel_not_found.
  if (!channel || channel.status === "deleted") return { error: "channel_not_found" };
  return channel;
}

/**
 * `chat.postMessage`, how the vendors' Slack apps post (Sentry's issue alerts, Datadog's monitor
 * notifications, PagerDuty's incident messages): a bot token, a channel by id or name, `text`
 * and/or `blocks`/`attachments`. Answers 200 `{ok, channel, ts, message}`, or 200 `{ok: false,
 * error}`: `not_authed`, `invalid_auth`, `channel_not_found` (unknown or deleted), `is_archived`, `no_text`.
 * @see https://api.slack.com/methods/chat.postMessage
 */
function postMessage(state: SlackState, request: MockRequest): MockReply {
  const args = argumentsOf(request);
  const correlation = correlationOf(request);
  const note = (outcome: "done" | "failed", detail: string) => recordHop(state, correlation, "chat.postMessage", outcome, detail);
  const auth = authorise(state, request, args);
  if ("error" in auth) return note("failed", `refused: ${auth.error}`), failure(auth.error);
  const channel = channelOf(auth.workspace, args.channel);
  const where = `${String(args.channel)} in workspace ${auth.workspace?.name ?? defaultWorkspace}`;
  if ("error" in channel) return note("failed", `${auth.app} could not post to ${where}: ${channel.error} (the channel does not exist or was deleted)`), failure(channel.error);
  if (channel.status === "archived") return note("failed", `${auth.app} could not post to #${channel.name} (${channel.id}): is_archived`), failure("is_archived");
  const text = typeof args.text === "string" && args.text.trim() !== "" ? args.text : undefined;
  const blocks = Array.isArray(args.blocks) && args.blocks.length > 0 ? (args.blocks as unknown[]) : undefined;
  const attachments = Array.isArray(args.attachments) && args.attachments.length > 0 ? (args.attachments as unknown[]) : undefined;
  if (!text && !blocks && !attachments) return note("failed", "refused: no_text"), failure("no_text");

  const ts = `${Math.floor(Date.now() / 1000)}.${String(state.nextTs++).padStart(6, "0")}`;
  const message: PostedMessage = {
    channel: `#${channel.name}`,
    channelId: channel.id,
    workspace: auth.workspace?.id ?? defaultWorkspace,
    text,
    blocks,
    attachments,
    at: new Date().toISOString(),
    ts,
    app: auth.app,
  };
  state.messages.push(Object.fromEntries(Object.entries(message).filter(([, v]) => v !== undefined)) as unknown as PostedMessage);
  note("done", `${auth.app} posted to #${channel.name} (${channel.id}): ${(text ?? "").slice(0, 160)}`);
  return json(200, { ok: true, channel: channel.id, ts, message: messageView(message) });
}

function messageView(message: PostedMessage): Json {
  return {
    type: "message",
    subtype: "bot_message",
    text: message.text ?? "",
    ts: message.ts,
    bot_id: `B${(message.app ?? "APP").toUpperCase().replace(/[^A-Z]/g, "").padEnd(8, "0").slice(0, 8)}`,
    username: message.app,
    bot_profile: { name: message.app },
    ...(message.blocks ? { blocks: message.blocks } : {}),
    ...(message.attachments ? { attachments: message.attachments } : {}),
  };
}

/**
 * `conversations.history`: a channel's messages, newest first, those after `oldest` (a `ts`) only.
 * @see https://api.slack.com/methods/conversations.history
 */
function history(state: SlackState, request: MockRequest): MockReply {
  const args = argumentsOf(request);
  const auth = authorise(state, request, args);
  if ("error" in auth) return failure(auth.error);
  const channel = channelOf(auth.workspace, args.channel);
  if ("error" in channel) return failure(channel.error);
  const oldest = Number(args.oldest ?? 0);
  const limit = Math.min(Math.max(Number.parseInt(String(args.limit ?? "100"), 10) || 100, 1), 999);
  const messages = state.messages
    .filter((m) => m.ts !== undefined && m.channelId === channel.id && Number(m.ts) > oldest)
    .reverse()
    .slice(0, limit)
    .map(messageView);
  return json(200, { ok: true, messages, has_more: false });
}

export function webApiRoutes(state: SlackState): Route[] {
  return [
    { method: "POST", path: "/api/chat.postMessage", handle: (request) => postMessage(state, request) },
    { method: "GET", path: "/api/conversations.history", handle: (request) => history(state, request) },
    { method: "POST", path: "/api/conversations.history", handle: (request) => history(state, request) },
  ];
}
