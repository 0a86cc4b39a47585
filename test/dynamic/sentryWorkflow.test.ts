import { declareUnderMocks, valueOf } from "../support/declareUnderMocks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { SentryServiceTableRow, sentryServiceTableRowProvider } from "../../components/dynamic/sentryServiceTableRow";
import { SentryWorkflow, type SentryWorkflowInputs, type SentryWorkflowOutputs, sentryWorkflowProvider } from "../../components/dynamic/sentryWorkflow";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { sentryMock } from "../../mock-endpoints/sentry";
import { serializeAndLoad } from "../support/serializedProvider";
import { scaledPauses } from "../support/scaledPauses";

// Settle reads, read-modify-write back-off and Retry-After waits last a twentieth (the provider code cannot be handed its waits).
scaledPauses();

type Provider = Required<typeof sentryWorkflowProvider>;
const provider = sentryWorkflowProvider as Provider;

const token = `sntryu_${"0".repeat(64)}`;
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const workflowsPath = "/api/0/organizations/mock-org/workflows/";

interface Action {
  id: string;
  type: string;
  integrationId: string;
  config: Record<string, unknown>;
  data: Record<string, unknown>;
}
interface Workflow {
  id: string;
  name: string;
  environment: string | null;
  config: { frequency: number };
  detectorIds: string[];
  enabled: boolean;
  triggers: { id: string; logicType: string; conditions: { id: string; type: string; comparison: unknown; conditionResult: unknown }[] };
  actionFilters: { id: string; logicType: string; conditions: unknown[]; actions: Action[] }[];
}
interface Snapshot {
  organizations: { slug: string; projects: { id: string; detectors: { id: string; type: string }[] }[]; workflows: Workflow[] }[];
}

let mock: RunningService;
let control: MockControl;
let inputs: SentryWorkflowInputs;
/** PagerDuty, Opsgenie and two Slack channels: one by name only, one with its id. */
let full: SentryWorkflowInputs;
let errorDetector: string;

