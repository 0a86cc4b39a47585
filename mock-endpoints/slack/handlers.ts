import { text } from "../core/replies";
import type { MockRequest, MockReply, Route } from "../core/types";
import { slackError } from "./errors";
import type { SlackState } from "./state";

// Shapes of the three parts of a webhook URL: workspace (T…), integration (B…), secret.
const teamId = /^T[A-Z0-9]{6,}$/;
const botId = /^B[A-Z0-9]{6,}$/;
const secret = /^[A-Za-z0-9]{16,}$/;

/**
 * The message from a JSON body, or from the `payload=` form field Slack also accepts.
 * A JSON body sent with a form content type (curl's default) is read as JSON, as Slack does.
 */
function messageOf(request: MockRequest): { text?: unknown; blocks?: unknown } | undefined {
  const type = String(request.headers["content-type"] ?? "");
  const form = type.startsWith("application/x-www-form-urlencoded") ? new URLSearchParams(request.text()).get("payload") : null;
  const raw = form ?? request.text();
  try {
    const parsed: unknown = JSON.parse(raw);
    return parsed !== null && typeof parsed === "object" && !Array.isArray(parsed) ? parsed : undefined;
  } catch {
    return undefined;
  }
}

function post(state: SlackState, request: MockRequest): MockReply {
  const { team, bot, secret: key } = request.params;
  if (!teamId.test(team)) return slackError.noTeam();
  if (!botId.test(bot)) return slackError.noService();
  if (!secret.test(key)) return slackError.invalidToken();

  const path = `${team}/${bot}/${key}`;
  const webhook = state.webhooks.get(path) ?? { path, channel: "#mock", status: "active" as const };
  if (webhook.status === "revoked") return slackError.noService();
  if (webhook.status === "archived") return slackError.channelIsArchived();

  const message = messageOf(request);
  if (!message) return slackError.invalidPayload();
  const hasText = typeof message.text === "string" && message.text.trim() !== "";
  const hasBlocks = Array.isArray(message.blocks) && message.blocks.length > 0;
  if (!hasText && !hasBlocks) return slackError.noText();

  state.messages.push({
    webhook: `${team}/${bot}`,
    channel: webhook.channel,
    text: hasText ? (message.text as string) : undefined,
    blocks: hasBlocks ? (message.blocks as unknown[]) : undefined,
    at: new Date().toISOString(),
  });
  return text(200, "ok");
}

export function slackRoutes(state: SlackState): Route[] {
  return [{ method: "POST", path: "/services/:team/:bot/:secret", handle: (request) => post(state, request) }];
}
