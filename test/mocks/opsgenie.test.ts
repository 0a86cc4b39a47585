import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { opsgenieMock } from "../../mock-endpoints/opsgenie";

// Opsgenie keys are UUIDs; these are visibly fake ones.
const fakeKey = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, "0")}`;
const integrationKey = fakeKey(1);
const accountKey = fakeKey(2);
const euKey = fakeKey(3);

const uuid = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
const took = expect.any(Number);
const notProcessable = "Request body is not processable. Please check the errors.";

let mock: RunningService;
let control: MockControl;

beforeAll(async () => {
  mock = await startService(opsgenieMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

interface Answer {
  status: number;
  body: any;
  headers: Headers;
}

/** One call the way the verify probe makes it: fetch, `Authorization: GenieKey <key>`, JSON. */
async function api(method: string, path: string, options: { key?: string | null; body?: unknown; authorization?: string } = {}): Promise<Answer> {
  const headers: Record<string, string> = { "content-type": "application/json" };
  const key = options.key === undefined ? integrationKey : options.key;
  if (options.authorization !== undefined) headers.authorization = options.authorization;
  else if (key !== null) headers.authorization = `GenieKey ${key}`;
  const body = options.body === undefined ? undefined : typeof options.body === "string" ? options.body : JSON.stringify(options.body);
  const response = await fetch(`${mock.url}${path}`, { method, headers, body });
  const text = await response.text();
  return { status: response.status, body: text === "" ? undefined : JSON.parse(text), headers: response.headers };
}

/** Polls the request status until it is processed; returns every answer seen. */
async function pollUntilProcessed(requestId: string, key = integrationKey): Promise<Answer[]> {
  const answers: Answer[] = [];
  for (let i = 0; i < 50; i++) {
    const answer = await api("GET", `/v2/alerts/requests/${requestId}`, { key });
    answers.push(answer);
    if (answer.status !== 404) return answers;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  throw new Error(`request ${requestId} was never processed`);
}

const createAlert = (body: unknown, key = integrationKey) => api("POST", "/v2/alerts", { key, body });

describe("Opsgenie alerts, through fetch as the verify probe calls them", () => {
  it("creates, reads, closes and reads again, each step asynchronous like Opsgenie", async () => {
    const created = await createAlert({ message: "operator-wiring verify 42", alias: "verify-42", priority: "P2", tags: ["verify"] });
    expect(created.status).toBe(202);
    expect(created.body).toEqual({ result: "Request will be processed", took, requestId: uuid });
    expect(created.headers.get("x-request-id")).toBe(created.body.requestId);

    const [notYet, processed] = await pollUntilProcessed(created.body.requestId);
    expect([notYet.status, notYet.body, notYet.headers.get("x-opsgenie-errortype")]).toEqual([
      404,
      { message: "Request not found. It might not be processed, yet.", took, requestId: uuid },
      "RequestNotProcessed",
    ]);
    expect(processed.status).toBe(200);
    expect(processed.body).toEqual({
      data: {
        success: true,
        action: "Create",
        processedAt: expect.any(String),
        integrationId: uuid,
        isSuccess: true,
        status: "Created alert",
        alertId: uuid,
        alias: "verify-42",
      },
      took,
      requestId: uuid,
    });

    const open = await api("GET", "/v2/alerts/verify-42?identifierType=alias");
    expect(open.status).toBe(200);
    expect(open.body.data).toMatchObject({ id: processed.body.data.alertId, alias: "verify-42", status: "open", count: 1, priority: "P2", tags: ["verify"] });

    const close = await api("POST", "/v2/alerts/verify-42/close?identifierType=alias", { body: { user: "verify", note: "cleanup" } });
    expect([close.status, close.body]).toEqual([202, { result: "Request will be processed", took, requestId: uuid }]);
    const closeAnswers = await pollUntilProcessed(close.body.requestId);
    expect(closeAnswers.map((a) => a.status)).toEqual([404, 200]);
    expect(closeAnswers[1].body.data).toMatchObject({ action: "Close", isSuccess: true, status: "Closed alert", alertId: processed.body.data.alertId });

    const closed = await api("GET", "/v2/alerts/verify-42?identifierType=alias");
    expect(closed.body.data).toMatchObject({ status: "closed", report: { closedBy: "verify" } });
    const state = await control.state<{ alerts: { alias: string; status: string }[] }>();
    expect(state.alerts.map(({ alias, status }) => ({ alias, status }))).toEqual([{ alias: "verify-42", status: "closed" }]);
  });

  it("deduplicates a create with the alias of an open alert: same alert, count 2", async () => {
    const first = await createAlert({ message: "disk full", alias: "disk" });
    const firstOutcome = (await pollUntilProcessed(first.body.requestId)).at(-1)!.body.data;
    const second = await createAlert({ message: "disk full again", alias: "disk" });
    const secondOutcome = (await pollUntilProcessed(second.body.requestId)).at(-1)!.body.data;
    expect(secondOutcome).toMatchObject({ isSuccess: true, status: "Alert is deduplicated", alertId: firstOutcome.alertId, alias: "disk" });
    const alert = await api("GET", "/v2/alerts/disk?identifierType=alias");
    expect(alert.body.data).toMatchObject({ id: firstOutcome.alertId, count: 2, message: "disk full" });
    expect((await control.state<{ alerts: unknown[] }>()).alerts).toHaveLength(1);
  });

  it("opens a new alert for an alias whose alert is closed", async () => {
    const first = await createAlert({ message: "m", alias: "again" });
    await pollUntilProcessed(first.body.requestId);
    await pollUntilProcessed((await api("POST", "/v2/alerts/again/close?identifierType=alias")).body.requestId);
    const second = await createAlert({ message: "m", alias: "again" });
    const outcome = (await pollUntilProcessed(second.body.requestId)).at(-1)!.body.data;
    expect(outcome.status).toBe("Created alert");
    expect((await api("GET", "/v2/alerts/again?identifierType=alias")).body.data).toMatchObject({ id: outcome.alertId, status: "open", count: 1 });
  });

  it("answers 404 to a read of the alert before its create is processed, as Opsgenie may", async () => {
    await createAlert({ message: "m", alias: "early" });
    const early = await api("GET", "/v2/alerts/early?identifierType=alias");
    expect([early.status, early.body]).toEqual([404, { message: "Alert does not exist", took, requestId: uuid }]);
    expect((await api("GET", "/v2/alerts/early?identifierType=alias")).status).toBe(200);
  });

  it("reads an alert by id and by tiny id", async () => {
    const created = await createAlert({ message: "m", alias: "ids" });
    const { alertId } = (await pollUntilProcessed(created.body.requestId)).at(-1)!.body.data;
    const byId = await api("GET", `/v2/alerts/${alertId}`);
    expect(byId.body.data.alias).toBe("ids");
    const byTiny = await api("GET", `/v2/alerts/${byId.body.data.tinyId}?identifierType=tiny`);
    expect(byTiny.body.data.id).toBe(alertId);
  });

  it("reports a close of an unknown alias as a failed request, not a refused one", async () => {
    const close = await api("POST", "/v2/alerts/nothing-here/close?identifierType=alias");
    expect(close.status).toBe(202);
    const outcome = (await pollUntilProcessed(close.body.requestId)).at(-1)!.body.data;
    expect(outcome).toMatchObject({ success: false, isSuccess: false, action: "Close", status: "Alert does not exist", alias: "nothing-here" });
  });

  it("deletes an alert asynchronously", async () => {
    await pollUntilProcessed((await createAlert({ message: "m", alias: "gone" })).body.requestId);
    const deleted = await api("DELETE", "/v2/alerts/gone?identifierType=alias");
    expect(deleted.status).toBe(202);
    expect((await pollUntilProcessed(deleted.body.requestId)).at(-1)!.body.data).toMatchObject({ action: "Delete", status: "Deleted alert" });
    expect((await api("GET", "/v2/alerts/gone?identifierType=alias")).status).toBe(404);
  });

  it("processes at once with processing.polls 0", async () => {
    await control.seed({ processing: { polls: 0 } });
    const created = await createAlert({ message: "m", alias: "now" });
    expect((await pollUntilProcessed(created.body.requestId)).map((a) => a.status)).toEqual([200]);
  });

  it("lets a close overtake a slower create (byAction): the close finds no alert, the create then opens it", async () => {
    await control.seed({ processing: { polls: 1, byAction: { Create: { polls: 3 } } } });
    const created = await createAlert({ message: "m", alias: "race" });
    const closed = await api("POST", "/v2/alerts/race/close?identifierType=alias", { body: {} });
    const [, closeOutcome] = await pollUntilProcessed(closed.body.requestId);
    expect(closeOutcome.body.data).toMatchObject({ isSuccess: false, status: "Alert does not exist" });
    const processed = await pollUntilProcessed(created.body.requestId);
    expect(processed.at(-1)?.body.data).toMatchObject({ isSuccess: true, status: "Created alert" });
    expect((await api("GET", "/v2/alerts/race?identifierType=alias")).body.data.status).toBe("open");
  });

  it("waits for processing.delayMs alone when only a delay is seeded", async () => {
    await control.seed({ processing: { delayMs: 3_600_000 } });
    const created = await createAlert({ message: "m", alias: "later" });
    for (let i = 0; i < 3; i++) expect((await api("GET", `/v2/alerts/requests/${created.body.requestId}`)).status).toBe(404);
    await control.seed({ processing: { delayMs: 1 } });
    expect((await pollUntilProcessed(created.body.requestId)).at(-1)!.status).toBe(200);
  });

  it("answers 404 RequestNotProcessed for a request id it never accepted", async () => {
    const unknown = await api("GET", `/v2/alerts/requests/${fakeKey(99)}`);
    expect([unknown.status, unknown.headers.get("x-opsgenie-errortype")]).toEqual([404, "RequestNotProcessed"]);
  });
});

describe("Opsgenie create-alert validation", () => {
  it.each([
    ["no message", { alias: "a" }, { message: "Message can not be empty." }],
    ["a blank message", { message: "  " }, { message: "Message can not be empty." }],
    ["a message over 130 characters", { message: "x".repeat(131) }, { message: "Message can not be longer than 130 characters." }],
    ["an alias over 512 characters", { message: "m", alias: "a".repeat(513) }, { alias: "Alias can not be longer than 512 characters." }],
    ["a priority outside P1-P5", { message: "m", priority: "P0" }, { priority: "should be one of [ P1, P2, P3, P4, P5 ]" }],
    ["a responder with neither id nor name", { message: "m", responders: [{ type: "team" }] }, { "responders[0]": "id or name should be provided" }],
    ["a responder of an unknown type", { message: "m", responders: [{ type: "group", name: "x" }] }, { "responders[0]": "should be one of [ team, user, escalation, schedule ]" }],
  ])("refuses %s with 422 and the field error", async (_what, body, errors) => {
    const answer = await createAlert(body);
    expect([answer.status, answer.body]).toEqual([422, { message: notProcessable, errors, took, requestId: uuid }]);
  });

  it("reports every field error at once", async () => {
    const answer = await createAlert({ priority: "urgent" });
    expect(answer.body.errors).toEqual({ message: "Message can not be empty.", priority: "should be one of [ P1, P2, P3, P4, P5 ]" });
  });

  it("accepts a message of exactly 130 characters", async () => {
    expect((await createAlert({ message: "x".repeat(130) })).status).toBe(202);
  });

  it("answers 400 to a body that is not JSON", async () => {
    const answer = await api("POST", "/v2/alerts", { body: "{oops" });
    expect([answer.status, answer.body]).toEqual([400, { message: "Invalid JSON body", took, requestId: uuid }]);
  });

  it("leaves no request behind for a refused create", async () => {
    await createAlert({ message: "" });
    expect((await control.state<{ requests: unknown[] }>()).requests).toEqual([]);
  });
});

describe("Opsgenie credentials", () => {
  it("refuses a missing Authorization header with 401 Could not authenticate", async () => {
    const answer = await api("POST", "/v2/alerts", { key: null, body: { message: "m" } });
    expect([answer.status, answer.body]).toEqual([401, { message: "Could not authenticate", took, requestId: uuid }]);
  });

  it("refuses another scheme than GenieKey with 401", async () => {
    const answer = await api("POST", "/v2/alerts", { authorization: `Bearer ${integrationKey}`, body: { message: "m" } });
    expect([answer.status, answer.body.message]).toEqual([401, "Could not authenticate"]);
  });

  it.each([
    ["not a UUID", "not-a-key"],
    ["a UUID missing a group", "00000000-0000-4000-000000000001"],
    ["a UUID with a non-hex character", "g0000000-0000-4000-8000-000000000001"],
  ])("refuses a key that is %s with 422 Key format is not valid!", async (_what, key) => {
    const answer = await api("POST", "/v2/alerts", { key, body: { message: "m" } });
    expect([answer.status, answer.body]).toEqual([422, { message: "Key format is not valid!", took, requestId: uuid }]);
  });

  it("refuses an EU key on the US host with 401", async () => {
    await control.seed({ keys: [{ key: euKey, region: "eu" }] });
    const answer = await createAlert({ message: "m" }, euKey);
    expect([answer.status, answer.body.message]).toEqual([401, "Could not authenticate"]);
  });

  it("takes the EU key and refuses a US key when the mock stands for the EU host", async () => {
    await control.seed({ region: "eu", keys: [{ key: euKey }, { key: integrationKey, region: "us" }] });
    expect((await createAlert({ message: "m" }, euKey)).status).toBe(202);
    expect((await createAlert({ message: "m" }, integrationKey)).status).toBe(401);
    expect((await api("GET", "/v2/teams", { key: euKey })).body).toEqual({ data: [], took, requestId: uuid });
  });

  it("refuses an account key on alert create and close with 403 code 40301", async () => {
    await control.seed({ keys: [{ key: accountKey, kind: "account" }] });
    const expected = { code: 40301, message: "To perform this action, use an API key from an API integration.", took, requestId: uuid };
    const create = await createAlert({ message: "m" }, accountKey);
    expect([create.status, create.body]).toEqual([403, expected]);
    const close = await api("POST", "/v2/alerts/a/close?identifierType=alias", { key: accountKey });
    expect([close.status, close.body]).toEqual([403, expected]);
  });

  it("lets an account key configure teams and read alerts", async () => {
    await control.seed({ keys: [{ key: accountKey, kind: "account" }] });
    expect((await api("POST", "/v2/teams", { key: accountKey, body: { name: "sre" } })).status).toBe(201);
    expect((await api("GET", "/v2/alerts/x?identifierType=alias", { key: accountKey })).status).toBe(404);
  });
});

describe("Opsgenie responder teams", () => {
  it("accepts any responder team while no team is known", async () => {
    const created = await createAlert({ message: "m", alias: "t", responders: [{ type: "team", name: "anyone" }] });
    await pollUntilProcessed(created.body.requestId);
    expect((await api("GET", "/v2/alerts/t?identifierType=alias")).body.data.responders).toEqual([{ type: "team", name: "anyone" }]);
  });

  it("refuses an unknown team once teams are seeded, and routes to a known one by id", async () => {
    await control.seed({ teams: [{ name: "payments", id: "team-payments" }] });
    const unknown = await createAlert({ message: "m", responders: [{ type: "team", name: "paymnets" }] });
    expect([unknown.status, unknown.body]).toEqual([422, { message: notProcessable, errors: { responders: "Team with name [paymnets] not found" }, took, requestId: uuid }]);
    const known = await createAlert({ message: "m", alias: "k", responders: [{ type: "team", name: "payments" }] });
    await pollUntilProcessed(known.body.requestId);
    expect((await api("GET", "/v2/alerts/k?identifierType=alias")).body.data.responders).toEqual([{ type: "team", id: "team-payments" }]);
  });

  it("sends a team integration's alerts to its owner team, whatever responders the request names", async () => {
    await control.seed({ teams: [{ name: "payments", id: "team-payments" }, { name: "platform", id: "team-platform" }], keys: [{ key: integrationKey, team: "platform" }] });
    const created = await createAlert({ message: "m", alias: "owned", responders: [{ type: "team", name: "payments" }] });
    await pollUntilProcessed(created.body.requestId);
    expect((await api("GET", "/v2/alerts/owned?identifierType=alias")).body.data.responders).toEqual([{ type: "team", id: "team-platform" }]);
  });

  it("does the same for an integration created with an owner team", async () => {
    await control.seed({ teams: [{ name: "payments", id: "team-payments" }, { name: "platform", id: "team-platform" }] });
    const made = await api("POST", "/v2/integrations", { key: accountKey, body: { name: "verify", type: "API", ownerTeam: { name: "platform" } } });
    const created = await createAlert({ message: "m", alias: "owned", responders: [{ type: "team", name: "payments" }] }, made.body.data.apiKey);
    await pollUntilProcessed(created.body.requestId, made.body.data.apiKey);
    expect((await api("GET", "/v2/alerts/owned?identifierType=alias")).body.data.responders).toEqual([{ type: "team", id: "team-platform" }]);
  });

  it("refuses an unknown team when strictTeams is seeded without teams", async () => {
    await control.seed({ strictTeams: true });
    const answer = await createAlert({ message: "m", responders: [{ type: "team", id: "t-1" }] });
    expect([answer.status, answer.body.errors]).toEqual([422, { responders: "Team with id [t-1] not found" }]);
  });
});

describe("Opsgenie teams API", () => {
  it("creates, lists, gets by id and name, refuses a duplicate, and deletes a team", async () => {
    const created = await api("POST", "/v2/teams", { body: { name: "sre", description: "on call" } });
    expect([created.status, created.body]).toEqual([201, { result: "Created", data: { id: uuid, name: "sre" }, took, requestId: uuid }]);
    const { id } = created.body.data;

    const listed = await api("GET", "/v2/teams");
    expect(listed.body.data).toEqual([
      { id, name: "sre", description: "on call", links: { web: `https://app.opsgenie.com/teams/dashboard/${id}/main`, api: `https://api.opsgenie.com/v2/teams/${id}` } },
    ]);
    expect((await api("GET", `/v2/teams/${id}`)).body.data).toMatchObject({ id, name: "sre", members: [] });
    expect((await api("GET", "/v2/teams/sre?identifierType=name")).body.data.id).toBe(id);

    const duplicate = await api("POST", "/v2/teams", { body: { name: "sre" } });
    expect([duplicate.status, duplicate.body]).toEqual([409, { message: "There is already one Team with same name", took, requestId: uuid }]);

    const deleted = await api("DELETE", "/v2/teams/sre?identifierType=name");
    expect([deleted.status, deleted.body]).toEqual([200, { result: "Deleted", took, requestId: uuid }]);
    const missing = await api("GET", `/v2/teams/${id}`);
    expect([missing.status, missing.body]).toEqual([404, { message: `No team exists with id [${id}]`, took, requestId: uuid }]);
  });

  it("updates a team in place (PATCH): the fields given change, the id stays; a name another team has is the create's 409", async () => {
    const { id } = (await api("POST", "/v2/teams", { body: { name: "sre", description: "on call" } })).body.data;
    await api("POST", "/v2/teams", { body: { name: "platform" } });
    const renamed = await api("PATCH", `/v2/teams/${id}?identifierType=id`, { body: { name: "sre-2" } });
    expect([renamed.status, renamed.body]).toEqual([200, { result: "Updated", data: { id, name: "sre-2" }, took, requestId: uuid }]);
    expect((await api("PATCH", "/v2/teams/sre-2?identifierType=name", { body: { description: "nights" } })).status).toBe(200);
    expect((await api("GET", `/v2/teams/${id}`)).body.data).toMatchObject({ id, name: "sre-2", description: "nights" });
    const taken = await api("PATCH", `/v2/teams/${id}`, { body: { name: "platform" } });
    expect([taken.status, taken.body]).toEqual([409, { message: "There is already one Team with same name", took, requestId: uuid }]);
  });

  it("refuses a team without a name with 422", async () => {
    const answer = await api("POST", "/v2/teams", { body: { description: "x" } });
    expect([answer.status, answer.body.errors]).toEqual([422, { name: "Name can not be empty." }]);
  });
});