beforeAll(async () => {
  mock = await startService(sentryMock, { port: 0 });
  control = new MockControl(mock.url);
  inputs = {
    apiUrl: `${mock.url}/api/0`,
    organization: "mock-org",
    project: "mock-project",
    name: "checkout-dev: new and regressed issues",
    environment: "production",
    frequencyMinutes: 30,
    pagerduty: { integrationId: "50", rowId: "100", serviceName: "checkout", priority: "critical" },
  };
  full = {
    ...inputs,
    opsgenie: { integrationId: "60", teamRowId: "60-Payments", teamName: "Payments", priority: "P2" },
    slack: [
      { integrationId: "70", channel: "#alerts-checkout" },
      { integrationId: "70", channel: "#payments-oncall", channelId: "C0123456789" },
    ],
  };
});
afterAll(() => mock.close());
beforeEach(async () => {
  await control.reset();
  await control.seed({
    organizations: [
      {
        slug: "mock-org",
        environments: ["production"],
        integrations: [
          {
            provider: "pagerduty",
            id: "50",
            name: "mock-pd",
            serviceTable: [
              { id: 100, service: "checkout", integration_key: "c".repeat(32) },
              { id: 101, service: "payments", integration_key: "p".repeat(32) },
            ],
          },
          // Team-table rows get the id "<integration>-<team>": 60-Payments.
          { provider: "opsgenie", id: "60", name: "mock-og", teamTable: [{ team: "Payments", integration_key: "o".repeat(32) }] },
          { provider: "slack", id: "70", name: "mock-slack" },
        ],
      },
    ],
  });
  errorDetector = (await org()).projects[0].detectors.find((d) => d.type === "error")!.id;
  vi.stubEnv("SENTRY_AUTH_TOKEN", token);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

async function org(): Promise<Snapshot["organizations"][number]> {
  return (await control.state<Snapshot>()).organizations.find((o) => o.slug === "mock-org")!;
}
const workflows = async (): Promise<Workflow[]> => (await org()).workflows;

/** The body this provider must send: the workflow API's contract. `more` follow the PagerDuty action. */
function expectedBody(detectorId: string, change: { environment?: string | null; rowId?: string; serviceName?: string; priority?: string } = {}, more: unknown[] = []) {
  return {
    name: "checkout-dev: new and regressed issues",
    enabled: true,
    environment: change.environment === undefined ? "production" : change.environment,
    config: { frequency: 30 },
    detectorIds: [detectorId],
    triggers: {
      logicType: "any-short",
      conditions: [
        { type: "first_seen_event", comparison: true, conditionResult: true },
        { type: "regression_event", comparison: true, conditionResult: true },
      ],
    },
    actionFilters: [
      {
        logicType: "all",
        conditions: [],
        actions: [
          {
            type: "pagerduty",
            integrationId: "50",
            config: { targetType: "specific", targetIdentifier: change.rowId ?? "100", targetDisplay: change.serviceName ?? "checkout" },
            data: { priority: change.priority ?? "critical" },
          },
          ...more,
        ],
      },
    ],
  };
}

/** The actions `full` adds after the PagerDuty one, as sent. */
const fullActions = [
  { type: "opsgenie", integrationId: "60", config: { targetType: "specific", targetIdentifier: "60-Payments", targetDisplay: "Payments" }, data: { priority: "P2" } },
  { type: "slack", integrationId: "70", config: { targetType: "specific", targetIdentifier: "", targetDisplay: "#alerts-checkout" }, data: { tags: "", notes: "" } },
  { type: "slack", integrationId: "70", config: { targetType: "specific", targetIdentifier: "C0123456789", targetDisplay: "#payments-oncall" }, data: { tags: "", notes: "" } },
];
/** A channel id as the mock's Slack lookup makes them. */
const lookedUpId = expect.stringMatching(/^C[0-9A-F]{10}$/);

describe("check", () => {
  const failuresOf = async (values: unknown) => (await provider.check({} as SentryWorkflowInputs, values as SentryWorkflowInputs)).failures;

  it("accepts valid inputs and returns them", async () => {
    expect(await provider.check({} as SentryWorkflowInputs, inputs)).toEqual({ inputs, failures: [] });
  });

  it("lists every bad input at once", async () => {
    const bad = {
      ...inputs,
      apiUrl: "ftp://sentry.io",
      project: "",
      environment: " ",
      frequencyMinutes: 7,
      pagerduty: { integrationId: "pd", rowId: "checkout", serviceName: "checkout", priority: "P1" },
    };
    expect(await failuresOf(bad)).toEqual([
      { property: "apiUrl", reason: "apiUrl must be Sentry's web API base URL, e.g. https://sentry.io/api/0" },
      { property: "project", reason: "project must be the Sentry project's slug or id" },
      { property: "environment", reason: "environment must be an environment name, or unset for every environment" },
      { property: "frequencyMinutes", reason: "frequencyMinutes must be one of 0, 5, 10, 30, 60, 180, 720, 1440" },
      { property: "pagerduty.integrationId", reason: "pagerduty.integrationId must be the digits of the PagerDuty integration's id" },
      { property: "pagerduty.rowId", reason: "pagerduty.rowId must be the service-table row id (digits), e.g. a SentryServiceTableRow's rowId" },
      { property: "pagerduty.priority", reason: "pagerduty.priority must be one of default, critical, warning, error, info" },
    ]);
  });

  it("refuses a missing pagerduty action, and leaves values unknown in a preview for later", async () => {
    const { pagerduty: _pagerduty, ...withoutPagerDuty } = inputs;
    expect(await failuresOf(withoutPagerDuty)).toEqual([
      { property: "pagerduty", reason: "pagerduty must give integrationId, rowId, serviceName and priority" },
    ]);
    const rowUnknown = { ...inputs, pagerduty: { ...inputs.pagerduty, rowId: unknown } };
    expect(await failuresOf(rowUnknown)).toEqual([]);
    const wholeUnknown = { ...inputs, pagerduty: unknown };
    expect(await failuresOf(wholeUnknown)).toEqual([]);
  });

  it("accepts Opsgenie and Slack actions, and leaves their values unknown in a preview for later", async () => {
    expect(await provider.check({} as SentryWorkflowInputs, full)).toEqual({ inputs: full, failures: [] });
    const someUnknown = { ...full, opsgenie: { ...full.opsgenie!, teamRowId: unknown }, slack: [unknown, { integrationId: "70", channel: unknown }] };
    expect(await failuresOf(someUnknown)).toEqual([]);
    const listUnknown = { ...full, opsgenie: unknown, slack: unknown };
    expect(await failuresOf(listUnknown)).toEqual([]);
  });

  it("refuses an Opsgenie priority Opsgenie does not have and a Slack channel without its #", async () => {
    const bad = { ...full, opsgenie: { ...full.opsgenie!, priority: "high" }, slack: [{ integrationId: "70", channel: "alerts-checkout" }, full.slack![1]] };
    expect(await failuresOf(bad)).toEqual([
      { property: "opsgenie.priority", reason: "opsgenie.priority must be one of P1, P2, P3, P4, P5" },
      { property: "slack[0].channel", reason: "slack[0].channel must be the channel's name with its '#', e.g. #alerts-checkout (up to 80 characters, no spaces)" },
    ]);
  });

  it("lists every other problem of the Opsgenie and Slack entries, a channel listed twice included", async () => {
    const bad = {
      ...full,
      opsgenie: { integrationId: "og", teamRowId: "Payments", teamName: " ", priority: "P1" },
      slack: [{ integrationId: "slack", channel: "#alerts", channelId: "c0123" }, { integrationId: "slack", channel: "#alerts" }, "#alerts"],
    };
    expect(await failuresOf(bad)).toEqual([
      { property: "opsgenie.integrationId", reason: "opsgenie.integrationId must be the digits of the Opsgenie integration's id" },
      { property: "opsgenie.teamRowId", reason: 'opsgenie.teamRowId must be the id of the team\'s row in the Opsgenie integration\'s team table, "<id>-<team>", e.g. 42-Payments' },
      { property: "opsgenie.teamName", reason: "opsgenie.teamName must be the team's label Sentry shows" },
      { property: "slack[0].integrationId", reason: "slack[0].integrationId must be the digits of the Slack integration's id" },
      {
        property: "slack[0].channelId",
        reason: "slack[0].channelId must be the Slack channel's id (C… or G…, e.g. C0123456789), or unset to let Sentry look the channel up by name",
      },
      { property: "slack[1].integrationId", reason: "slack[1].integrationId must be the digits of the Slack integration's id" },
      { property: "slack[1].channel", reason: "slack[1].channel #alerts is listed twice for Slack integration slack; list each channel once" },
      { property: "slack[2]", reason: "slack[2] must give integrationId and channel (channelId is optional)" },
    ]);
    const notShaped = { ...inputs, opsgenie: "P1", slack: { channel: "#alerts" } };
    expect(await failuresOf(notShaped)).toEqual([
      { property: "opsgenie", reason: "opsgenie must give integrationId, teamRowId, teamName and priority, or be unset" },
      { property: "slack", reason: "slack must be a list of { integrationId, channel, channelId? }, or unset" },
    ]);
  });
});

describe("create", () => {
  it("posts the workflow tied to the project's error detector, paging the given row, and returns its id", async () => {
    const created = await provider.create(inputs);
    const [stored] = await workflows();
    expect(created).toStrictEqual({ id: stored.id, outs: { ...inputs, slack: [], workflowId: stored.id, detectorId: errorDetector } });

    const [detectors, post] = await control.requests({ path: "/api/0/organizations/mock-org/detectors/" }).then(async (d) => [d, (await control.requests({ method: "POST", path: workflowsPath }))[0]] as const);
    // A slug goes in projectSlug: Sentry parses `project` as numeric ids and answers 400 for a slug.
    expect(detectors.map((r) => r.query)).toEqual([{ projectSlug: "mock-project", query: "type:error" }]);
    expect(post.headers.authorization).toBe(`Bearer ${token}`);
    expect(JSON.parse(post.body)).toEqual(expectedBody(errorDetector));
    expect(stored).toMatchObject({ name: inputs.name, environment: "production", detectorIds: [errorDetector], enabled: true, config: { frequency: 30 } });
  });

  it("pages exactly the row id a SentryServiceTableRow created", async () => {
    const row = await sentryServiceTableRowProvider.create({ apiUrl: inputs.apiUrl, organization: "mock-org", integrationId: "50", service: "orders-dev", integrationKey: "o".repeat(32) });
    expect(["100", "101"]).not.toContain(row.outs!.rowId);
    await provider.create({ ...inputs, pagerduty: { ...inputs.pagerduty, rowId: row.outs!.rowId, serviceName: "orders-dev" } });
    const [stored] = await workflows();
    expect(stored.actionFilters[0].actions[0]).toMatchObject({
      type: "pagerduty",
      integrationId: "50",
      config: { targetType: "specific", targetIdentifier: row.outs!.rowId, targetDisplay: "orders-dev" },
      data: { priority: "critical" },
    });
  });

  it("posts the PagerDuty, Opsgenie and Slack actions in one filter; Sentry looks up the channel given by name", async () => {
    const created = await provider.create(full);
    const [stored] = await workflows();
    expect(created).toStrictEqual({ id: stored.id, outs: { ...full, workflowId: stored.id, detectorId: errorDetector } });

    const post = (await control.requests({ method: "POST", path: workflowsPath }))[0];
    expect(JSON.parse(post.body)).toEqual(expectedBody(errorDetector, {}, fullActions));
    const id = expect.stringMatching(/^\d+$/);
    expect(stored.actionFilters.map((f) => f.actions)).toEqual([
      [
        { id, type: "pagerduty", integrationId: "50", config: { targetType: "specific", targetIdentifier: "100", targetDisplay: "checkout" }, data: { priority: "critical" }, status: "active" },
        { id, type: "opsgenie", integrationId: "60", config: { targetType: "specific", targetIdentifier: "60-Payments", targetDisplay: "Payments" }, data: { priority: "P2" }, status: "active" },
        { id, type: "slack", integrationId: "70", config: { targetType: "specific", targetIdentifier: lookedUpId, targetDisplay: "#alerts-checkout" }, data: { tags: "", notes: "" }, status: "active" },
        // Given the id, Sentry skips the lookup and keeps the name without its #.
        { id, type: "slack", integrationId: "70", config: { targetType: "specific", targetIdentifier: "C0123456789", targetDisplay: "payments-oncall" }, data: { tags: "", notes: "" }, status: "active" },
      ],
    ]);
  });

  it("takes the project by id and no environment (every environment)", async () => {
    const { environment: _environment, ...rest } = inputs;
    const created = await provider.create({ ...rest, project: "1" });
    expect(created.outs).toStrictEqual({ ...rest, project: "1", slack: [], workflowId: created.id, detectorId: errorDetector });
    expect((await control.requests({ path: "/api/0/organizations/mock-org/detectors/" })).map((r) => r.query)).toEqual([{ project: "1", query: "type:error" }]);
    const post = (await control.requests({ method: "POST", path: workflowsPath }))[0];
    expect(JSON.parse(post.body)).toEqual(expectedBody(errorDetector, { environment: null }));
  });

  it.each([
    [
      "a PagerDuty row id",
      () => ({ ...inputs, pagerduty: { ...inputs.pagerduty, rowId: "999" } }),
      "config: Select a valid choice. 999 is not one of the available choices. Hint: PagerDuty integration 50 has no service-table row 999; create the SentryServiceTableRow first and pass its rowId.",
    ],
    [
      "an Opsgenie team row id",
      () => ({ ...full, opsgenie: { ...full.opsgenie!, teamRowId: "60-Nope" } }),
      "config: Select a valid choice. 60-Nope is not one of the available choices. " +
        'Hint: Opsgenie integration 60 has no team-table row "60-Nope"; add the team to that integration\'s team table in Sentry (Settings → Integrations → Opsgenie) and pass the row\'s id.',
    ],
    [
      "a Slack integration id",
      () => ({ ...full, slack: [full.slack![0], { integrationId: "71", channel: "#elsewhere" }] }),
      "integrationId: Select a valid choice. 71 is not one of the available choices. " +
        "Hint: slack[1].integrationId (71) is not an installed integration of that kind in the organisation; find the id with GET /organizations/{org}/integrations/?providerKey=<pagerduty|opsgenie|slack>.",
    ],
  ])("surfaces Sentry's 400 for %s it does not have, naming the declared field and what to do", async (_what, declared, message) => {
    await expect(provider.create(declared())).rejects.toThrow(
      new Error(`Creating Sentry workflow "checkout-dev: new and regressed issues" in organization "mock-org": Sentry POST /organizations/mock-org/workflows/: 400 actionFilters.${message}`),
    );
    expect(await workflows()).toEqual([]);
  });

  it("explains Sentry's 400 for an environment that has seen no event", async () => {
    await expect(provider.create({ ...inputs, environment: "staging" })).rejects.toThrow(
      new Error(
        'Creating Sentry workflow "checkout-dev: new and regressed issues" in organization "mock-org": ' +
          "Sentry POST /organizations/mock-org/workflows/: 400 environment: This environment has not been created. " +
          "Hint: Sentry knows an environment only after an event from it arrived; send one (verify does), or leave environment unset.",
      ),
    );
  });

  it("names the project when Sentry refuses its detectors", async () => {
    await expect(provider.create({ ...inputs, project: "no-such-project" })).rejects.toThrow(
      new Error(
        'Looking up the error detector of Sentry project "no-such-project" in organization "mock-org" (is the project slug or id right, and may the token see it?): ' +
          "Sentry GET /organizations/mock-org/detectors/: 403 You do not have permission to perform this action.",
      ),
    );
  });

  it("fails naming SENTRY_AUTH_TOKEN when it is not set, and passes Sentry's 401 on", async () => {
    vi.stubEnv("SENTRY_AUTH_TOKEN", "");
    await expect(provider.create(inputs)).rejects.toThrow(/^SENTRY_AUTH_TOKEN is not set: /);
    expect(await control.requestCount()).toBe(0);
    vi.stubEnv("SENTRY_AUTH_TOKEN", `sntryu_${"z".repeat(64)}`);
    await expect(provider.create(inputs)).rejects.toMatchObject({ message: "Sentry GET /organizations/mock-org/detectors/: 401 Invalid token", status: 401 });
  });

  it("waits out a 429 (Retry-After) and creates once", async () => {
    await control.addFault({ route: `POST ${workflowsPath}`, fault: "rate-limited", times: 1 });
    const created = await provider.create(inputs);
    expect((await workflows()).map((w) => w.id)).toEqual([created.id]);
    expect((await control.requests({ method: "POST", path: workflowsPath })).map((r) => r.status)).toEqual([429, 201]);
  });
});

describe("read", () => {
  it("returns the workflow as Sentry has it now, and no id once it is gone", async () => {
    const created = await provider.create(inputs);
    expect(await provider.read(created.id, created.outs)).toStrictEqual({ id: created.id, props: created.outs });

    // Edited in Sentry's UI: refresh shows the drift, so the next up puts the declared values back.
    const edited = { ...expectedBody(errorDetector, { priority: "info", environment: null }), name: "renamed in the UI", config: { frequency: 60 } };
    await fetch(`${mock.url}${workflowsPath}${created.id}/`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(edited) });
    const { environment: _environment, ...rest } = created.outs!;
    expect(await provider.read(created.id, created.outs)).toStrictEqual({
      id: created.id,
      props: { ...rest, name: "renamed in the UI", frequencyMinutes: 60, pagerduty: { ...inputs.pagerduty, priority: "info" } },
    });

    await provider.delete(created.id, created.outs!);
    expect(await provider.read(created.id, created.outs)).toEqual({});
  });
});

describe("read, with Opsgenie and Slack actions", () => {
  it("gives the actions back as declared: no looked-up id, the channel with its #", async () => {
    const created = await provider.create(full);
    expect(await provider.read(created.id, created.outs)).toStrictEqual({ id: created.id, props: created.outs });
  });

  it("has no opsgenie once its action is gone, and the id of a channel added outside Pulumi", async () => {
    const created = await provider.create(full);
    // Edited in Sentry's UI: the Opsgenie action removed, a channel added by name.
    const ui = expectedBody(errorDetector, {}, [fullActions[1], fullActions[2], { ...fullActions[1], config: { targetType: "specific", targetIdentifier: "", targetDisplay: "#from-the-ui" } }]);
    await fetch(`${mock.url}${workflowsPath}${created.id}/`, { method: "PUT", headers: { authorization: `Bearer ${token}`, "content-type": "application/json" }, body: JSON.stringify(ui) });
    const addedId = (await workflows())[0].actionFilters[0].actions[3].config.targetIdentifier;
    expect(addedId).toEqual(lookedUpId);

    const { opsgenie: _opsgenie, ...rest } = created.outs!;
    expect(await provider.read(created.id, created.outs)).toStrictEqual({
      id: created.id,
      props: { ...rest, slack: [...full.slack!, { integrationId: "70", channel: "#from-the-ui", channelId: addedId }] },
    });
  });
});

describe("diff", () => {
  const olds: SentryWorkflowOutputs = {
    apiUrl: "https://sentry.io/api/0",
    organization: "acme",
    project: "checkout",
    name: "checkout-prod: new and regressed issues",
    environment: "production",
    frequencyMinutes: 30,
    pagerduty: { integrationId: "5", rowId: "12", serviceName: "checkout-prod", priority: "critical" },
    slack: [],
    workflowId: "40",
    detectorId: "7",
  };
  const news = (change: Partial<SentryWorkflowInputs> = {}): SentryWorkflowInputs => {
    const { workflowId: _w, detectorId: _d, ...rest } = olds;
    return { ...rest, ...change };
  };

  it("sees no change when the inputs are the same, whatever the key order", async () => {
    const reordered = { ...news(), pagerduty: { priority: "critical", serviceName: "checkout-prod", rowId: "12", integrationId: "5" } } as SentryWorkflowInputs;
    expect(await provider.diff("40", olds, reordered)).toEqual({ changes: false, replaces: [] });
  });

  it.each([
    ["name", { name: "renamed" }],
    ["project", { project: "payments" }],
    ["environment", { environment: "staging" }],
    ["environment removed", { environment: undefined }],
    ["frequencyMinutes", { frequencyMinutes: 60 as const }],
    ["pagerduty row", { pagerduty: { ...olds.pagerduty, rowId: "13" } }],
    ["pagerduty priority", { pagerduty: { ...olds.pagerduty, priority: "info" as const } }],
    ["apiUrl", { apiUrl: "https://us.sentry.io/api/0" }],
    ["opsgenie action", { opsgenie: { integrationId: "6", teamRowId: "9-Payments", teamName: "Payments", priority: "P1" as const } }],
    ["slack channel", { slack: [{ integrationId: "7", channel: "#alerts" }] }],
  ])("updates in place for a new %s", async (_what, change) => {
    expect(await provider.diff("40", olds, news(change))).toEqual({ changes: true, replaces: [] });
  });

  it("updates in place when an Opsgenie action goes or a Slack channel's id is added", async () => {
    const opsgenie = { integrationId: "6", teamRowId: "9-Payments", teamName: "Payments", priority: "P1" as const };
    const slack = [{ integrationId: "7", channel: "#alerts" }];
    const withActions = { ...olds, opsgenie, slack };
    expect(await provider.diff("40", withActions, news({ slack }))).toEqual({ changes: true, replaces: [] });
    expect(await provider.diff("40", withActions, news({ opsgenie, slack: [{ ...slack[0], channelId: "C0123456789" }] }))).toEqual({ changes: true, replaces: [] });
    expect(await provider.diff("40", withActions, news({ opsgenie, slack }))).toEqual({ changes: false, replaces: [] });
  });

  it("sees no change between no Slack list and an empty one, either way round", async () => {
    const { slack: _slack, ...noSlack } = news();
    expect(await provider.diff("40", olds, noSlack)).toEqual({ changes: false, replaces: [] });
    const { slack: _oldSlack, ...stateBeforeSlack } = olds;
    expect(await provider.diff("40", stateBeforeSlack as SentryWorkflowOutputs, news())).toEqual({ changes: false, replaces: [] });
  });

  it("counts a Slack channel unknown in a preview as a change", async () => {
    expect(await provider.diff("40", olds, news({ slack: [{ integrationId: "7", channel: unknown }] }))).toEqual({ changes: true, replaces: [] });
  });

  it("replaces for a new organization", async () => {
    expect(await provider.diff("40", olds, news({ organization: "other-org" }))).toEqual({ changes: true, replaces: ["organization"] });
  });

  it("counts values unknown in a preview as changes, and as a replace for organization", async () => {
    // The row id is unknown while its SentryServiceTableRow is being created.
    expect(await provider.diff("40", olds, news({ pagerduty: { ...olds.pagerduty, rowId: unknown } }))).toEqual({ changes: true, replaces: [] });
    expect(await provider.diff("40", olds, { ...news(), organization: unknown })).toEqual({ changes: true, replaces: ["organization"] });
  });
});

describe("update", () => {
  it("puts the new values, keeping the ids of the trigger conditions, the action filter and the action", async () => {
    const created = await provider.create(inputs);
    const [before] = await workflows();
    const changed: SentryWorkflowInputs = { ...inputs, name: "renamed", frequencyMinutes: 60, pagerduty: { integrationId: "50", rowId: "101", serviceName: "payments", priority: "warning" } };
    const updated = await provider.update(created.id, created.outs!, changed);
    expect(updated).toStrictEqual({ outs: { ...changed, slack: [], workflowId: created.id, detectorId: errorDetector } });

    const [after] = await workflows();
    expect(after).toMatchObject({ id: created.id, name: "renamed", config: { frequency: 60 }, detectorIds: [errorDetector] });
    expect(after.triggers.conditions.map((c) => c.id)).toEqual(before.triggers.conditions.map((c) => c.id));
    expect(after.actionFilters.map((f) => f.id)).toEqual(before.actionFilters.map((f) => f.id));
    expect(after.actionFilters[0].actions).toEqual([
      {
        id: before.actionFilters[0].actions[0].id,
        type: "pagerduty",
        integrationId: "50",
        config: { targetType: "specific", targetIdentifier: "101", targetDisplay: "payments" },
        data: { priority: "warning" },
        status: "active",
      },
    ]);
  });

  it("adds and removes Slack channels, keeping the ids of the other actions", async () => {
    const created = await provider.create(full);
    const [pd, og, removed, kept] = (await workflows())[0].actionFilters[0].actions;
    const changed: SentryWorkflowInputs = { ...full, slack: [full.slack![1], { integrationId: "70", channel: "#new-channel" }] };
    expect(await provider.update(created.id, created.outs!, changed)).toStrictEqual({ outs: { ...changed, workflowId: created.id, detectorId: errorDetector } });

    // The PUT lists the kept actions by id (the channel matched by name, though Sentry stored it without #); the new one has none.
    const put = (await control.requests({ method: "PUT" }))[0];
    expect((JSON.parse(put.body) as { actionFilters: { actions: unknown[] }[] }).actionFilters[0].actions).toEqual([
      { id: pd.id, type: "pagerduty", integrationId: "50", config: { targetType: "specific", targetIdentifier: "100", targetDisplay: "checkout" }, data: { priority: "critical" } },
      { ...fullActions[0], id: og.id },
      { ...fullActions[2], id: kept.id },
      { type: "slack", integrationId: "70", config: { targetType: "specific", targetIdentifier: "", targetDisplay: "#new-channel" }, data: { tags: "", notes: "" } },
    ]);
    const after = (await workflows())[0].actionFilters[0].actions;
    expect(after.map((a) => [a.type, a.config.targetDisplay])).toEqual([
      ["pagerduty", "checkout"],
      ["opsgenie", "Payments"],
      ["slack", "payments-oncall"],
      ["slack", "#new-channel"],
    ]);
    expect(after.slice(0, 3).map((a) => a.id)).toEqual([pd.id, og.id, kept.id]);
    expect(after.map((a) => a.id)).not.toContain(removed.id);
  });

  it("removes the Opsgenie action when it is no longer declared", async () => {
    const created = await provider.create(full);
    const { opsgenie: _opsgenie, ...withoutOpsgenie } = full;
    expect(await provider.update(created.id, created.outs!, withoutOpsgenie)).toStrictEqual({ outs: { ...withoutOpsgenie, workflowId: created.id, detectorId: errorDetector } });
    expect((await workflows())[0].actionFilters[0].actions.map((a) => a.type)).toEqual(["pagerduty", "slack", "slack"]);
  });

  it("surfaces Sentry's 400 and leaves the workflow as it was", async () => {
    const created = await provider.create(inputs);
    await expect(provider.update(created.id, created.outs!, { ...inputs, pagerduty: { ...inputs.pagerduty, integrationId: "51" } })).rejects.toThrow(
      `Updating Sentry workflow ${created.id} ("checkout-dev: new and regressed issues") in organization "mock-org": ` +
        "Sentry PUT /organizations/mock-org/workflows/" + created.id + "/: 400 actionFilters.integrationId: Select a valid choice. 51 is not one of the available choices.",
    );
    expect((await workflows())[0].actionFilters[0].actions[0].integrationId).toBe("50");
  });

  it("says how to recover when the workflow was deleted outside Pulumi", async () => {
    const created = await provider.create(inputs);
    await provider.delete(created.id, created.outs!);
    await expect(provider.update(created.id, created.outs!, { ...inputs, name: "renamed" })).rejects.toThrow(
      new Error(
        `Updating Sentry workflow ${created.id} ("renamed") in organization "mock-org": it no longer exists (deleted outside Pulumi). ` +
          "Hint: run `pulumi refresh`, then `pulumi up` creates it again.",
      ),
    );
  });
});

describe("delete", () => {
  it("deletes the workflow and tolerates one already gone", async () => {
    const created = await provider.create(inputs);
    await provider.delete(created.id, created.outs!);
    expect(await workflows()).toEqual([]);
    await expect(provider.delete(created.id, created.outs!)).resolves.toBeUndefined();
    expect((await control.requests({ method: "DELETE" })).map((r) => r.status)).toEqual([204, 404]);
  });
});

describe("as Pulumi runs it", () => {
  it("survives closure serialization and works from the serialized text alone", { timeout: 20_000 }, async () => {
    const { text, loaded } = await serializeAndLoad(provider);
    expect(text).not.toMatch(/require\(/);
    expect((await loaded.check({} as SentryWorkflowInputs, full)).failures).toEqual([]);
    const created = await loaded.create(full);
    expect((await workflows()).map((w) => w.id)).toEqual([created.id]);
    expect(await loaded.read(created.id, created.outs)).toStrictEqual({ id: created.id, props: created.outs });
    await loaded.update(created.id, created.outs!, { ...full, slack: [] });
    expect((await workflows())[0].actionFilters[0].actions.map((a) => a.type)).toEqual(["pagerduty", "opsgenie"]);
    await loaded.delete(created.id, created.outs!);
    expect(await workflows()).toEqual([]);
  });

  it("registers as pulumi-nodejs:dynamic/sentry:Workflow, paging the row id output of the service-table row", async () => {
    const { value: workflowId, registered, options } = await declareUnderMocks(
      () => {
        const apiUrl = "https://sentry.io/api/0";
        const row = new SentryServiceTableRow("checkout-row", { apiUrl, organization: "acme", integrationId: "5", service: "checkout-dev", integrationKey: "k".repeat(32) });
        const workflow = new SentryWorkflow("checkout-alert", {
          ...inputs,
          apiUrl,
          organization: "acme",
          pagerduty: { integrationId: "5", rowId: row.rowId, serviceName: row.service, priority: "critical" },
          opsgenie: { integrationId: "6", teamRowId: "6-Payments", teamName: "Payments", priority: "P2" },
          slack: [{ integrationId: "7", channel: "#alerts-checkout" }],
        });
        return valueOf(workflow.workflowId);
      },
      (type) => (type.endsWith(":ServiceTableRow") ? { rowId: "77" } : { workflowId: "40", detectorId: "7" }),
    );

    expect(workflowId).toBe("40");
    expect(options.map((o) => [o.type, o.name, o.opts.additionalSecretOutputs])).toEqual([
      ["pulumi-nodejs:dynamic/sentry:ServiceTableRow", "checkout-row", ["integrationKey"]],
      ["pulumi-nodejs:dynamic/sentry:Workflow", "checkout-alert", undefined],
    ]);
    const { __provider, ...props } = registered.find((r) => r.name === "checkout-alert")!.inputs;
    expect(typeof __provider).toBe("string");
    expect(props).toEqual({
      apiUrl: "https://sentry.io/api/0",
      organization: "acme",
      project: "mock-project",
      name: "checkout-dev: new and regressed issues",
      environment: "production",
      frequencyMinutes: 30,
      pagerduty: { integrationId: "5", rowId: "77", serviceName: "checkout-dev", priority: "critical" },
      opsgenie: { integrationId: "6", teamRowId: "6-Payments", teamName: "Payments", priority: "P2" },
      slack: [{ integrationId: "7", channel: "#alerts-checkout" }],
    });
  });
});
