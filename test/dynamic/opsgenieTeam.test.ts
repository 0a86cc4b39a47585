import { declareUnderMocks, valueOf } from "../support/declareUnderMocks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type OpsgenieTeamOutputs, OpsgenieTeam, opsgenieTeamProvider as provider } from "../../components/dynamic/opsgenieTeam";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { opsgenieMock } from "../../mock-endpoints/opsgenie";
import { serializeAndLoad } from "../support/serializedProvider";

// Opsgenie keys are UUIDs; these are visibly fake ones.
const accountKey = "00000000-0000-4000-8000-000000000a01";
const euAccountKey = "00000000-0000-4000-8000-000000000e01";
const seededTeamId = "11111111-1111-4111-8111-111111111111";
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

let mock: RunningService;
let control: MockControl;
let apiUrl: string;

interface MockTeam {
  id: string;
  name: string;
  description: string;
}
const teams = async () => (await control.state<{ teams: MockTeam[] }>()).teams;

beforeAll(async () => {
  mock = await startService(opsgenieMock, { port: 0 });
  control = new MockControl(mock.url);
  apiUrl = mock.url;
});
afterAll(() => mock.close());
beforeEach(async () => {
  await control.reset();
  await control.seed({
    keys: [{ key: accountKey, kind: "account" }, { key: euAccountKey, kind: "account", region: "eu" }],
    teams: [{ id: seededTeamId, name: "platform", description: "seeded" }],
  });
  vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", accountKey);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const ownedInputs = () => ({ apiUrl, name: "payments-dev", description: "Managed by operator-wiring.", adopt: false });
const create = async (inputs = ownedInputs()) => {
  const { id, outs } = await provider.create(inputs);
  return { id, outs: outs! };
};

describe("check", () => {
  it("reports every bad input at once", async () => {
    const result = await provider.check!({} as never, { apiUrl: "https://api.opsgenie.eu", name: "  ", adopt: "yes" } as never);
    expect(result.failures).toEqual([
      {
        property: "apiUrl",
        reason:
          'apiUrl "https://api.opsgenie.eu" is not an Opsgenie API host. Hint: use https://api.opsgenie.com (US) or https://api.eu.opsgenie.com (EU), or http://<host>:<port> for a mock.',
      },
      { property: "name", reason: "name must be 1 to 100 characters (Opsgenie's limit for a team name)." },
      { property: "adopt", reason: "adopt must be true (use the existing team, never delete it) or false (create the team and own it)." },
    ]);
  });

  it("refuses a description on an adopted team, which the stack never writes", async () => {
    const result = await provider.check!({} as never, { apiUrl, name: "platform", description: "mine", adopt: true });
    expect(result.failures).toEqual([
      {
        property: "description",
        reason: "description only applies to a team this stack creates; an adopted team is left as it is. Hint: remove description or set adopt: false.",
      },
    ]);
  });

  it("normalizes the host and name and defaults the description", async () => {
    const result = await provider.check!({} as never, { apiUrl: "https://api.eu.opsgenie.com/", name: " payments ", adopt: false } as never);
    expect(result).toEqual({ inputs: { apiUrl: "https://api.eu.opsgenie.com", name: "payments", description: "", adopt: false }, failures: [] });
  });

  it("lets unknown preview values through", async () => {
    const result = await provider.check!({} as never, { apiUrl: unknown, name: unknown, adopt: false } as never);
    expect(result).toEqual({ inputs: { apiUrl: unknown, name: unknown, description: "", adopt: false }, failures: [] });
  });
});

describe("create", () => {
  it("creates a team the stack owns", async () => {
    const { id, outs } = await create();
    expect(outs).toEqual({ apiUrl, name: "payments-dev", description: "Managed by operator-wiring.", adopt: false, teamId: id, owned: true });
    expect((await teams()).find((t) => t.id === id)).toEqual({ id, name: "payments-dev", description: "Managed by operator-wiring." });
    const [post] = await control.requests({ method: "POST", path: "/v2/teams" });
    expect(post.headers.authorization).toBe(`GenieKey ${accountKey}`);
  });

  it("refuses a name that is taken, telling the user to adopt it", async () => {
    await expect(create({ ...ownedInputs(), name: "platform" })).rejects.toThrow(
      `Opsgenie team "platform" already exists at ${mock.url} (409: There is already one Team with same name). ` +
        "Hint: set adopt: true to use the existing team without the stack owning it, or choose another name.",
    );
    expect(await teams()).toHaveLength(1);
  });

  it("adopts an existing team by name without creating anything", async () => {
    const { id, outs } = await create({ apiUrl, name: "platform", description: "", adopt: true });
    expect(id).toBe(seededTeamId);
    expect(outs).toEqual({ apiUrl, name: "platform", description: "", adopt: true, teamId: seededTeamId, owned: false });
    expect(await control.requests({ method: "POST" })).toEqual([]);
  });

  it("says how to fix an adopted team that does not exist", async () => {
    await expect(create({ apiUrl, name: "nobody", description: "", adopt: true })).rejects.toThrow(
      `Opsgenie team "nobody" was not found at ${mock.url} (adopt: true looks it up by name). Hint: create it in Opsgenie, or set adopt: false to have the stack create and own it.`,
    );
  });
});

describe("read", () => {
  it("refreshes the name and description from Opsgenie", async () => {
    const { id, outs } = await create();
    const stale = { ...outs, description: "old text" } as OpsgenieTeamOutputs;
    expect(await provider.read!(id, stale)).toEqual({ id, props: outs });
  });

  it("reports a team deleted outside the stack as gone (blank id)", async () => {
    const { id, outs } = await create();
    await fetch(`${mock.url}/v2/teams/${id}`, { method: "DELETE", headers: { authorization: `GenieKey ${accountKey}` } });
    expect(await provider.read!(id, outs)).toEqual({ id: "" });
  });
});

describe("diff", () => {
  const owned: OpsgenieTeamOutputs = { apiUrl: "https://api.opsgenie.com", name: "payments", description: "d", adopt: false, teamId: "t1", owned: true };
  const adopted: OpsgenieTeamOutputs = { ...owned, description: "", adopt: true, owned: false };
  const diff = (olds: OpsgenieTeamOutputs, news: Record<string, unknown>) => provider.diff!("t1", olds, { ...olds, ...news } as never);

  it("sees no change when the inputs are the same", async () => {
    expect(await diff(owned, {})).toEqual({ changes: false, replaces: [] });
  });

  it("renames and re-describes an owned team in place: a replacement would collide by name, and prod keeps the old one", async () => {
    expect(await diff(owned, { name: "payments-2" })).toEqual({ changes: true, replaces: [] });
    expect(await diff(owned, { description: "new" })).toEqual({ changes: true, replaces: [] });
  });

  it("replaces an adopted team on a rename: another name is another team", async () => {
    expect(await diff(adopted, { name: "payments-2" })).toEqual({ changes: true, replaces: ["name"] });
  });

  it("replaces on another host", async () => {
    expect(await diff(owned, { apiUrl: "https://api.eu.opsgenie.com" })).toEqual({ changes: true, replaces: ["apiUrl"] });
  });

  it("replaces when an adopted team is to be owned", async () => {
    expect(await diff(adopted, { adopt: false })).toEqual({ changes: true, replaces: ["adopt"] });
  });

  it("lets go of an owned team in place: a replacement would adopt it and then delete it", async () => {
    expect(await diff(owned, { adopt: true, description: "" })).toEqual({ changes: true, replaces: [] });
  });

  it("ignores the description of an adopted team", async () => {
    expect(await diff(adopted, { description: undefined })).toEqual({ changes: false, replaces: [] });
  });

  it("counts unknown preview values as changes, replacing where the change could be another team", async () => {
    expect(await diff(owned, { apiUrl: unknown, name: unknown, description: unknown, adopt: unknown })).toEqual({ changes: true, replaces: ["apiUrl", "name", "adopt"] });
    expect(await diff(owned, { name: unknown, description: unknown })).toEqual({ changes: true, replaces: [] });
    expect(await diff(adopted, { name: undefined })).toEqual({ changes: true, replaces: ["name"] });
  });
});

describe("update and delete", () => {
  it("lets go of an owned team in place, after which delete leaves it in Opsgenie", async () => {
    const { id, outs } = await create();
    const { outs: released } = await provider.update!(id, outs, { apiUrl, name: "payments-dev", description: "", adopt: true });
    expect(released).toEqual({ apiUrl, name: "payments-dev", description: "", adopt: true, teamId: id, owned: false });
    await provider.delete!(id, released as OpsgenieTeamOutputs);
    expect((await teams()).map((t) => t.name)).toEqual(["platform", "payments-dev"]);
    expect(await control.requests({ method: "DELETE" })).toEqual([]);
  });

  it("renames and re-describes an owned team in place with Update Team, keeping its id", async () => {
    const { id, outs } = await create();
    const { outs: updated } = await provider.update!(id, outs, { apiUrl, name: "payments-dev-2", description: "new", adopt: false });
    expect(updated).toEqual({ apiUrl, name: "payments-dev-2", description: "new", adopt: false, teamId: id, owned: true });
    expect((await teams()).find((t) => t.id === id)).toEqual({ id, name: "payments-dev-2", description: "new" });
    const [patch] = await control.requests({ method: "PATCH" });
    expect([patch.path, patch.query, JSON.parse(patch.body)]).toEqual([`/v2/teams/${id}`, { identifierType: "id" }, { name: "payments-dev-2", description: "new" }]);
  });

  it("refuses a rename to a name another team has, with a hint", async () => {
    const { id, outs } = await create();
    await expect(provider.update!(id, outs, { ...ownedInputs(), name: "platform" })).rejects.toThrow(
      `Opsgenie team "payments-dev" cannot be renamed to "platform" at ${mock.url} (409: There is already one Team with same name). ` +
        "Hint: team names are unique in the account; choose another name, or remove the other team in Opsgenie.",
    );
  });

  it("refuses any other in-place change, which diff sends to replace", async () => {
    const adopted: OpsgenieTeamOutputs = { apiUrl, name: "platform", description: "", adopt: true, teamId: seededTeamId, owned: false };
    await expect(provider.update!(seededTeamId, adopted, { apiUrl, name: "platform", description: "", adopt: false })).rejects.toThrow(
      'OpsgenieTeam "platform" cannot change in place from adopt: true to adopt: false; it must be replaced.',
    );
  });

  it("deletes an owned team, and tolerates it being gone already", async () => {
    const { id, outs } = await create();
    await provider.delete!(id, outs);
    expect((await teams()).map((t) => t.name)).toEqual(["platform"]);
    await provider.delete!(id, outs);
    expect((await control.requests({ method: "DELETE" })).map((r) => r.status)).toEqual([200, 404]);
  });

  it("never deletes an adopted team", async () => {
    const { id, outs } = await create({ apiUrl, name: "platform", description: "", adopt: true });
    await provider.delete!(id, outs);
    expect((await teams()).map((t) => t.id)).toEqual([seededTeamId]);
  });
});

describe("credentials", () => {
  it("names the variable when the account key is missing", async () => {
    vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", "");
    await expect(create()).rejects.toThrow(
      "OPSGENIE_ACCOUNT_API_KEY is not set. Opsgenie teams and integrations need an account API key with configuration access " +
        "(Opsgenie → Settings → API key management → Add new API key, tick 'Configuration access'); the team's API integration key " +
        "in OPSGENIE_API_KEY cannot create teams.",
    );
    expect(await control.requests()).toEqual([]);
  });

  it("turns a 401 for a key of the other region into an error with the region hint, without the key", async () => {
    vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", euAccountKey);
    const error = await create().catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `Opsgenie POST /v2/teams at ${mock.url} answered 401: Could not authenticate. Hint: check OPSGENIE_ACCOUNT_API_KEY. ` +
        `A key of the other region also gets 401 (an EU key on https://api.opsgenie.com, a US key on https://api.eu.opsgenie.com): apiUrl is ${mock.url}. A revoked key gets 401 too.`,
    );
    expect((error as Error).message).not.toContain(euAccountKey);
  });
});

describe("in a real pulumi up", () => {
  it("survives Pulumi's closure serialization and works from the serialized text", { timeout: 20_000 }, async () => {
    // As pulumi.dynamic.Resource serializes it, and as the dynamic provider host loads it.
    const { text, loaded } = await serializeAndLoad(provider);
    expect(text).not.toMatch(/require\(/);
    expect(text).toContain("OPSGENIE_ACCOUNT_API_KEY");
    const { id } = await loaded.create(ownedInputs());
    expect((await teams()).find((t) => t.id === id)?.name).toBe("payments-dev");
  });

  it("registers as pulumi-nodejs:dynamic/opsgenie:Team with its outputs under strict mocks", { timeout: 20_000 }, async () => {
    const { value: teamId, registered, options: declared } = await declareUnderMocks(
      () => valueOf(new OpsgenieTeam("payments", { apiUrl: "https://api.opsgenie.com", name: "payments-dev", adopt: false }).teamId),
      () => ({ teamId: "team-1", owned: true }),
    );
    const options = declared.map((o) => [o.type, ...(o.opts.additionalSecretOutputs ?? [])]);
    expect(options).toEqual([["pulumi-nodejs:dynamic/opsgenie:Team"]]);
    expect(teamId).toBe("team-1");
    // The stack itself registers too.
    expect(registered.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack", "pulumi-nodejs:dynamic/opsgenie:Team"]);
    const { __provider, ...inputs } = registered[1].inputs;
    expect(typeof __provider).toBe("string");
    expect(inputs).toEqual({ apiUrl: "https://api.opsgenie.com", name: "payments-dev", adopt: false });
  });
});
