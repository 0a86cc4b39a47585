import { declareUnderMocks, valueOf } from "../support/declareUnderMocks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  type OpsgenieApiIntegrationOutputs,
  OpsgenieApiIntegration,
  opsgenieApiIntegrationProvider as provider,
} from "../../components/dynamic/opsgenieApiIntegration";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { opsgenieMock } from "../../mock-endpoints/opsgenie";
import { serializeAndLoad } from "../support/serializedProvider";

// Opsgenie keys are UUIDs; these are visibly fake ones.
const accountKey = "00000000-0000-4000-8000-000000000a01";
const euAccountKey = "00000000-0000-4000-8000-000000000e01";
const teamId = "11111111-1111-4111-8111-111111111111";
const otherTeamId = "22222222-2222-4222-8222-222222222222";
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const uuid = expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);

let mock: RunningService;
let control: MockControl;
let apiUrl: string;

interface MockIntegration {
  id: string;
  name: string;
  enabled: boolean;
  apiKey: string;
  ownerTeam?: { id: string; name: string };
}
const integrations = async () => (await control.state<{ integrations: MockIntegration[] }>()).integrations;

/** Sends an alert with the integration's own key, as Datadog and verify will: the key is real when this is 202. */
const alertWith = async (key: string) =>
  (
    await fetch(`${mock.url}/v2/alerts`, {
      method: "POST",
      headers: { authorization: `GenieKey ${key}`, "content-type": "application/json" },
      body: JSON.stringify({ message: "operator-wiring key check" }),
    })
  ).status;

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
    teams: [
      { id: teamId, name: "payments" },
      { id: otherTeamId, name: "platform" },
    ],
  });
  vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", accountKey);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

const inputs = () => ({ apiUrl, name: "operator-wiring-dev-payments", teamId, enabled: true });

describe("check", () => {
  it("reports every bad input at once", async () => {
    const result = await provider.check!({} as never, { apiUrl: "http://api.opsgenie.com", name: "", teamId: "", enabled: "yes" } as never);
    expect(result.failures).toEqual([
      {
        property: "apiUrl",
        reason:
          'apiUrl "http://api.opsgenie.com" is not an Opsgenie API host. Hint: use https://api.opsgenie.com (US) or https://api.eu.opsgenie.com (EU), or http://<host>:<port> for a mock.',
      },
      { property: "name", reason: "name must not be empty: Opsgenie shows it in the team's integration list." },
      { property: "teamId", reason: "teamId must be the id of the Opsgenie team that owns the integration (OpsgenieTeam.teamId)." },
      { property: "enabled", reason: "enabled must be true or false." },
    ]);
  });

  it("enables by default and lets an unknown team id through (the team is created in the same up)", async () => {
    const result = await provider.check!({} as never, { apiUrl: "https://api.opsgenie.com", name: "x", teamId: unknown } as never);
    expect(result).toEqual({ inputs: { apiUrl: "https://api.opsgenie.com", name: "x", teamId: unknown, enabled: true }, failures: [] });
  });
});

