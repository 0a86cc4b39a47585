import { text } from "../core/replies";
import type { MockReply, NamedFault } from "../core/types";

/**
 * Slack incoming-webhook errors: plain-text bodies, the status per the Slack docs.
 * @see https://api.slack.com/messaging/webhooks#handling_errors
 */
export const slackError = {
  invalidPayload: (): MockReply => text(400, "invalid_payload"),
  noText: (): MockReply => text(400, "no_text"),
  invalidToken: (): MockReply => text(403, "invalid_token"),
  actionProhibited: (): MockReply => text(403, "action_prohibited"),
  postingToGeneralDenied: (): MockReply => text(403, "posting_to_general_channel_denied"),
  noService: (): MockReply => text(404, "no_service"),
  noTeam: (): MockReply => text(404, "no_team"),
  channelNotFound: (): MockReply => text(404, "channel_not_found"),
  channelIsArchived: (): MockReply => text(410, "channel_is_archived"),
  rateLimited: (): MockReply => text(429, "rate_limited", { "retry-after": "1" }),
};

export const slackFaults: Record<string, NamedFault> = {
  no_service: { description: "404 no_service: the webhook was revoked (app uninstalled, URL rotated)", reply: slackError.noService },
  channel_not_found: { description: "404 channel_not_found: the channel was deleted", reply: slackError.channelNotFound },
  channel_is_archived: { description: "410 channel_is_archived", reply: slackError.channelIsArchived },
  invalid_token: { description: "403 invalid_token", reply: slackError.invalidToken },
  action_prohibited: { description: "403 action_prohibited: an admin restricted posting", reply: slackError.actionProhibited },
  posting_to_general_channel_denied: {
    description: "403 posting_to_general_channel_denied: the webhook posts to #general, where only admins may post",
    reply: slackError.postingToGeneralDenied,
  },
  "rate-limited": { description: "429 rate_limited with Retry-After: 1 (about one message a second per webhook)", reply: slackError.rateLimited },
  "server-error": { description: "500 with an HTML-free text body, as a Slack outage answers (mock's choice of body)", reply: () => text(500, "internal_error") },
};
