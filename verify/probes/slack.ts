import { type Probe, ProbeFailure } from "../probe";

/** What a 200 from an incoming webhook carries when Slack took the message (plain text, not JSON). */
const slackOk = "ok";

/**
 * Slack (requirement V3: a test message). Posts one message to each incoming webhook (one per
 * channel, P8); the channel is fixed by the webhook, so a 200 `ok` is Slack's word that it is in
 * the channel. The first webhook that fails fails the probe; the request line names it by
 * position, never by URL (the URL is the secret).
 * Webhook messages cannot be deleted (that needs a bot token), so nothing is cleaned up: the
 * text carries the run id and says it is safe to ignore.
 *
 * The URL is read from the inputs on every run, so a rotated webhook (a new URL in
 * `.env.local`) is used as is, with no redeploy (V11). Errors come back as plain-text codes
 * (404 `no_service` = revoked, 404 `channel_not_found`, 410 `channel_is_archived`, 403
 * `invalid_token`, `action_prohibited`, `posting_to_general_channel_denied`); diagnose() words
 * each by its code (slackErrors.ts).
 *
 * A webhook has no idempotency key: a message is posted at most once, never resent after a 5xx
 * or a dropped connection (Slack may have posted it), only after a 429.
 * @see https://api.slack.com/messaging/webhooks#handling_errors
 */
export const slackProbe: Probe<"slack"> = async (ctx) => {
  const urls = ctx.inputs.webhookUrls;
  for (const [i, url] of urls.entries()) {
    const label = urls.length === 1 ? "post test message" : `post test message (webhook ${i + 1} of ${urls.length})`;
    const response = await ctx.http.send({
      label,
      method: "POST",
      url,
      json: { text: `operator-wiring verify ${ctx.runId}: test message from ${ctx.mode} mode, safe to ignore` },
    });
    // Slack answers exactly 200 `ok`; any other 2xx (a proxy's 204, an HTML login page) did not post.
    if (response.status !== 200 || response.text !== slackOk) {
      const body = response.text.trim() === "" ? "an empty body" : JSON.stringify(response.text.slice(0, 80));
      throw new ProbeFailure(
        `${label}: expected 200 "ok", got ${response.status} with ${body}`,
        "Something other than Slack answered the webhook URL (a proxy, captive portal or wrong host): check that SLACK_WEBHOOK_URL is the https://hooks.slack.com/services/… URL Slack gave, and that no proxy rewrites it.",
      );
    }
  }
  return {
    status: "PASS",
    summary: urls.length === 1 ? "message posted to the webhook's channel (200 ok)" : `message posted to each of the ${urls.length} webhooks' channels (200 ok)`,
  };
};
