import * as pulumi from "@pulumi/pulumi";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  SentryOpsgenieTeamRow,
  type SentryOpsgenieTeamRowInputs,
  type SentryOpsgenieTeamRowOutputs,
  sentryOpsgenieTeamRowProvider,
} from "../../components/dynamic/sentryOpsgenieTeamRow";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { opsgenieMock } from "../../mock-endpoints/opsgenie";
import { sentryMock } from "../../mock-endpoints/sentry";
import { opsgenieApiIntegrationProvider } from "../../components/dynamic/opsgenieApiIntegration";
import { declareUnderMocks, valueOf } from "../support/declareUnderMocks";
import { serializeAndLoad } from "../support/serializedProvider";
import { scaledPauses } from "../support/scaledPauses";

// Settle reads, read-modify-write back-off and Retry-After waits last a twentieth (the provider code cannot be handed its waits).
scaledPauses();

type Provider = Required<typeof sentryOpsgenieTeamRowProvider>;
const provider = sentryOpsgenieTeamRowProvider as Provider;

// A user token of the shape Sentry accepts, from obviously fake parts; keys are canaries in UUID shape.
const token = `sntryu_${"0".repeat(64)}`;
const opsKey = "00000000-0000-4000-8000-000000000000";
const ourKey = "11111111-1111-4111-8111-111111111111";
const rotatedKey = "22222222-2222-4222-8222-222222222222";
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const integrationPath = "/api/0/organizations/mock-org/integrations/60/";

interface Row {
  id: string;
  team: string;
  integration_key: string;
}
interface Snapshot {
  organizations: { slug: string; integrations: { id: string; configData: { team_table?: Row[] } }[] }[];
}

let mock: RunningService;
let control: MockControl;
let inputs: SentryOpsgenieTeamRowInputs;

const opsRow: Row = { id: "60-ops", team: "ops", integration_key: opsKey };
const ourRow: Row = { id: "60-payments-dev", team: "payments-dev", integration_key: ourKey };

/** Replaces the Opsgenie integration's table in the mock, as a person editing it in Sentry would. */
const seedTable = (rows: Row[]) => control.seed({ organizations: [{ slug: "mock-org", integrations: [{ provider: "opsgenie", id: "60", teamTable: rows }] }] });