describe("create", () => {
  it("creates an API integration owned by the team, whose key can send alerts", async () => {
    const { id, outs } = await provider.create(inputs());
    expect(outs).toEqual({ ...inputs(), integrationId: id, apiKey: uuid });
    expect(await integrations()).toEqual([
      expect.objectContaining({ id, name: "operator-wiring-dev-payments", type: "API", enabled: true, apiKey: outs!.apiKey, ownerTeam: { id: teamId, name: "payments" } }),
    ]);
    const [post] = await control.requests({ method: "POST", path: "/v2/integrations" });
    // Write access (Datadog and Sentry create alerts with the key), no configuration access (the key is pasted into both).
    expect(JSON.parse(post.body)).toEqual({ name: "operator-wiring-dev-payments", type: "API", ownerTeam: { id: teamId }, enabled: true, allowWriteAccess: true, allowConfigurationAccess: false });
    expect(await alertWith(outs!.apiKey)).toBe(202);
  });

  it("creates a disabled integration when asked", async () => {
    const { outs } = await provider.create({ ...inputs(), enabled: false });
    expect((await integrations()).map((i) => i.enabled)).toEqual([false]);
    expect(await alertWith(outs!.apiKey)).toBe(401);
  });

  it("refuses a name already used in the account", async () => {
    await provider.create(inputs());
    await expect(provider.create({ ...inputs(), teamId: otherTeamId })).rejects.toThrow(
      `Opsgenie integration "operator-wiring-dev-payments" already exists at ${mock.url} (409: There is already one Integration with same name). ` +
        "Hint: integration names are unique in the account; include the stack and owner team in the name, or delete the old integration " +
        "in Opsgenie (in prod, one an earlier replacement retained, once nothing sends with its key).",
    );
    expect(await integrations()).toHaveLength(1);
  });

  it("deletes what it created when the reply has no key, so a failed create leaves nothing", async () => {
    await control.addFault({ route: "POST /v2/integrations", fault: "status", status: 201, body: { data: { id: "abc", name: "x", enabled: true } }, times: 1 });
    await expect(provider.create(inputs())).rejects.toThrow(`Opsgenie created integration "operator-wiring-dev-payments" (abc) at ${mock.url} but its reply had no apiKey.`);
    expect((await control.requests({ method: "DELETE" })).map((r) => r.path)).toEqual(["/v2/integrations/abc"]);
  });

  it("says when Opsgenie is rate limiting", async () => {
    await control.addFault({ route: "POST /v2/integrations", fault: "rate-limited", times: 1 });
    await expect(provider.create(inputs())).rejects.toThrow(
      `Opsgenie POST /v2/integrations at ${mock.url} answered 429: TooManyRequests. Hint: Opsgenie is rate limiting this account; run the update again in a minute.`,
    );
  });

  it("passes on Opsgenie's 422 for a team that does not exist", async () => {
    await expect(provider.create({ ...inputs(), teamId: "33333333-3333-4333-8333-333333333333" })).rejects.toThrow(
      `Opsgenie POST /v2/integrations at ${mock.url} answered 422: Request body is not processable. Please check the errors.; ` +
        "ownerTeam: Team with id [33333333-3333-4333-8333-333333333333] not found.",
    );
  });
});

describe("read", () => {
  it("keeps the key from the state, since Get Integration leaves it out", async () => {
    const { id, outs } = await provider.create(inputs());
    const get = (await (await fetch(`${mock.url}/v2/integrations/${id}`, { headers: { authorization: `GenieKey ${accountKey}` } })).json()) as { data: object };
    expect(get.data).not.toHaveProperty("apiKey");
    expect(await provider.read!(id, outs)).toEqual({ id, props: outs });
  });

  it("sees an integration disabled in Opsgenie", async () => {
    const { id, outs } = await provider.create(inputs());
    await fetch(`${mock.url}/v2/integrations/${id}/disable`, { method: "POST", headers: { authorization: `GenieKey ${accountKey}` } });
    expect(await provider.read!(id, outs)).toEqual({ id, props: { ...outs, enabled: false } });
  });

  it("reports an integration deleted outside the stack as gone (blank id)", async () => {
    const { id, outs } = await provider.create(inputs());
    await fetch(`${mock.url}/v2/integrations/${id}`, { method: "DELETE", headers: { authorization: `GenieKey ${accountKey}` } });
    expect(await provider.read!(id, outs)).toEqual({ id: "" });
  });
});

