/** How Slack sees one incoming webhook. */
export type WebhookStatus = "active" | "revoked" | "archived";

export interface WebhookRecord {
  /** `T…/B…/…`: the part of the URL after `/services/`. */
  path: string;
  /** The channel the webhook posts to; fixed by Slack when the webhook is made. */
  channel: string;
  status: WebhookStatus;
}

/** A channel as the Web API finds it: a deleted channel is `channel_not_found`, an archived one `is_archived`. */
export type ChannelStatus = "active" | "archived" | "deleted";

export interface ChannelRecord {
  /** `C…` (public) or `G…` (private). */
  id: string;
  /** Without the `#`. */
  name: string;
  status: ChannelStatus;
}

/** A workspace (team): the vendors' Slack apps post into its channels with a bot token. */
export interface WorkspaceRecord {
  /** `T…`. */
  id: string;
  /** The workspace name Datadog's Slack tile calls the account. */
  name: string;
  channels: Map<string, ChannelRecord>;
}

export interface PostedMessage {
  /** Set for an incoming-webhook message: `T…/B…`. */
  webhook?: string;
  channel: string;
  text?: string;
  blocks?: unknown[];
  at: string;
  /** Web API messages: the workspace, the channel id, Slack's `ts`, and the app that posted (from its bot token). */
  workspace?: string;
  channelId?: string;
  ts?: string;
  app?: string;
  attachments?: unknown[];
}

export interface SlackState {
  /** Seeded webhooks; a well-formed webhook not seeded is accepted and posts to `#mock`. */
  webhooks: Map<string, WebhookRecord>;
  /**
   * Seeded workspaces for the Web API (`chat.postMessage`, `conversations.history`). With none,
   * any channel is accepted (in workspace `T0MOCK000`); once one is seeded, only its channels.
   */
  workspaces: Map<string, WorkspaceRecord>;
  messages: PostedMessage[];
  /** The sequence part of the next message `ts`. */
  nextTs: number;
}

export function createSlackState(): SlackState {
  return { webhooks: new Map(), workspaces: new Map(), messages: [], nextTs: 1 };
}