describe("Opsgenie integrations API", () => {
  async function teamAndIntegration(): Promise<{ teamId: string; integration: any }> {
    const teamId = (await api("POST", "/v2/teams", { body: { name: "payments" } })).body.data.id;
    const created = await api("POST", "/v2/integrations", { body: { name: "operator-wiring", type: "API", ownerTeam: { name: "payments" } } });
    expect(created.status).toBe(201);
    return { teamId, integration: created.body.data };
  }

  it("creates an API integration owned by a team and answers its new key once", async () => {
    const { teamId, integration } = await teamAndIntegration();
    expect(integration).toMatchObject({ id: uuid, name: "operator-wiring", type: "API", enabled: true, apiKey: uuid, ownerTeam: { id: teamId, name: "payments" } });
    const read = await api("GET", `/v2/integrations/${integration.id}`);
    expect(read.body).toMatchObject({ code: 200, data: { id: integration.id, name: "operator-wiring", ownerTeam: { id: teamId, name: "payments" } } });
    expect(read.body.data).not.toHaveProperty("apiKey");
  });

  it("lists integrations filtered by teamId", async () => {
    const { teamId, integration } = await teamAndIntegration();
    await api("POST", "/v2/integrations", { body: { name: "unowned", type: "API" } });
    const listed = await api("GET", `/v2/integrations?teamId=${teamId}`);
    expect(listed.body).toEqual({ code: 200, data: [{ id: integration.id, name: "operator-wiring", enabled: true, type: "API", teamId }], took, requestId: uuid });
  });

  it("creates alerts with the new key, reported under the integration's id", async () => {
    const { integration } = await teamAndIntegration();
    const created = await createAlert({ message: "m", alias: "via-integration" }, integration.apiKey);
    const outcome = (await pollUntilProcessed(created.body.requestId, integration.apiKey)).at(-1)!.body.data;
    expect(outcome.integrationId).toBe(integration.id);
    const alert = await api("GET", "/v2/alerts/via-integration?identifierType=alias");
    expect(alert.body.data.integration).toEqual({ id: integration.id, name: "operator-wiring", type: "API" });
  });

  it("updates an integration; disabling it makes its key fail with 401", async () => {
    const { integration } = await teamAndIntegration();
    const updated = await api("PUT", `/v2/integrations/${integration.id}`, { body: { name: "renamed", type: "API", enabled: false } });
    expect(updated.body).toMatchObject({ code: 200, data: { id: integration.id, name: "renamed", enabled: false } });
    expect((await createAlert({ message: "m" }, integration.apiKey)).status).toBe(401);
    await api("POST", `/v2/integrations/${integration.id}/enable`);
    expect((await createAlert({ message: "m" }, integration.apiKey)).status).toBe(202);
  });

  it("deletes an integration; its key then fails with 401 and the integration is gone", async () => {
    const { integration } = await teamAndIntegration();
    const deleted = await api("DELETE", `/v2/integrations/${integration.id}`);
    expect([deleted.status, deleted.body]).toEqual([200, { result: "Deleted", took, requestId: uuid }]);
    expect((await createAlert({ message: "m" }, integration.apiKey)).status).toBe(401);
    const missing = await api("GET", `/v2/integrations/${integration.id}`);
    expect([missing.status, missing.body]).toEqual([404, { message: `Integration with id [${integration.id}] does not exist`, took, requestId: uuid }]);
  });

  it("deletes a team's integrations with the team", async () => {
    const { teamId, integration } = await teamAndIntegration();
    await api("DELETE", `/v2/teams/${teamId}`);
    expect((await control.state<{ integrations: unknown[] }>()).integrations).toEqual([]);
    expect((await createAlert({ message: "m" }, integration.apiKey)).status).toBe(401);
  });

  it("narrows an integration's key by its access flags: read-only refuses writes, configurations are off by default, alerts can always be read", async () => {
    const { integration } = await teamAndIntegration();
    const notPermitted = [403, { code: 40301, message: "The API key of this integration is not permitted to perform this action.", took, requestId: uuid }];
    // Defaults (allowWriteAccess true, allowConfigurationAccess false): alerts yes, teams no.
    expect((await createAlert({ message: "m" }, integration.apiKey)).status).toBe(202);
    expect((await api("GET", "/v2/alerts", { key: integration.apiKey })).status).toBe(200);
    const teams = await api("GET", "/v2/teams", { key: integration.apiKey });
    expect([teams.status, teams.body]).toEqual(notPermitted);
    // Limited to read-only access: every write is refused, reading alerts still works.
    await api("PUT", `/v2/integrations/${integration.id}`, { body: { name: "operator-wiring", type: "API", allowWriteAccess: false } });
    const write = await createAlert({ message: "m" }, integration.apiKey);
    expect([write.status, write.body]).toEqual(notPermitted);
    expect((await api("GET", "/v2/alerts", { key: integration.apiKey })).status).toBe(200);
    // With configuration access (and write access, which PUT restores by leaving it out) it may configure.
    await api("PUT", `/v2/integrations/${integration.id}`, { body: { name: "operator-wiring", type: "API", allowConfigurationAccess: true } });
    expect((await api("POST", "/v2/teams", { key: integration.apiKey, body: { name: "sre" } })).status).toBe(201);
  });

  it("lists alerts newest first; a team integration's key sees only its team's", async () => {
    const { integration } = await teamAndIntegration();
    await api("POST", "/v2/teams", { body: { name: "sre" } });
    await control.seed({ processing: { polls: 0 } });
    expect((await createAlert({ message: "other team", alias: "a1", responders: [{ type: "team", name: "sre" }] })).status).toBe(202);
    expect((await createAlert({ message: "ours", alias: "a2" }, integration.apiKey)).status).toBe(202);
    expect((await createAlert({ message: "for payments", alias: "a3", responders: [{ type: "team", name: "payments" }] })).status).toBe(202);
    const all = await api("GET", "/v2/alerts");
    expect([all.status, all.body.data.map((a: { alias: string }) => a.alias)]).toEqual([200, ["a3", "a2", "a1"]]);
    expect((await api("GET", "/v2/alerts?limit=2")).body.data.map((a: { alias: string }) => a.alias)).toEqual(["a3", "a2"]);
    const team = await api("GET", "/v2/alerts", { key: integration.apiKey });
    expect(team.body.data.map((a: { alias: string }) => a.alias)).toEqual(["a3", "a2"]);
    const refused = await api("GET", "/v2/alerts", { key: null });
    expect([refused.status, refused.body]).toEqual([401, { message: "Could not authenticate", took, requestId: uuid }]);
  });

  it("refuses a duplicate name with 409, another type or an unknown owner team with 422", async () => {
    await teamAndIntegration();
    // "409 - Conflict: ID or name conflicts with another entity. E.g. integration name already exists" (response codes).
    const duplicate = await api("POST", "/v2/integrations", { body: { name: "operator-wiring", type: "API" } });
    expect([duplicate.status, duplicate.body]).toEqual([409, { message: "There is already one Integration with same name", took, requestId: uuid }]);
    const wrong = await api("POST", "/v2/integrations", { body: { name: "x", type: "Datadog", ownerTeam: { name: "nobody" } } });
    expect([wrong.status, wrong.body.errors]).toEqual([
      422,
      { type: 'Only "API" integrations are supported by this mock.', ownerTeam: "Team with name [nobody] not found" },
    ]);
  });
});

