/**
 * Slack's incoming-webhook errors, each in its own words: the plain-text body says more than the
 * status (a 403 is a revoked token or an admin's restriction; a 404 a revoked webhook or a deleted
 * channel), and only some of them are fixed by re-issuing the webhook.
 * @see https://api.slack.com/messaging/webhooks#handling_errors
 */
const reissue = "Re-issue it in Slack and update SLACK_WEBHOOK_URL; no redeploy is needed.";

const byCode: Record<string, string> = {
  no_service: `Slack answered 404 no_service: the webhook was revoked (app uninstalled or URL rotated). ${reissue}`,
  invalid_token: `Slack answered 403 invalid_token: the webhook's token is no longer valid. ${reissue}`,
  channel_not_found: "Slack answered 404 channel_not_found: the webhook's channel no longer exists (deleted). Make a webhook for an existing channel and update SLACK_WEBHOOK_URL.",
  channel_is_archived: "Slack answered 410 channel_is_archived: the channel is archived. Unarchive it or make a webhook for another channel.",
  action_prohibited:
    "Slack answered 403 action_prohibited: a workspace admin restricted what this app may do (posting in that channel). The webhook itself is valid, so re-issuing it does not help: ask a Slack admin to allow the app to post there.",
  posting_to_general_channel_denied:
    "Slack answered 403 posting_to_general_channel_denied: only admins may post to #general in this workspace. Make the webhook for another channel, or ask a Slack admin to allow it.",
  no_team: "Slack answered 404 no_team: the webhook's workspace no longer exists. Make a webhook in the current workspace and update SLACK_WEBHOOK_URL.",
  team_disabled: "Slack answered 404 team_disabled: the webhook's workspace is disabled. Ask a Slack admin, or use a webhook of an active workspace.",
};

/** What an operator does about a Slack webhook error, from its body first, then its status. */
export function slackDiagnosis(status: number, body: string): string | undefined {
  const known = byCode[body.trim()];
  if (known) return known;
  if (status === 404) return `Slack answered 404: the webhook was revoked (app uninstalled, channel deleted or URL rotated). ${reissue}`;
  if (status === 410) return byCode.channel_is_archived;
  if (status === 403) return `Slack refused the webhook (403): its token is invalid or an admin restricted it. ${reissue}`;
  return undefined;
}
