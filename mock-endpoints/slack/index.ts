import { SeedError, type MockServiceDefinition } from "../core/types";
import { slackFaults } from "./errors";
import { slackRoutes } from "./handlers";
import { type ChannelStatus, type SlackState, type WebhookStatus, type WorkspaceRecord, createSlackState } from "./state";
import { webApiRoutes } from "./webApi";

const statuses: WebhookStatus[] = ["active", "revoked", "archived"];
const channelStatuses: ChannelStatus[] = ["active", "archived", "deleted"];
const usage = 'expected { "webhooks"?: [{ "path", "channel", "status" }], "workspaces"?: [{ "id": "T…", "name", "channels": [{ "id": "C…", "name", "status" }] }] }';

function seedWebhooks(state: SlackState, webhooks: unknown): void {
  if (!Array.isArray(webhooks)) throw new SeedError(usage);
  for (const entry of webhooks as { path?: unknown; channel?: unknown; status?: unknown }[]) {
    if (typeof entry.path !== "string" || entry.path.split("/").length !== 3) throw new SeedError('each webhook needs "path": "T…/B…/<secret>"');
    const status = (entry.status ?? "active") as WebhookStatus;
    if (!statuses.includes(status)) throw new SeedError(`"status" must be one of ${statuses.join(", ")}`);
    state.webhooks.set(entry.path, { path: entry.path, channel: typeof entry.channel === "string" ? entry.channel : "#mock", status });
  }
}

/** Workspaces merge by id; a channel given again (by id) is replaced, which is how a test deletes or archives one. */
function seedWorkspaces(state: SlackState, workspaces: unknown): void {
  if (!Array.isArray(workspaces)) throw new SeedError(usage);
  const parsed = (workspaces as Record<string, unknown>[]).map((entry) => {
    if (typeof entry?.id !== "string" || !/^T[A-Z0-9]{6,}$/.test(entry.id)) throw new SeedError('each workspace needs "id": "T" and upper-case letters or digits');
    if (entry.channels !== undefined && !Array.isArray(entry.channels)) throw new SeedError(`workspace ${entry.id}: "channels" must be a list`);
    const channels = ((entry.channels ?? []) as Record<string, unknown>[]).map((c) => {
      if (typeof c?.id !== "string" || !/^[CG][A-Z0-9]{6,}$/.test(c.id)) throw new SeedError(`workspace ${entry.id}: each channel needs "id": C… or G…`);
      if (typeof c.name !== "string" || c.name.replace(/^#/, "") === "") throw new SeedError(`channel ${c.id} needs "name"`);
      const status = (c.status ?? "active") as ChannelStatus;
      if (!channelStatuses.includes(status)) throw new SeedError(`channel ${c.id}: "status" must be one of ${channelStatuses.join(", ")}`);
      return { id: c.id, name: c.name.replace(/^#/, ""), status };
    });
    return { id: entry.id, name: typeof entry.name === "string" && entry.name !== "" ? entry.name : entry.id, channels };
  });
  for (const entry of parsed) {
    const workspace: WorkspaceRecord = state.workspaces.get(entry.id) ?? { id: entry.id, name: entry.name, channels: new Map() };
    workspace.name = entry.name;
    for (const channel of entry.channels) workspace.channels.set(channel.id, channel);
    state.workspaces.set(workspace.id, workspace);
  }
}

/**
 * Slack: incoming webhooks (`POST /services/T…/B…/<secret>`, answered in plain text) and the Web
 * API methods the vendors' Slack apps and verify use (`POST /api/chat.postMessage`,
 * `GET|POST /api/conversations.history`, bot token as `Authorization: Bearer`).
 *
 * Seed (`POST /__mock/state`), both parts optional, merged:
 * ```json
 * { "webhooks": [{ "path": "T…/B…/…", "channel": "#alerts", "status": "revoked" }],
 *   "workspaces": [{ "id": "T0EXAMPLE1", "name": "example-org",
 *                    "channels": [{ "id": "C0CHECKOUT1", "name": "checkout-alerts", "status": "deleted" }] }] }
 * ```
 * Without workspaces any channel is accepted; once one is seeded the Web API knows only its
 * channels: an unknown or `deleted` channel is `channel_not_found`, an `archived` one `is_archived`.
 * A bot token is `xoxb-<workspace id or name>-<app>` (the other mocks post as `sentry`, `pagerduty`,
 * `datadog`, shown as the poster); with one workspace seeded any bot token is its.
 */
export const slackMock: MockServiceDefinition<SlackState> = {
  name: "slack",
  title: "Slack",
  defaultPort: 4811,
  createState: createSlackState,
  routes: (state) => [...slackRoutes(state), ...webApiRoutes(state)],
  faults: slackFaults,
  seed(state, body) {
    const { webhooks, workspaces } = (body ?? {}) as { webhooks?: unknown; workspaces?: unknown };
    if (webhooks === undefined && workspaces === undefined) throw new SeedError(usage);
    // Checked whole before anything changes: seed a copy of the workspaces, then swap.
    const draft: SlackState = { ...state, webhooks: new Map(state.webhooks), workspaces: new Map([...state.workspaces].map(([id, w]) => [id, { ...w, channels: new Map(w.channels) }])) };
    if (webhooks !== undefined) seedWebhooks(draft, webhooks);
    if (workspaces !== undefined) seedWorkspaces(draft, workspaces);
    state.webhooks = draft.webhooks;
    state.workspaces = draft.workspaces;
  },
  snapshot: (state) => ({
    webhooks: [...state.webhooks.values()],
    workspaces: [...state.workspaces.values()].map((w) => ({ id: w.id, name: w.name, channels: [...w.channels.values()] })),
    messages: state.messages,
  }),
};