describe("Opsgenie faults", () => {
  it.each([
    ["team-not-found", 422, { message: notProcessable, errors: { responders: "Team with name [sre] not found" } }],
    ["unauthorized", 401, { message: "Could not authenticate" }],
    ["forbidden-key", 403, { code: 40301, message: "To perform this action, use an API key from an API integration." }],
    ["permission-denied", 403, { message: "You are not authorized to perform this action with this API key." }],
    ["rate-limited", 429, { message: "TooManyRequests" }],
    ["server-error", 500, { message: "Internal Server Error" }],
  ])("switches on %s for one request", async (fault, status, body) => {
    await control.addFault({ route: "POST /v2/alerts", fault, times: 1 });
    const hit = await createAlert({ message: "m", responders: [{ type: "team", name: "sre" }] });
    expect([hit.status, hit.body]).toEqual([status, { ...body, took, requestId: uuid }]);
    expect((await createAlert({ message: "m" })).status).toBe(202);
    expect((await control.state<{ requests: unknown[] }>()).requests).toHaveLength(1);
  });

  it("sends Opsgenie's rate-limit headers and Retry-After with rate-limited", async () => {
    await control.addFault({ fault: "rate-limited" });
    const hit = await api("GET", "/v2/teams");
    expect(["x-ratelimit-state", "x-ratelimit-period-in-sec", "retry-after"].map((h) => hit.headers.get(h))).toEqual(["THROTTLED", "60", "60"]);
  });
});