beforeAll(async () => {
  mock = await startService(sentryMock, { port: 0 });
  control = new MockControl(mock.url);
  inputs = { apiUrl: `${mock.url}/api/0`, organization: "mock-org", integrationId: "60", team: "payments-dev", integrationKey: ourKey };
});
afterAll(() => mock.close());
beforeEach(async () => {
  await control.reset();
  await control.seed({
    organizations: [
      {
        slug: "mock-org",
        integrations: [
          { provider: "opsgenie", id: "60", name: "mock-og", teamTable: [opsRow] },
          { provider: "pagerduty", id: "50", name: "mock-pd" },
        ],
      },
    ],
  });
  vi.stubEnv("SENTRY_AUTH_TOKEN", token);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

/** The table as the mock holds it. */
async function table(): Promise<Row[]> {
  const state = await control.state<Snapshot>();
  const integration = state.organizations.find((o) => o.slug === "mock-org")!.integrations.find((i) => i.id === "60")!;
  return integration.configData.team_table!;
}

const posted = async (): Promise<unknown[]> => (await control.requests({ method: "POST", path: integrationPath })).map((r) => JSON.parse(r.body));

describe("check", () => {
  it("accepts valid inputs and returns them", async () => {
    expect(await provider.check({} as SentryOpsgenieTeamRowInputs, inputs)).toEqual({ inputs, failures: [] });
  });

  it("lists every bad input at once, never repeating the key", async () => {
    const bad = { apiUrl: "sentry.io", organization: "a/b", integrationId: "og-60", team: " ", integrationKey: "not-a-uuid-secret" };
    const result = await provider.check({} as SentryOpsgenieTeamRowInputs, bad);
    expect(result.failures).toEqual([
      { property: "apiUrl", reason: "apiUrl must be Sentry's web API base URL, e.g. https://sentry.io/api/0" },
      { property: "organization", reason: "organization must be the organisation's slug (or id)" },
      { property: "integrationId", reason: "integrationId must be the digits of the installed Opsgenie integration's id" },
      { property: "team", reason: "team must be the row's label, usually the Opsgenie team name (an empty label cannot be told apart)" },
      { property: "integrationKey", reason: "integrationKey must be the key of an Opsgenie API integration: a UUID" },
    ]);
    expect(JSON.stringify(result.failures)).not.toContain("not-a-uuid-secret");
  });

  it("leaves values unknown in a preview for later", async () => {
    const preview = { ...inputs, integrationKey: unknown, team: unknown, integrationId: unknown };
    expect(await provider.check({} as SentryOpsgenieTeamRowInputs, preview)).toEqual({ inputs: preview, failures: [] });
  });
});

describe("diff", () => {
  const olds: SentryOpsgenieTeamRowOutputs = {
    apiUrl: "https://sentry.io/api/0",
    organization: "acme",
    integrationId: "6",
    team: "payments-prod",
    integrationKey: ourKey,
    rowId: "12-payments-prod",
  };
  const news = (change: Partial<Record<keyof SentryOpsgenieTeamRowInputs, string>> = {}): SentryOpsgenieTeamRowInputs => {
    const { rowId: _rowId, ...rest } = olds;
    return { ...rest, ...change };
  };

  it("sees no change when the inputs are the same", async () => {
    expect(await provider.diff("12-payments-prod", olds, news())).toEqual({ changes: false, replaces: [] });
  });

  it.each([
    ["a rotated integration key", { integrationKey: rotatedKey }],
    ["the region host of the same Sentry", { apiUrl: "https://us.sentry.io/api/0" }],
  ])("updates in place for %s", async (_what, change) => {
    expect(await provider.diff("12-payments-prod", olds, news(change))).toEqual({ changes: true, replaces: [] });
  });

  it.each([
    ["organization", { organization: "other-org" }],
    ["integrationId", { integrationId: "7" }],
    ["team", { team: "payments-v2" }],
  ])("replaces for a new %s", async (field, change) => {
    expect(await provider.diff("12-payments-prod", olds, news(change))).toEqual({ changes: true, replaces: [field] });
  });

  it("counts values unknown in a preview as changes, and as replaces for replace fields", async () => {
    expect(await provider.diff("12-payments-prod", olds, news({ integrationKey: unknown }))).toEqual({ changes: true, replaces: [] });
    expect(await provider.diff("12-payments-prod", olds, news({ team: unknown, apiUrl: unknown }))).toEqual({ changes: true, replaces: ["team"] });
    expect(await provider.diff("12-payments-prod", olds, { ...news(), organization: undefined } as unknown as SentryOpsgenieTeamRowInputs)).toEqual({
      changes: true,
      replaces: ["organization"],
    });
  });
});

describe("create", () => {
  it("posts the whole table with the new row as id \"\", learns Sentry's id, and returns it with the inputs", async () => {
    const created = await provider.create(inputs);
    expect(created).toStrictEqual({ id: "60-payments-dev", outs: { ...inputs, rowId: "60-payments-dev" } });
    expect(await table()).toEqual([opsRow, ourRow]);

    const posts = await control.requests({ method: "POST", path: integrationPath });
    expect(posts).toHaveLength(1);
    expect(posts[0].headers.authorization).toBe(`Bearer ${token}`);
    expect(JSON.parse(posts[0].body)).toEqual({ team_table: [opsRow, { id: "", team: "payments-dev", integration_key: ourKey }] });
  });

  it("refuses a label another row already has, and changes nothing", async () => {
    await expect(provider.create({ ...inputs, team: "ops" })).rejects.toThrow(
      'the Opsgenie team table of Sentry integration 60 (organization "mock-org") already has a row "ops" (id 60-ops) that this stack did not create. ' +
        "Hint: each stack finds its row by label, so labels must be unique in the table: remove or rename that row in Sentry " +
        "(Settings → Integrations → Opsgenie → Configure), or give this stack's row another label.",
    );
    expect(await table()).toEqual([opsRow]);
    expect(await control.requestCount({ method: "POST" })).toBe(0);
  });

  it("refuses a label whose id a relabelled row still holds, as Sentry would give the new row the same id", async () => {
    const relabelled: Row = { id: "60-payments-dev", team: "payments-legacy", integration_key: opsKey };
    await seedTable([opsRow, relabelled]);
    await expect(provider.create(inputs)).rejects.toThrow(
      'the Opsgenie team table of Sentry integration 60 (organization "mock-org") already has a row "payments-legacy" with the id 60-payments-dev, ' +
        'made when it was labelled "payments-dev": a new row "payments-dev" would get the same id, and an alert naming it could reach either row. ' +
        "Hint: in Sentry (Settings → Integrations → Opsgenie → Configure) remove that row and add it again, so that it gets an id of its own " +
        "(then point its alerts at the new id), or give this stack's row another label.",
    );
    expect(await table()).toEqual([opsRow, relabelled]);
    expect(await control.requestCount({ method: "POST" })).toBe(0);
  });

  it("names the installation step when the organisation has no such integration", async () => {
    await expect(provider.create({ ...inputs, integrationId: "999" })).rejects.toThrow(
      'Sentry organization "mock-org" has no integration 999 (404). Hint: the Opsgenie integration is installed in the browser ' +
        "(Sentry → Settings → Integrations → Opsgenie → Add Installation, with the Opsgenie account name and API host); then use the id that " +
        "GET /api/0/organizations/mock-org/integrations/?providerKey=opsgenie lists.",
    );
  });

  it("refuses an integration of another provider", async () => {
    await expect(provider.create({ ...inputs, integrationId: "50" })).rejects.toThrow(
      'Sentry integration 50 in organization "mock-org" is a pagerduty integration, not Opsgenie. ' +
        "Hint: use the id that GET /api/0/organizations/mock-org/integrations/?providerKey=opsgenie lists.",
    );
  });

  it("passes Sentry's 401 on with its message", async () => {
    vi.stubEnv("SENTRY_AUTH_TOKEN", "not-a-sentry-token");
    await expect(provider.create(inputs)).rejects.toMatchObject({ message: "Sentry GET /organizations/mock-org/integrations/60/: 401 Invalid token", status: 401 });
    expect(await control.requestCount({ method: "POST" })).toBe(0);
  });

  it("keeps the keys out of Sentry's refusal of a key Opsgenie does not know, which quotes the key", async () => {
    await control.addFault({ route: `POST ${integrationPath}`, fault: "status", status: 400, body: { detail: `Invalid integration key: ['${ourKey}']` } });
    const error = (await provider.create(inputs).catch((e: Error) => e)) as Error;
    expect(error).toMatchObject({ message: "Sentry POST /organizations/mock-org/integrations/60/: 400 Invalid integration key: ['[redacted]']", status: 400 });
    expect(String(error.stack)).not.toContain(ourKey);
    expect(await table()).toEqual([opsRow]);
  });
});

describe("with the key of the API integration the stack creates, checked by Sentry against Opsgenie", () => {
  // Sentry saves a new row only after listing alerts in Opsgenie with its key (a 401 there is
  // "Invalid integration key"); the Sentry mock asks the Opsgenie mock at the installation's baseUrl.
  const accountKey = "00000000-0000-4000-8000-000000000a01";
  let opsgenie: RunningService;
  let opsgenieControl: MockControl;
  beforeAll(async () => {
    opsgenie = await startService(opsgenieMock, { port: 0 });
    opsgenieControl = new MockControl(opsgenie.url);
  });
  afterAll(() => opsgenie.close());
  beforeEach(async () => {
    await opsgenieControl.reset();
    await opsgenieControl.seed({ keys: [{ key: accountKey, kind: "account" }], teams: [{ name: "payments" }] });
    await control.seed({ organizations: [{ slug: "mock-org", integrations: [{ provider: "opsgenie", id: "60", name: "mock-og", baseUrl: `${opsgenie.url}/`, teamTable: [] }] }] });
    vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", accountKey);
  });

  /** The stack's API integration for team payments, as the program declares it. */
  async function stackIntegrationKey(enabled = true): Promise<string> {
    const [team] = (await opsgenieControl.state<{ teams: { id: string }[] }>()).teams;
    const { outs } = await opsgenieApiIntegrationProvider.create({ apiUrl: opsgenie.url, name: "operator-wiring Payments Worker dev for team payments", teamId: team.id, enabled });
    return outs!.apiKey;
  }

  it("accepts the row: Sentry reads alerts with the key, and the key may also send them", async () => {
    const key = await stackIntegrationKey();
    const created = await provider.create({ ...inputs, integrationKey: key });
    expect(created.id).toBe("60-payments-dev");
    const [check] = await opsgenieControl.requests({ method: "GET", path: "/v2/alerts" });
    expect([check.status, check.headers.authorization]).toEqual([200, `GenieKey ${key}`]);
    const alert = await fetch(`${opsgenie.url}/v2/alerts`, { method: "POST", headers: { authorization: `GenieKey ${key}`, "content-type": "application/json" }, body: JSON.stringify({ message: "m" }) });
    expect(alert.status).toBe(202);
  });

  it("is refused as Sentry refuses it when Opsgenie does not take the key (a disabled integration: 401)", async () => {
    const key = await stackIntegrationKey(false);
    await expect(provider.create({ ...inputs, integrationKey: key })).rejects.toMatchObject({
      message: "Sentry POST /organizations/mock-org/integrations/60/: 400 Invalid integration key: ['[redacted]']",
      status: 400,
    });
    expect(await table()).toEqual([]);
  });
});

describe("concurrent writers", () => {
  const keyA = "aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa";
  const keyB = "bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb";

  it("two stacks creating rows at once both keep their row; deleting one keeps the other", async () => {
    const [a, b] = await Promise.all([
      provider.create({ ...inputs, team: "stack-a", integrationKey: keyA }),
      provider.create({ ...inputs, team: "stack-b", integrationKey: keyB }),
    ]);
    expect([a.id, b.id]).toEqual(["60-stack-a", "60-stack-b"]);
    const byTeam = (rows: Row[]) => [...rows].sort((x, y) => x.team.localeCompare(y.team));
    expect(byTeam(await table())).toEqual([
      opsRow,
      { id: "60-stack-a", team: "stack-a", integration_key: keyA },
      { id: "60-stack-b", team: "stack-b", integration_key: keyB },
    ]);

    await provider.delete(a.id, a.outs!);
    expect(await table()).toEqual([opsRow, { id: "60-stack-b", team: "stack-b", integration_key: keyB }]);
  });

  it("writes its row again when another stack's stale read-modify-write removed it after it was written", async () => {
    // The other stack reads the table, then its whole-table POST reaches Sentry late (held by the mock).
    const stale = await table();
    await control.addFault({ route: `POST ${integrationPath}`, fault: "delay", ms: 300, times: 1 });
    const otherWrite = fetch(`${mock.url}${integrationPath}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ team_table: [...stale, { id: "", team: "other-stack", integration_key: keyB }] }),
    });
    await vi.waitFor(async () => expect(await control.requestCount({ method: "POST" })).toBe(1));

    const created = await provider.create(inputs);
    expect((await otherWrite).status).toBe(200);
    expect(created.id).toBe("60-payments-dev");
    expect(await table()).toEqual([opsRow, { id: "60-other-stack", team: "other-stack", integration_key: keyB }, ourRow]);
  });
});

describe("read", () => {
  it("returns the row as Sentry has it now: a relabel or a key changed in Sentry shows as drift", async () => {
    const created = await provider.create(inputs);
    expect(await provider.read(created.id, created.outs)).toStrictEqual({ id: created.id, props: created.outs });

    await seedTable([opsRow, { ...ourRow, team: "renamed", integration_key: rotatedKey }]);
    expect(await provider.read(created.id, created.outs)).toStrictEqual({ id: created.id, props: { ...created.outs, team: "renamed", integrationKey: rotatedKey } });
  });

  it("reports a row or integration that is gone with no id", async () => {
    const created = await provider.create(inputs);
    await seedTable([opsRow]);
    expect(await provider.read(created.id, created.outs)).toEqual({});
    expect(await provider.read("60-ops", { ...created.outs!, integrationId: "999" })).toEqual({});
  });
});

describe("update", () => {
  it("rotates the key under the same id, posting the row as new so that Sentry checks the key, and leaves the other rows alone", async () => {
    const created = await provider.create(inputs);
    await control.clearRequests();
    const updated = await provider.update(created.id, created.outs!, { ...inputs, integrationKey: rotatedKey });
    expect(updated).toStrictEqual({ outs: { ...inputs, integrationKey: rotatedKey, rowId: "60-payments-dev" } });
    expect(await table()).toEqual([opsRow, { ...ourRow, integration_key: rotatedKey }]);
    expect(await posted()).toEqual([{ team_table: [opsRow, { id: "", team: "payments-dev", integration_key: rotatedKey }] }]);
  });

  it("keeps the old key when Sentry refuses the new one, and says so without either key", async () => {
    const created = await provider.create(inputs);
    await control.addFault({ route: `POST ${integrationPath}`, fault: "status", status: 400, body: { detail: `Invalid integration key: ['${rotatedKey}']` } });
    await expect(provider.update(created.id, created.outs!, { ...inputs, integrationKey: rotatedKey })).rejects.toMatchObject({
      message: "Sentry POST /organizations/mock-org/integrations/60/: 400 Invalid integration key: ['[redacted]']",
    });
    expect(await table()).toEqual([opsRow, ourRow]);
  });

  it("rewrites the key in place when the row's id was made from another label", async () => {
    const older: Row = { id: "60-payments-old", team: "payments-dev", integration_key: ourKey };
    await seedTable([opsRow, older]);
    const olds = { ...inputs, rowId: older.id };
    await provider.update(older.id, olds, { ...inputs, integrationKey: rotatedKey });
    expect(await posted()).toEqual([{ team_table: [opsRow, { ...older, integration_key: rotatedKey }] }]);
    expect(await table()).toEqual([opsRow, { ...older, integration_key: rotatedKey }]);
  });

  it("writes nothing when only the API host changed", async () => {
    const created = await provider.create(inputs);
    await control.clearRequests();
    const moved = { ...inputs, apiUrl: `${mock.url}/api/0/` };
    expect(await provider.update(created.id, created.outs!, moved)).toStrictEqual({ outs: { ...moved, rowId: created.id } });
    expect(await control.requestCount({ method: "POST" })).toBe(0);
  });

  it("says how to recover when the row was removed outside Pulumi", async () => {
    const created = await provider.create(inputs);
    await seedTable([opsRow]);
    await expect(provider.update(created.id, created.outs!, { ...inputs, integrationKey: rotatedKey })).rejects.toThrow(
      'the Opsgenie team table of Sentry integration 60 (organization "mock-org") no longer has row 60-payments-dev ("payments-dev") with the key this stack set: ' +
        "it was removed or changed outside Pulumi. Hint: run `pulumi refresh`, then `pulumi up` writes the row again.",
    );
  });
});

describe("delete", () => {
  it("removes only its own row", async () => {
    const created = await provider.create(inputs);
    await control.clearRequests();
    await provider.delete(created.id, created.outs!);
    expect(await table()).toEqual([opsRow]);
    expect(await posted()).toEqual([{ team_table: [opsRow] }]);
  });

  it("tolerates a row or an integration that is already gone (404), posting nothing", async () => {
    const created = await provider.create(inputs);
    await seedTable([opsRow]);
    await control.clearRequests();
    await expect(provider.delete(created.id, created.outs!)).resolves.toBeUndefined();
    await expect(provider.delete(created.id, { ...created.outs!, integrationId: "999" })).resolves.toBeUndefined();
    const gets = await control.requests({ method: "GET" });
    expect(gets.map((r) => [r.path, r.status])).toEqual([
      [integrationPath, 200],
      ["/api/0/organizations/mock-org/integrations/999/", 404],
    ]);
    expect(await control.requestCount({ method: "POST" })).toBe(0);
  });

  it("leaves another row that has its id: Sentry gives a new row the id a relabelled one kept", async () => {
    const created = await provider.create(inputs);
    // Ours relabelled in Sentry, then someone added a row under the old label: both are 60-payments-dev.
    const theirs: Row = { id: "60-payments-dev", team: "payments-dev", integration_key: opsKey };
    await seedTable([opsRow, { ...ourRow, team: "payments-renamed" }, theirs]);
    await provider.delete(created.id, created.outs!);
    expect(await table()).toEqual([opsRow, theirs]);
  });
});

describe("as Pulumi runs it", () => {
  it("survives closure serialization and works from the serialized text alone", { timeout: 20_000 }, async () => {
    const { text, loaded } = await serializeAndLoad(provider);
    expect(text).not.toMatch(/require\(/);
    expect(text).not.toContain(token);
    const created = await loaded.create(inputs);
    expect(await table()).toEqual([opsRow, ourRow]);
    await loaded.update(created.id, created.outs!, { ...inputs, integrationKey: rotatedKey });
    expect(await table()).toEqual([opsRow, { ...ourRow, integration_key: rotatedKey }]);
    await loaded.delete(created.id, { ...created.outs!, integrationKey: rotatedKey });
    expect(await table()).toEqual([opsRow]);
  });

  it("registers as pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow with the key a secret input and output, and rowId in clear", async () => {
    const { value: rowId, registered, options } = await declareUnderMocks(
      () => valueOf(new SentryOpsgenieTeamRow("payments-og-row", { ...inputs, apiUrl: "https://sentry.io/api/0" }).rowId),
      () => ({ rowId: "60-payments-dev" }),
    );

    expect(rowId).toBe("60-payments-dev");
    expect(options.map((o) => [o.type, o.name, o.opts.additionalSecretOutputs])).toEqual([
      ["pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow", "payments-og-row", ["integrationKey"]],
    ]);
    const row = registered.find((r) => r.name === "payments-og-row")!;
    expect(row.type).toBe("pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow");
    const { __provider, ...props } = row.inputs;
    expect(typeof __provider).toBe("string");
    expect(__provider).not.toContain(ourKey);
    // The key reaches the engine as a secret, whatever the caller passed.
    expect(props).toEqual({
      apiUrl: "https://sentry.io/api/0",
      organization: "mock-org",
      integrationId: "60",
      team: "payments-dev",
      integrationKey: { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: ourKey },
    });
  });
});
