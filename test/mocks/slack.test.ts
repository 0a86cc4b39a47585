import { IncomingWebhook, type IncomingWebhookHTTPError } from "@slack/webhook";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { MockControl } from "../../mock-endpoints/controlClient";
import { slackMock } from "../../mock-endpoints/slack";

// Shaped like a real webhook path, assembled so no credential-looking URL sits in the source.
const team = "T0MOCK01";
const bot = "B0MOCK01";
const secret = "mocksecret".padEnd(24, "x");
const path = `${team}/${bot}/${secret}`;

let mock: RunningService;
let control: MockControl;
const webhook = (p = path) => new IncomingWebhook(`${mock.url}/services/${p}`);

beforeAll(async () => {
  mock = await startService(slackMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

/** What @slack/webhook reports for an HTTP error: status and Slack's plain-text code. */
async function slackFailure(promise: Promise<unknown>): Promise<{ status?: number; data?: unknown }> {
  try {
    await promise;
  } catch (error) {
    const http = error as IncomingWebhookHTTPError;
    return { status: http.statusCode, data: http.body };
  }
  throw new Error("expected the webhook call to fail");
}

describe("Slack incoming webhooks, through @slack/webhook", () => {
  it("posts a message: 200 ok, and the message is in the channel", async () => {
    await control.seed({ webhooks: [{ path, channel: "#alerts" }] });
    await expect(webhook().send({ text: "operator-wiring verify run 42" })).resolves.toEqual({ text: "ok" });
    const state = await control.state<{ messages: { channel: string; text: string; webhook: string }[] }>();
    expect(state.messages.map(({ channel, text, webhook }) => ({ channel, text, webhook }))).toEqual([
      { channel: "#alerts", text: "operator-wiring verify run 42", webhook: `${team}/${bot}` },
    ]);
  });

  it("accepts any well-formed webhook, posting to #mock", async () => {
    await webhook().send({ text: "hello" });
    expect((await control.state<{ messages: { channel: string }[] }>()).messages[0].channel).toBe("#mock");
  });

  it("accepts blocks without text", async () => {
    await expect(webhook().send({ blocks: [{ type: "section", text: { type: "mrkdwn", text: "*hi*" } }] })).resolves.toEqual({ text: "ok" });
  });

  it("refuses a revoked webhook with 404 no_service", async () => {
    await control.seed({ webhooks: [{ path, status: "revoked" }] });
    expect(await slackFailure(webhook().send({ text: "x" }))).toEqual({ status: 404, data: "no_service" });
  });

  it("refuses an archived channel with 410 channel_is_archived", async () => {
    await control.seed({ webhooks: [{ path, status: "archived" }] });
    expect(await slackFailure(webhook().send({ text: "x" }))).toEqual({ status: 410, data: "channel_is_archived" });
  });

  it("refuses a message with neither text nor blocks: 400 no_text", async () => {
    expect(await slackFailure(webhook().send({ text: " " }))).toEqual({ status: 400, data: "no_text" });
  });

  it.each([
    ["a workspace id that is not T…", `X0MOCK01/${bot}/${secret}`, 404, "no_team"],
    ["an integration id that is not B…", `${team}/X0MOCK01/${secret}`, 404, "no_service"],
    ["a secret that is too short", `${team}/${bot}/short`, 403, "invalid_token"],
  ])("refuses %s as Slack does", async (_what, p, status, data) => {
    expect(await slackFailure(webhook(p).send({ text: "x" }))).toEqual({ status, data });
  });

  it("answers invalid_payload to a body that is not JSON", async () => {
    const response = await fetch(`${mock.url}/services/${path}`, { method: "POST", headers: { "content-type": "application/json" }, body: "{oops" });
    expect([response.status, await response.text()]).toEqual([400, "invalid_payload"]);
  });

  it("reads the payload form field as Slack does", async () => {
    const body = new URLSearchParams({ payload: JSON.stringify({ text: "from a form" }) });
    const response = await fetch(`${mock.url}/services/${path}`, { method: "POST", body });
    expect([response.status, await response.text()]).toEqual([200, "ok"]);
  });

  it("switches on 429 rate_limited with Retry-After for one request", async () => {
    await control.addFault({ route: "POST /services/*/*/*", fault: "rate-limited", times: 1 });
    const first = await fetch(`${mock.url}/services/${path}`, { method: "POST", body: JSON.stringify({ text: "x" }) });
    expect([first.status, first.headers.get("retry-after"), await first.text()]).toEqual([429, "1", "rate_limited"]);
    const second = await fetch(`${mock.url}/services/${path}`, { method: "POST", body: JSON.stringify({ text: "x" }) });
    expect(second.status).toBe(200);
  });

  it("switches on a revoked webhook as a fault", async () => {
    await control.addFault({ fault: "no_service" });
    expect(await slackFailure(webhook().send({ text: "x" }))).toEqual({ status: 404, data: "no_service" });
    expect((await control.state<{ messages: unknown[] }>()).messages).toEqual([]);
  });
});
