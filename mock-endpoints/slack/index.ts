import { SeedError, type MockServiceDefinition } from "../core/types";
import { slackFaults } from "./errors";
import { slackRoutes } from "./handlers";
import { type SlackState, type WebhookStatus, createSlackState } from "./state";

const statuses: WebhookStatus[] = ["active", "revoked", "archived"];

/**
 * Slack incoming webhooks: `POST /services/T…/B…/<secret>`, answered in plain text.
 * Seed: `{ "webhooks": [{ "path": "T…/B…/…", "channel": "#alerts", "status": "revoked" }] }`.
 */
export const slackMock: MockServiceDefinition<SlackState> = {
  name: "slack",
  title: "Slack",
  defaultPort: 4811,
  createState: createSlackState,
  routes: slackRoutes,
  faults: slackFaults,
  seed(state, body) {
    const webhooks = (body as { webhooks?: unknown }).webhooks;
    if (!Array.isArray(webhooks)) throw new SeedError('expected { "webhooks": [{ "path", "channel", "status" }] }');
    for (const entry of webhooks as { path?: unknown; channel?: unknown; status?: unknown }[]) {
      if (typeof entry.path !== "string" || entry.path.split("/").length !== 3) throw new SeedError('each webhook needs "path": "T…/B…/<secret>"');
      const status = (entry.status ?? "active") as WebhookStatus;
      if (!statuses.includes(status)) throw new SeedError(`"status" must be one of ${statuses.join(", ")}`);
      state.webhooks.set(entry.path, { path: entry.path, channel: typeof entry.channel === "string" ? entry.channel : "#mock", status });
    }
  },
  snapshot: (state) => ({ webhooks: [...state.webhooks.values()], messages: state.messages }),
};