describe("diff", () => {
  const olds: OpsgenieApiIntegrationOutputs = {
    apiUrl: "https://api.opsgenie.com",
    name: "n",
    teamId,
    enabled: true,
    integrationId: "i1",
    apiKey: "00000000-0000-4000-8000-0000000000ff",
  };
  const diff = (news: Record<string, unknown>) => provider.diff!("i1", olds, { apiUrl: olds.apiUrl, name: "n", teamId, enabled: true, ...news } as never);

  it("sees no change when the inputs are the same", async () => {
    expect(await diff({})).toEqual({ changes: false, replaces: [] });
    expect(await diff({ enabled: undefined })).toEqual({ changes: false, replaces: [] });
  });

  it("renames and toggles in place", async () => {
    expect(await diff({ name: "m" })).toEqual({ changes: true, replaces: [] });
    expect(await diff({ enabled: false })).toEqual({ changes: true, replaces: [] });
  });

  it("replaces (a new key) for another team or host", async () => {
    expect(await diff({ teamId: otherTeamId })).toEqual({ changes: true, replaces: ["teamId"] });
    expect(await diff({ apiUrl: "https://api.eu.opsgenie.com" })).toEqual({ changes: true, replaces: ["apiUrl"] });
  });

  it("counts unknown preview values as changes, replacing for the team and host", async () => {
    expect(await diff({ teamId: unknown })).toEqual({ changes: true, replaces: ["teamId"] });
    expect(await diff({ apiUrl: undefined, teamId: undefined })).toEqual({ changes: true, replaces: ["apiUrl", "teamId"] });
    expect(await diff({ name: unknown, enabled: unknown })).toEqual({ changes: true, replaces: [] });
  });
});

describe("update", () => {
  it("renames with PUT, keeping the key, the team and the enabled state", async () => {
    const { id, outs } = await provider.create(inputs());
    const { outs: updated } = await provider.update!(id, outs!, { ...inputs(), name: "operator-wiring-dev-payments-2" });
    expect(updated).toEqual({ ...outs, name: "operator-wiring-dev-payments-2" });
    expect(await integrations()).toEqual([expect.objectContaining({ name: "operator-wiring-dev-payments-2", enabled: true, apiKey: outs!.apiKey, ownerTeam: { id: teamId, name: "payments" } })]);
    expect((await control.requests({ method: "PUT" })).map((r) => JSON.parse(r.body))).toEqual([
      // Update Integration resets what it is not given: the key's access is sent again.
      { name: "operator-wiring-dev-payments-2", type: "API", ownerTeam: { id: teamId }, enabled: true, allowWriteAccess: true, allowConfigurationAccess: false },
    ]);
    expect(await alertWith(outs!.apiKey)).toBe(202);
  });

  it("disables and enables with Opsgenie's own calls", async () => {
    const { id, outs } = await provider.create(inputs());
    const { outs: disabled } = await provider.update!(id, outs!, { ...inputs(), enabled: false });
    expect(disabled).toEqual({ ...outs, enabled: false });
    expect((await integrations()).map((i) => i.enabled)).toEqual([false]);
    await provider.update!(id, disabled!, inputs());
    expect((await integrations()).map((i) => i.enabled)).toEqual([true]);
    expect((await control.requests({ method: "POST" })).map((r) => r.path)).toEqual([
      "/v2/integrations",
      `/v2/integrations/${id}/disable`,
      `/v2/integrations/${id}/enable`,
    ]);
  });
});

describe("delete", () => {
  it("deletes the integration, revoking its key, and tolerates it being gone already", async () => {
    const { id, outs } = await provider.create(inputs());
    await provider.delete!(id, outs!);
    expect(await integrations()).toEqual([]);
    expect(await alertWith(outs!.apiKey)).toBe(401);
    await provider.delete!(id, outs!);
    expect((await control.requests({ method: "DELETE" })).map((r) => r.status)).toEqual([200, 404]);
  });

  it("tolerates the integration having gone with its team", async () => {
    const { id, outs } = await provider.create(inputs());
    await fetch(`${mock.url}/v2/teams/${teamId}`, { method: "DELETE", headers: { authorization: `GenieKey ${accountKey}` } });
    await expect(provider.delete!(id, outs!)).resolves.toBeUndefined();
  });
});

