import { runMockProbe } from "../../support/runMockProbe";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../../mock-endpoints/core/mockServer";
import { slackMock } from "../../../mock-endpoints/slack";
import type { PostedMessage } from "../../../mock-endpoints/slack/state";
import { type SlackInputs, mockInputs } from "../../../verify/inputs/integrationInputs";
import { mockCredentials } from "../../../verify/inputs/mockDefaults";
import { slackProbe } from "../../../verify/probes/slack";

const runId = "vt-slack-20260601-1a2b";
const text = `operator-wiring verify ${runId}: test message from mock mode, safe to ignore`;
// The path mockInputs uses, without the leading /services/, as the mock's seed wants it.
const defaultPath = mockCredentials.slackWebhookPath.replace(/^\/services\//, "");
// A second webhook of the same workspace, as Slack issues one on rotation (new B… id and secret).
const rotatedPath = "T0MOCK000/B0MOCK111/operatorwiringrotatedwebhook";

const deadlineDiagnosis =
  "No answer within the deadline: network loss, a firewall or proxy holding the connection, or a hung endpoint. Retry once the network is back.";
const rateLimitDiagnosis =
  "Rate limited (a first-write throttle on cold accounts, or a burst): back off, wait 60 s and retry once; if it persists, open a ticket with the vendor.";
const revokedDiagnosis =
  "Slack answered 404 no_service: the webhook was revoked (app uninstalled or URL rotated). Re-issue it in Slack and update SLACK_WEBHOOK_URL; no redeploy is needed.";

let mock: RunningService;
let control: MockControl;
let inputs: SlackInputs;

beforeAll(async () => {
  mock = await startService(slackMock, { port: 0 });
  control = new MockControl(mock.url);
  inputs = mockInputs({ OPERATOR_WIRING_MOCK_SLACK_URL: mock.url }).slack;
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

async function run(overrides: Partial<SlackInputs> = {}, deadlineMs = 20_000) {
  return runMockProbe({ integration: "slack", probe: slackProbe, inputs: { ...inputs, ...overrides }, runId: runId, deadlineMs: deadlineMs });
}

async function messages(): Promise<Pick<PostedMessage, "webhook" | "channel" | "text">[]> {
  const state = await control.state<{ messages: PostedMessage[] }>();
  return state.messages.map(({ webhook, channel, text }) => ({ webhook, channel, text }));
}

describe("slack probe", () => {
  it("posts one test message carrying the run id and passes on 200 ok", async () => {
    await control.seed({ webhooks: [{ path: defaultPath, channel: "#alerts" }] });
    const { result, lines, requestLines } = await run();

    expect(result).toMatchObject({ status: "PASS", summary: "message posted to the webhook's channel (200 ok)", cleanup: "none needed", requests: 1 });
    expect(result.diagnosis).toBeUndefined();
    expect(await messages()).toEqual([{ webhook: "T0MOCK000/B0MOCK000", channel: "#alerts", text }]);
    const received = await control.requests();
    expect(received.map((r) => [r.method, r.path, r.status])).toEqual([["POST", mockCredentials.slackWebhookPath, 200]]);
    expect(JSON.parse(received[0].body)).toEqual({ text });
    expect(received[0].headers["content-type"]).toBe("application/json");
    expect(lines).toHaveLength(1);
    expect(requestLines).toHaveLength(received.length);
    expect(requestLines[0]).toMatch(/\(post test message; at most once: no idempotency key\) → 200 ok \(\d+ ms\)$/);
  });

  it.each([
    ["no_service", 404, revokedDiagnosis],
    ["channel_is_archived", 410, "Slack answered 410 channel_is_archived: the channel is archived. Unarchive it or make a webhook for another channel."],
    ["invalid_token", 403, "Slack answered 403 invalid_token: the webhook's token is no longer valid. Re-issue it in Slack and update SLACK_WEBHOOK_URL; no redeploy is needed."],
    [
      "channel_not_found",
      404,
      "Slack answered 404 channel_not_found: the webhook's channel no longer exists (deleted). Make a webhook for an existing channel and update SLACK_WEBHOOK_URL.",
    ],
    [
      "action_prohibited",
      403,
      "Slack answered 403 action_prohibited: a workspace admin restricted what this app may do (posting in that channel). The webhook itself is valid, so re-issuing it does not help: ask a Slack admin to allow the app to post there.",
    ],
    [
      "posting_to_general_channel_denied",
      403,
      "Slack answered 403 posting_to_general_channel_denied: only admins may post to #general in this workspace. Make the webhook for another channel, or ask a Slack admin to allow it.",
    ],
  ])("fails on %s (%i) with that error's own diagnosis, without retrying", async (fault, status, diagnosis) => {
    await control.addFault({ fault });
    const { result, requestLines } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: `post test message: HTTP ${status}`, diagnosis, cleanup: "none needed" });
    expect(await messages()).toEqual([]);
    expect(await control.requestCount()).toBe(1);
    expect(requestLines).toHaveLength(1);
    expect(requestLines[0]).toContain(`→ ${status} ${fault}`);
  });

  it("fails on a rate limit that does not lift, after honouring Retry-After each time", async () => {
    await control.addFault({ fault: "rate-limited" });
    const { result, lines, requestLines } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: "post test message: HTTP 429", diagnosis: rateLimitDiagnosis });
    expect(await control.requestCount()).toBe(4);
    expect(requestLines).toHaveLength(4);
    expect(lines.filter((line) => line.includes("honouring Retry-After"))).toHaveLength(3);
    expect(await messages()).toEqual([]);
  });

  it("fails on a server error without posting again: a webhook has no idempotency key", async () => {
    await control.addFault({ fault: "server-error" });
    const { result, lines, requestLines } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: "post test message: HTTP 500",
      diagnosis: "The vendor answered 500: a server-side problem. Check its status page and retry later.",
    });
    expect(await control.requestCount()).toBe(1);
    expect(requestLines).toEqual([expect.stringContaining("(post test message; at most once: no idempotency key) → 500 internal_error")]);
    expect(lines).toContain('[slack]   not resending "post test message" after 500: the vendor may have taken it, and a second copy would be a duplicate');
  });

  it("posts the message once when Slack took it but the answer was lost", async () => {
    await control.seed({ webhooks: [{ path: defaultPath, channel: "#alerts" }] });
    await control.addFault({ fault: "lost-reply", times: 1 });
    const { result } = await run();

    expect(result.status).toBe("FAIL");
    expect(result.summary).toMatch(/^post test message: (UND_ERR_SOCKET|ECONNRESET)$/);
    // One message in the channel, not two: the probe did not resend what Slack had already posted.
    expect(await messages()).toEqual([{ webhook: "T0MOCK000/B0MOCK000", channel: "#alerts", text }]);
    expect(await control.requestCount()).toBe(1);
  });

  it("fails within the deadline when the webhook hangs", async () => {
    await control.addFault({ fault: "hang" });
    const deadlineMs = 1_500;
    const { result, requestLines } = await run({}, deadlineMs);

    expect(result).toMatchObject({ status: "FAIL", diagnosis: deadlineDiagnosis, cleanup: "none needed" });
    expect(result.summary).toMatch(/^post test message: no answer within the \d+(\.\d+)? s deadline$/);
    expect(result.durationMs).toBeLessThan(deadlineMs * 1.1 + 200);
    expect(requestLines).toHaveLength(await control.requestCount());
    expect(requestLines[0]).toContain("no answer before the deadline");
  });

  it("passes after one 429, honouring its Retry-After", async () => {
    await control.addFault({ fault: "rate-limited", times: 1 });
    const { result, lines, requestLines } = await run();

    expect(result.status).toBe("PASS");
    expect(lines.some((line) => line === "[slack]   honouring Retry-After: waiting 1000 ms")).toBe(true);
    const received = await control.requests();
    expect(received.map((r) => r.status)).toEqual([429, 200]);
    expect(requestLines).toHaveLength(received.length);
    expect(await messages()).toEqual([{ webhook: "T0MOCK000/B0MOCK000", channel: "#mock", text }]);
  });

  it("fails on a 2xx that is not Slack's 200 ok, saying what came back", async () => {
    await control.addFault({ fault: "status", status: 200, body: "<html>Sign in to continue</html>", headers: { "content-type": "text/html" } });
    const { result } = await run();

    expect(result).toMatchObject({
      status: "FAIL",
      summary: 'post test message: expected 200 "ok", got 200 with "<html>Sign in to continue</html>"',
      diagnosis:
        "Something other than Slack answered the webhook URL (a proxy, captive portal or wrong host): check that SLACK_WEBHOOK_URL is the https://hooks.slack.com/services/… URL Slack gave, and that no proxy rewrites it.",
    });
  });

  it("fails on a 204 with an empty body", async () => {
    await control.addFault({ fault: "status", status: 204 });
    const { result } = await run();

    expect(result.status).toBe("FAIL");
    expect(result.summary).toBe('post test message: expected 200 "ok", got 204 with an empty body');
  });

  it("fails on a webhook revoked in Slack, with the 404 diagnosis", async () => {
    await control.seed({ webhooks: [{ path: defaultPath, channel: "#alerts", status: "revoked" }] });
    const { result } = await run();

    expect(result).toMatchObject({ status: "FAIL", summary: "post test message: HTTP 404", diagnosis: revokedDiagnosis });
    expect(await messages()).toEqual([]);
  });

  it("posts to every channel's webhook (one per channel) and names the one that failed by position", async () => {
    await control.seed({
      webhooks: [
        { path: defaultPath, channel: "#alerts", status: "active" },
        { path: rotatedPath, channel: "#oncall", status: "active" },
      ],
    });
    const both = [`${mock.url}${mockCredentials.slackWebhookPath}`, `${mock.url}/services/${rotatedPath}`];
    const passed = await run({ webhookUrls: both });
    expect(passed.result).toMatchObject({ status: "PASS", summary: "message posted to each of the 2 webhooks' channels (200 ok)", requests: 2 });
    expect(await messages()).toEqual([
      { webhook: "T0MOCK000/B0MOCK000", channel: "#alerts", text },
      { webhook: "T0MOCK000/B0MOCK111", channel: "#oncall", text },
    ]);

    await control.reset();
    await control.seed({
      webhooks: [
        { path: defaultPath, channel: "#alerts", status: "active" },
        { path: rotatedPath, channel: "#oncall", status: "revoked" },
      ],
    });
    const failed = await run({ webhookUrls: both });
    expect(failed.result).toMatchObject({ status: "FAIL", summary: "post test message (webhook 2 of 2): HTTP 404", diagnosis: revokedDiagnosis });
    expect(failed.requestLines.map((line) => /\((post test message[^)]*\));/.exec(line)?.[1])).toEqual(["post test message (webhook 1 of 2)", "post test message (webhook 2 of 2)"]);
  });

  it("passes with a rotated webhook URL and no other change (V11)", async () => {
    await control.seed({
      webhooks: [
        { path: defaultPath, channel: "#alerts", status: "revoked" },
        { path: rotatedPath, channel: "#alerts", status: "active" },
      ],
    });
    expect((await run()).result.status).toBe("FAIL");

    const { result } = await run({ webhookUrls: [`${mock.url}/services/${rotatedPath}`] });

    expect(result).toMatchObject({ status: "PASS", summary: "message posted to the webhook's channel (200 ok)" });
    expect(await messages()).toEqual([{ webhook: "T0MOCK000/B0MOCK111", channel: "#alerts", text }]);
    expect((await control.requests()).map((r) => [r.path, r.status])).toEqual([
      [mockCredentials.slackWebhookPath, 404],
      [`/services/${rotatedPath}`, 200],
    ]);
  });
});
