/** How Slack sees one incoming webhook. */
export type WebhookStatus = "active" | "revoked" | "archived";

export interface WebhookRecord {
  /** `T…/B…/…`: the part of the URL after `/services/`. */
  path: string;
  /** The channel the webhook posts to; fixed by Slack when the webhook is made. */
  channel: string;
  status: WebhookStatus;
}

export interface PostedMessage {
  webhook: string;
  channel: string;
  text?: string;
  blocks?: unknown[];
  at: string;
}

export interface SlackState {
  /** Seeded webhooks; a well-formed webhook not seeded is accepted and posts to `#mock`. */
  webhooks: Map<string, WebhookRecord>;
  messages: PostedMessage[];
}

export function createSlackState(): SlackState {
  return { webhooks: new Map(), messages: [] };
}
