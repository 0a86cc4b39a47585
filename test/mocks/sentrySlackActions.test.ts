import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { sentryMock } from "../../mock-endpoints/sentry";

// Slack actions in Sentry workflows, as the mock settles their target (see slackTarget in
// mock-endpoints/sentry/actionValidation.ts): a name alone is looked up, an id is kept.

const token = `sntryu_${"0".repeat(64)}`;
const workflowsPath = "/api/0/organizations/mock-org/workflows/";

let mock: RunningService;
let control: MockControl;
let detectorId: string;

beforeAll(async () => {
  mock = await startService(sentryMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());
beforeEach(async () => {
  await control.reset();
  await control.seed({
    organizations: [
      {
        slug: "mock-org",
        integrations: [
          { provider: "pagerduty", id: "50", name: "mock-pd", serviceTable: [{ id: 100, service: "checkout", integration_key: "k".repeat(32) }] },
          { provider: "slack", id: "70", name: "mock-slack" },
          { provider: "slack", id: "71", name: "other-slack" },
        ],
      },
    ],
  });
  detectorId = ((await call("GET", "/api/0/organizations/mock-org/detectors/?project=1&query=type:error")).body as { id: string }[])[0].id;
});

async function call(method: string, path: string, body?: unknown): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${mock.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? "" : JSON.parse(text) };
}

const slackAction = (config: Record<string, unknown>, integrationId = "70") => ({ type: "slack", integrationId, config: { targetType: "specific", ...config }, data: { tags: "", notes: "" } });

/** Posts a workflow whose one filter holds these actions. */
function postWorkflow(actions: unknown[]) {
  return call("POST", workflowsPath, {
    name: "slack targets",
    environment: null,
    config: { frequency: 30 },
    detectorIds: [detectorId],
    triggers: { logicType: "any-short", conditions: [{ type: "first_seen_event", comparison: true, conditionResult: true }] },
    actionFilters: [{ logicType: "all", conditions: [], actions }],
  });
}

/** The stored targets of the created workflow's actions. */
async function targets(actions: unknown[]): Promise<{ targetIdentifier: string; targetDisplay: string }[]> {
  const reply = await postWorkflow(actions);
  expect(reply.status).toBe(201);
  return (reply.body as { actionFilters: { actions: { config: { targetIdentifier: string; targetDisplay: string } }[] }[] }).actionFilters[0].actions.map((a) => ({
    targetIdentifier: a.config.targetIdentifier,
    targetDisplay: a.config.targetDisplay,
  }));
}

describe("Sentry Slack actions", () => {
  it("looks a channel given by name up: a Slack-shaped id, the name stored as #name, with or without the # sent", async () => {
    const [withHash, withoutHash, other] = await targets([
      slackAction({ targetIdentifier: "", targetDisplay: "#alerts" }),
      slackAction({ targetDisplay: "alerts" }),
      slackAction({ targetIdentifier: null, targetDisplay: "#payments" }),
    ]);
    expect(withHash.targetIdentifier).toMatch(/^C[0-9A-F]{10}$/);
    expect(withHash).toEqual({ targetIdentifier: withHash.targetIdentifier, targetDisplay: "#alerts" });
    expect(withoutHash).toEqual(withHash);
    expect(other.targetDisplay).toBe("#payments");
    expect(other.targetIdentifier).toMatch(/^C[0-9A-F]{10}$/);
    expect(other.targetIdentifier).not.toBe(withHash.targetIdentifier);
  });

  it("resolves a name to the same id on every call, and to another id in another workspace", async () => {
    const [first] = await targets([slackAction({ targetDisplay: "#alerts" })]);
    const [again] = await targets([slackAction({ targetDisplay: "#alerts" })]);
    const [elsewhere] = await targets([slackAction({ targetDisplay: "#alerts" }, "71")]);
    expect(again).toEqual(first);
    expect(elsewhere.targetDisplay).toBe("#alerts");
    expect(elsewhere.targetIdentifier).not.toBe(first.targetIdentifier);
  });

  it("looks a member (@name) up with a user id and keeps the @", async () => {
    const [member] = await targets([slackAction({ targetDisplay: "@jane" })]);
    expect(member.targetIdentifier).toMatch(/^U[0-9A-F]{10}$/);
    expect(member.targetDisplay).toBe("@jane");
  });

  it("keeps a given channel id and stores the name without its #, as Sentry's form does when no lookup ran", async () => {
    expect(await targets([slackAction({ targetIdentifier: "C0123456789", targetDisplay: "#alerts" })])).toEqual([{ targetIdentifier: "C0123456789", targetDisplay: "alerts" }]);
  });

  it.each([
    ["an id without a channel name", { targetIdentifier: "C0123456789", targetDisplay: "" }, { actionFilters: { all: ["Slack: Channel name is a required field."] } }],
    ["neither a name nor an id", { targetIdentifier: "" }, { actionFilters: { channel: ["This field is required."] } }],
  ])("refuses %s with a 400 and stores nothing", async (_what, config, errors) => {
    const reply = await postWorkflow([slackAction(config)]);
    expect([reply.status, reply.body]).toEqual([400, errors]);
    expect((await call("GET", workflowsPath)).body).toEqual([]);
  });

  it("refuses a Slack action naming an integration that is not a Slack one", async () => {
    const reply = await postWorkflow([slackAction({ targetDisplay: "#alerts" }, "50")]);
    expect([reply.status, reply.body]).toEqual([400, { actionFilters: { integrationId: ["Select a valid choice. 50 is not one of the available choices."] } }]);
  });
});