describe("Opsgenie seeding", () => {
  it.each([
    [{ region: "ap" }, '"region" must be one of us, eu'],
    [{ keys: [{ key: "nope" }] }, 'each key needs "key", a UUID'],
    [{ keys: [{ key: integrationKey, kind: "user" }] }, 'key "kind" must be one of api-integration, account'],
    [{ processing: { polls: -1 } }, '"processing.polls" must be a whole number, 0 or more'],
    [{ processing: { polls: 1, byAction: { Snooze: { polls: 1 } } } }, '"processing.byAction" maps Create, Close, Delete to { "polls", "delayMs" }'],
    [{ keys: [{ key: integrationKey, team: "ghost" }] }, 'key 00000000…: team "ghost" is not a team; seed it in "teams"'],
    [{ teams: [{ name: "a" }, { name: "a" }] }, 'team "a" is already there'],
    [{ regoin: "eu" }, "unknown field(s) regoin; expected region, keys, teams, strictTeams, processing, integrations"],
  ])("refuses the seed %j with a clear message", async (seed, message) => {
    const response = await fetch(`${mock.url}/__mock/state`, { method: "POST", body: JSON.stringify(seed) });
    expect([response.status, await response.json()]).toEqual([400, { error: message }]);
    expect((await control.state<{ region: string; teams: unknown[] }>()).teams).toEqual([]);
  });
});
