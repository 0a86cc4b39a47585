import type { HttpClient } from "../http/httpClient";
import { ProbeFailure } from "../probe";

/** A message as `conversations.history` gives it, the fields the chain reads. */
export interface ChainMessage {
  ts: string;
  text?: string;
  username?: string;
  bot_profile?: { name?: string };
}

/** Who posted: the app's name as Slack shows it. */
export const posterOf = (message: ChainMessage): string => message.bot_profile?.name ?? message.username ?? "";

/**
 * The channel's messages since `oldest` (a Unix time); the caller recognises its own (in text,
 * blocks or attachments). Slack answers errors as 200 `ok: false`: those are refusals in words.
 * @see https://api.slack.com/methods/conversations.history
 */
export async function channelMessages(http: HttpClient, apiUrl: string, token: string, channelId: string, oldest: number): Promise<ChainMessage[]> {
  const url = `${apiUrl.replace(/\/+$/, "")}/conversations.history?channel=${encodeURIComponent(channelId)}&oldest=${oldest}&limit=200`;
  const reply = (await http.send({ label: `read channel ${channelId}`, method: "GET", url, headers: { authorization: `Bearer ${token}` } })).json<{ ok: boolean; error?: string; messages?: ChainMessage[] }>();
  if (!reply.ok) {
    const hint: Record<string, string> = {
      channel_not_found: "the channel does not exist (deleted?) or the bot cannot see it",
      not_in_channel: "invite the bot to the channel (/invite @<bot>)",
      missing_scope: "the bot token needs channels:history (groups:history for a private channel)",
      invalid_auth: "SLACK_BOT_TOKEN is not a valid token",
      not_authed: "no token was sent",
    };
    throw new ProbeFailure(`Slack refused to read ${channelId}: ${reply.error}`, hint[reply.error ?? ""] ?? "see Slack's error code above");
  }
  return reply.messages ?? [];
}