describe("credentials and region", () => {
  it("names the variable when the account key is missing", async () => {
    vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", "");
    await expect(provider.create(inputs())).rejects.toThrow(
      "OPSGENIE_ACCOUNT_API_KEY is not set. Opsgenie teams and integrations need an account API key with configuration access " +
        "(Opsgenie → Settings → API key management → Add new API key, tick 'Configuration access'); the team's API integration key " +
        "in OPSGENIE_API_KEY cannot create integrations.",
    );
    expect(await control.requests()).toEqual([]);
  });

  it("gives a clear 401 for a key of the other region (the mock stands for the US host), never showing the key", async () => {
    vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", euAccountKey);
    const error = (await provider.create(inputs()).catch((e: unknown) => e)) as Error;
    expect(error.message).toBe(
      `Opsgenie POST /v2/integrations at ${mock.url} answered 401: Could not authenticate. Hint: check OPSGENIE_ACCOUNT_API_KEY. ` +
        `A key of the other region also gets 401 (an EU key on https://api.opsgenie.com, a US key on https://api.eu.opsgenie.com): apiUrl is ${mock.url}. A revoked key gets 401 too.`,
    );
    expect(error.message).not.toContain(euAccountKey);
    expect(await integrations()).toEqual([]);
  });

  it("works with the same key once the mock stands for the EU host, and then refuses the US key", async () => {
    await control.seed({ region: "eu" });
    vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", euAccountKey);
    const { outs } = await provider.create(inputs());
    expect(await alertWith(outs!.apiKey)).toBe(202);
    vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", accountKey);
    await expect(provider.create({ ...inputs(), name: "other" })).rejects.toThrow(`Opsgenie POST /v2/integrations at ${mock.url} answered 401: Could not authenticate.`);
  });
});

describe("in a real pulumi up", () => {
  it("survives Pulumi's closure serialization and works from the serialized text", { timeout: 20_000 }, async () => {
    // As pulumi.dynamic.Resource serializes it, and as the dynamic provider host loads it.
    const { text, loaded } = await serializeAndLoad(provider);
    expect(text).not.toMatch(/require\(/);
    expect(text).toContain("OPSGENIE_ACCOUNT_API_KEY");
    const { id, outs } = await loaded.create(inputs());
    expect(await loaded.read!(id, outs)).toEqual({ id, props: outs });
  });

  it("registers with apiKey in additionalSecretOutputs under strict mocks", { timeout: 20_000 }, async () => {
    const { value: secret, registered, options: registeredOptions } = await declareUnderMocks(
      () =>
        valueOf(
          new OpsgenieApiIntegration(
            "payments-opsgenie",
            { apiUrl: "https://api.eu.opsgenie.com", name: "operator-wiring-dev-payments", teamId },
            { additionalSecretOutputs: ["name"] },
          ).apiKey,
        ),
      () => ({ integrationId: "i-1", apiKey: "00000000-0000-4000-8000-0000000000ff" }),
    );
    const options = registeredOptions.map((o) => ({ type: o.type, additionalSecretOutputs: o.opts.additionalSecretOutputs }));
    expect(options).toEqual([{ type: "pulumi-nodejs:dynamic/opsgenie:ApiIntegration", additionalSecretOutputs: ["name", "apiKey"] }]);
    expect(secret).toBe("00000000-0000-4000-8000-0000000000ff");
    expect(registered.map((r) => r.type)).toEqual(["pulumi:pulumi:Stack", "pulumi-nodejs:dynamic/opsgenie:ApiIntegration"]);
    const { __provider, ...declared } = registered[1].inputs;
    expect(typeof __provider).toBe("string");
    expect(declared).toEqual({ apiUrl: "https://api.eu.opsgenie.com", name: "operator-wiring-dev-payments", teamId });
  });
});
