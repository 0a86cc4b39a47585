import * as pulumi from "@pulumi/pulumi";
import { declareUnderMocks, valueOf } from "../support/declareUnderMocks";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import {
  SentryServiceTableRow,
  type SentryServiceTableRowInputs,
  type SentryServiceTableRowOutputs,
  sentryServiceTableRowProvider,
} from "../../components/dynamic/sentryServiceTableRow";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { sentryMock } from "../../mock-endpoints/sentry";
import { serializeAndLoad } from "../support/serializedProvider";
import { scaledPauses } from "../support/scaledPauses";

// Settle reads, read-modify-write back-off and Retry-After waits last a twentieth (the provider code cannot be handed its waits).
scaledPauses();

type Provider = Required<typeof sentryServiceTableRowProvider>;
const provider = sentryServiceTableRowProvider as Provider;

// A user token of the shape Sentry accepts, from obviously fake parts; keys are canaries.
const token = `sntryu_${"0".repeat(64)}`;
const checkoutKey = "c".repeat(32);
const ourKey = "K9".repeat(16);
const unknown = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";
const integrationPath = "/api/0/organizations/mock-org/integrations/50/";

interface Row {
  id: number;
  service: string;
  integration_key: string;
}
interface Snapshot {
  organizations: { slug: string; integrations: { id: string; configData: { service_table?: Row[] } }[] }[];
}

let mock: RunningService;
let control: MockControl;
let inputs: SentryServiceTableRowInputs;

beforeAll(async () => {
  mock = await startService(sentryMock, { port: 0 });
  control = new MockControl(mock.url);
  inputs = { apiUrl: `${mock.url}/api/0`, organization: "mock-org", integrationId: "50", service: "payments-dev", integrationKey: ourKey };
});
afterAll(() => mock.close());
beforeEach(async () => {
  await control.reset();
  await control.seed({
    organizations: [
      {
        slug: "mock-org",
        integrations: [
          { provider: "pagerduty", id: "50", name: "mock-pd", externalId: "mock", serviceTable: [{ id: 100, service: "checkout", integration_key: checkoutKey }] },
          { provider: "slack", id: "7", name: "mock-workspace" },
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
  const integration = state.organizations.find((o) => o.slug === "mock-org")!.integrations.find((i) => i.id === "50")!;
  return integration.configData.service_table!;
}

const checkoutRow: Row = { id: 100, service: "checkout", integration_key: checkoutKey };

describe("check", () => {
  it("accepts valid inputs and returns them", async () => {
    expect(await provider.check({} as SentryServiceTableRowInputs, inputs)).toEqual({ inputs, failures: [] });
  });

  it("lists every bad input at once, never repeating the key", async () => {
    const bad = { apiUrl: "sentry.io", organization: "", integrationId: "pd-50", service: " ", integrationKey: "short-secret" };
    const result = await provider.check({} as SentryServiceTableRowInputs, bad);
    expect(result.failures).toEqual([
      { property: "apiUrl", reason: "apiUrl must be Sentry's web API base URL, e.g. https://sentry.io/api/0" },
      { property: "organization", reason: "organization must be the organisation's slug (or id)" },
      { property: "integrationId", reason: "integrationId must be the digits of the installed PagerDuty integration's id" },
      { property: "service", reason: "service must be the PagerDuty service name (Sentry refuses an empty name)" },
      { property: "integrationKey", reason: "integrationKey must be the PagerDuty Events API v2 integration key: 32 letters and digits" },
    ]);
    expect(JSON.stringify(result.failures)).not.toContain("short-secret");
  });

  it("leaves values unknown in a preview for later", async () => {
    const preview = { ...inputs, integrationKey: unknown, service: unknown };
    expect(await provider.check({} as SentryServiceTableRowInputs, preview)).toEqual({ inputs: preview, failures: [] });
  });
});

describe("create", () => {
  it("posts the whole table with the new row as id 0, learns Sentry's id, and returns it with the inputs", async () => {
    const created = await provider.create(inputs);
    const rows = await table();
    expect(rows).toHaveLength(2);
    const ours = rows[1];
    expect(rows).toEqual([checkoutRow, { id: ours.id, service: "payments-dev", integration_key: ourKey }]);
    expect(ours.id).not.toBe(100);
    expect(created).toStrictEqual({ id: String(ours.id), outs: { ...inputs, rowId: String(ours.id) } });

    const posts = await control.requests({ method: "POST", path: integrationPath });
    expect(posts).toHaveLength(1);
    expect(posts[0].headers.authorization).toBe(`Bearer ${token}`);
    expect(JSON.parse(posts[0].body)).toEqual({ service_table: [checkoutRow, { id: 0, service: "payments-dev", integration_key: ourKey }] });
  });

  it("refuses a service name another row already has, and changes nothing", async () => {
    await expect(provider.create({ ...inputs, service: "checkout" })).rejects.toThrow(
      'the PagerDuty service table of Sentry integration 50 (organization "mock-org") already has a row "checkout" (id 100) that this stack did not create. ' +
        "Hint: each stack finds its row by service name, so names must be unique in the table: remove or rename that row in Sentry " +
        "(Settings → Integrations → PagerDuty → Configure), or give this stack's PagerDuty service another name.",
    );
    expect(await table()).toEqual([checkoutRow]);
    expect(await control.requestCount({ method: "POST" })).toBe(0);
  });

  it("names the installation step when the organisation has no such integration", async () => {
    await expect(provider.create({ ...inputs, integrationId: "999" })).rejects.toThrow(
      'Sentry organization "mock-org" has no integration 999 (404). Hint: the PagerDuty integration is installed in the browser ' +
        "(Sentry → Settings → Integrations → PagerDuty → Install, an OAuth flow); then use the id that " +
        "GET /api/0/organizations/mock-org/integrations/?providerKey=pagerduty lists.",
    );
  });

  it("refuses an integration of another provider", async () => {
    await expect(provider.create({ ...inputs, integrationId: "7" })).rejects.toThrow(
      'Sentry integration 7 in organization "mock-org" is a slack integration, not PagerDuty. ' +
        "Hint: use the id that GET /api/0/organizations/mock-org/integrations/?providerKey=pagerduty lists.",
    );
  });

  it("fails naming SENTRY_AUTH_TOKEN when it is not set", async () => {
    vi.stubEnv("SENTRY_AUTH_TOKEN", "");
    await expect(provider.create(inputs)).rejects.toThrow(/^SENTRY_AUTH_TOKEN is not set: the Sentry resources call Sentry's web API with it\. Create a token in Sentry/);
    expect(await control.requestCount()).toBe(0);
  });

  it("passes Sentry's 401 on with its message", async () => {
    vi.stubEnv("SENTRY_AUTH_TOKEN", "not-a-sentry-token");
    await expect(provider.create(inputs)).rejects.toMatchObject({ message: "Sentry GET /organizations/mock-org/integrations/50/: 401 Invalid token", status: 401 });
  });

  it("keeps integration keys out of an error message even when Sentry echoes one", async () => {
    await control.addFault({ route: `POST ${integrationPath}`, fault: "status", status: 400, body: { detail: `bad key ${ourKey} next to ${checkoutKey}` } });
    await expect(provider.create(inputs)).rejects.toMatchObject({ message: "Sentry POST /organizations/mock-org/integrations/50/: 400 bad key [redacted] next to [redacted]", status: 400 });
  });
});

describe("concurrent writers", () => {
  it("two stacks creating rows at once both keep their row, with distinct ids; deleting one keeps the other", async () => {
    const [a, b] = await Promise.all([
      provider.create({ ...inputs, service: "stack-a", integrationKey: "a".repeat(32) }),
      provider.create({ ...inputs, service: "stack-b", integrationKey: "b".repeat(32) }),
    ]);
    expect(a.id).not.toBe(b.id);
    const byService = (rows: Row[]) => [...rows].sort((x, y) => x.service.localeCompare(y.service));
    expect(byService(await table())).toEqual([
      checkoutRow,
      { id: Number(a.id), service: "stack-a", integration_key: "a".repeat(32) },
      { id: Number(b.id), service: "stack-b", integration_key: "b".repeat(32) },
    ]);

    await provider.delete(a.id, a.outs!);
    expect(byService(await table())).toEqual([checkoutRow, { id: Number(b.id), service: "stack-b", integration_key: "b".repeat(32) }]);
  });

  it("writes another row of this process while the first waits to read its table once more", async () => {
    await Promise.all([
      provider.create({ ...inputs, service: "stack-a", integrationKey: "a".repeat(32) }),
      provider.create({ ...inputs, service: "stack-b", integrationKey: "b".repeat(32) }),
    ]);
    // Each: read, write, read back; then, after the pause, read once more. The second row's round
    // comes before the first row's last read: the pause holds no lock.
    expect((await control.requests({ path: integrationPath })).map((r) => r.method)).toEqual(["GET", "POST", "GET", "GET", "POST", "GET", "GET", "GET"]);
  });

  it("writes its row again when another stack's stale read-modify-write removed it after it was written", async () => {
    // The other stack reads the table before our write, and its whole-table POST reaches Sentry
    // after it: sent once the mock has taken our POST, not after a fixed delay, which a busy
    // machine could outrun (then the other stack's write came first and ours, from a read without
    // its row, removed it: a different race, and the test failed).
    const stale = await table();
    const otherKey = "o".repeat(32);
    const creating = provider.create(inputs);
    await vi.waitFor(async () => expect(await control.requestCount({ method: "POST" })).toBe(1), { timeout: 10_000, interval: 5 });
    const otherWrite = await fetch(`${mock.url}${integrationPath}`, {
      method: "POST",
      headers: { authorization: `Bearer ${token}`, "content-type": "application/json" },
      body: JSON.stringify({ service_table: [...stale, { id: 0, service: "other-stack", integration_key: otherKey }] }),
    });
    expect(otherWrite.status).toBe(200);

    const created = await creating;
    // Our row was written twice: the stale write removed it and the provider saw that.
    expect(await control.requestCount({ method: "POST" })).toBe(3);
    const rows = await table();
    const other = rows.find((r) => r.service === "other-stack")!;
    expect(rows).toEqual([checkoutRow, { id: other.id, service: "other-stack", integration_key: otherKey }, { id: Number(created.id), service: "payments-dev", integration_key: ourKey }]);
  });
});

describe("read", () => {
  it("returns the row as Sentry has it now", async () => {
    const created = await provider.create(inputs);
    expect(await provider.read(created.id, created.outs)).toStrictEqual({ id: created.id, props: created.outs });

    // Renamed in Sentry's settings page: refresh shows it, so the next up rewrites it.
    const rows = await table();
    await control.seed({
      organizations: [{ slug: "mock-org", integrations: [{ provider: "pagerduty", id: "50", serviceTable: rows.map((r) => (r.service === "payments-dev" ? { ...r, service: "renamed" } : r)) }] }],
    });
    expect(await provider.read(created.id, created.outs)).toStrictEqual({ id: created.id, props: { ...created.outs, service: "renamed" } });
  });

  it("reports a row or integration that is gone with no id", async () => {
    const created = await provider.create(inputs);
    await provider.delete(created.id, created.outs!);
    expect(await provider.read(created.id, created.outs)).toEqual({});
    expect(await provider.read("100", { ...created.outs!, integrationId: "999" })).toEqual({});
  });
});

describe("diff", () => {
  const olds: SentryServiceTableRowOutputs = {
    apiUrl: "https://sentry.io/api/0",
    organization: "acme",
    integrationId: "5",
    service: "payments-prod",
    integrationKey: "k".repeat(32),
    rowId: "12",
  };
  const news = (change: Partial<Record<keyof SentryServiceTableRowInputs, string>> = {}): SentryServiceTableRowInputs => {
    const { rowId: _rowId, ...rest } = olds;
    return { ...rest, ...change };
  };

  it("sees no change when the inputs are the same", async () => {
    expect(await provider.diff("12", olds, news())).toEqual({ changes: false, replaces: [] });
  });

  it.each([
    ["a new service name", { service: "payments-v2" }],
    ["a rotated integration key", { integrationKey: "n".repeat(32) }],
    ["the region host of the same Sentry", { apiUrl: "https://us.sentry.io/api/0" }],
  ])("updates in place for %s", async (_what, change) => {
    expect(await provider.diff("12", olds, news(change))).toEqual({ changes: true, replaces: [] });
  });

  it.each([
    ["organization", { organization: "other-org" }],
    ["integrationId", { integrationId: "6" }],
  ])("replaces for a new %s", async (field, change) => {
    expect(await provider.diff("12", olds, news(change))).toEqual({ changes: true, replaces: [field] });
  });

  it("counts values unknown in a preview as changes, and as replaces for replace fields", async () => {
    expect(await provider.diff("12", olds, news({ integrationKey: unknown }))).toEqual({ changes: true, replaces: [] });
    expect(await provider.diff("12", olds, news({ integrationId: unknown, service: unknown }))).toEqual({ changes: true, replaces: ["integrationId"] });
    expect(await provider.diff("12", olds, { ...news(), organization: undefined } as unknown as SentryServiceTableRowInputs)).toEqual({ changes: true, replaces: ["organization"] });
  });
});

describe("update", () => {
  it("rewrites its row in place under the same id and leaves the other rows alone", async () => {
    const created = await provider.create(inputs);
    const rotated = "R7".repeat(16);
    const updated = await provider.update(created.id, created.outs!, { ...inputs, service: "payments-dev-v2", integrationKey: rotated });
    expect(updated).toStrictEqual({ outs: { ...inputs, service: "payments-dev-v2", integrationKey: rotated, rowId: created.id } });
    expect(await table()).toEqual([checkoutRow, { id: Number(created.id), service: "payments-dev-v2", integration_key: rotated }]);
  });

  it("says how to recover when the row was removed outside Pulumi", async () => {
    const created = await provider.create(inputs);
    await control.seed({ organizations: [{ slug: "mock-org", integrations: [{ provider: "pagerduty", id: "50", serviceTable: [checkoutRow] }] }] });
    await expect(provider.update(created.id, created.outs!, { ...inputs, service: "payments-dev-v2" })).rejects.toThrow(
      `the PagerDuty service table of Sentry integration 50 (organization "mock-org") no longer has row ${created.id} ("payments-dev"): it was removed outside Pulumi. ` +
        "Hint: run `pulumi refresh`, then `pulumi up` adds the row again (with a new id).",
    );
  });

  it("refuses a new name another row already has", async () => {
    const created = await provider.create(inputs);
    await expect(provider.update(created.id, created.outs!, { ...inputs, service: "checkout" })).rejects.toThrow(/already has a row "checkout" \(id 100\) that this stack did not create/);
    expect((await table()).map((r) => r.service)).toEqual(["checkout", "payments-dev"]);
  });
});

describe("delete", () => {
  it("removes only its own row", async () => {
    const created = await provider.create(inputs);
    await provider.delete(created.id, created.outs!);
    expect(await table()).toEqual([checkoutRow]);
    const post = (await control.requests({ method: "POST", path: integrationPath })).at(-1)!;
    expect(JSON.parse(post.body)).toEqual({ service_table: [checkoutRow] });
  });

  it("tolerates a row or an integration that is already gone", async () => {
    const created = await provider.create(inputs);
    await provider.delete(created.id, created.outs!);
    await control.clearRequests();
    await expect(provider.delete(created.id, created.outs!)).resolves.toBeUndefined();
    await expect(provider.delete(created.id, { ...created.outs!, integrationId: "999" })).resolves.toBeUndefined();
    // Nothing left to remove, so nothing was posted.
    expect(await control.requestCount({ method: "POST" })).toBe(0);
    expect(await table()).toEqual([checkoutRow]);
  });
});

describe("as Pulumi runs it", () => {
  it("survives closure serialization and works from the serialized text alone", { timeout: 20_000 }, async () => {
    // Serialized as pulumi.dynamic.Resource does, and loaded as the provider plugin loads it, with no require at all.
    const { text, loaded } = await serializeAndLoad(provider);
    expect(text).not.toMatch(/require\(/);
    expect(text).not.toContain(token);
    const created = await loaded.create(inputs);
    expect(await table()).toEqual([checkoutRow, { id: Number(created.id), service: "payments-dev", integration_key: ourKey }]);
    await loaded.delete(created.id, created.outs!);
    expect(await table()).toEqual([checkoutRow]);
  });

  it("registers as pulumi-nodejs:dynamic/sentry:ServiceTableRow with the integration key as an additional secret output", async () => {
    const { value: rowId, registered, options } = await declareUnderMocks(
      () => valueOf(new SentryServiceTableRow("payments-row", { ...inputs, apiUrl: "https://sentry.io/api/0" }).rowId),
      () => ({ rowId: "77" }),
    );

    expect(rowId).toBe("77");
    expect(options.map((o) => [o.type, o.name, o.opts.additionalSecretOutputs])).toEqual([
      ["pulumi-nodejs:dynamic/sentry:ServiceTableRow", "payments-row", ["integrationKey"]],
    ]);
    const row = registered.find((r) => r.name === "payments-row")!;
    expect(row.type).toBe("pulumi-nodejs:dynamic/sentry:ServiceTableRow");
    const { __provider, ...props } = row.inputs;
    expect(typeof __provider).toBe("string");
    // The key reaches the engine as a secret, whatever the caller passed.
    expect(props).toEqual({
      apiUrl: "https://sentry.io/api/0",
      organization: "mock-org",
      integrationId: "50",
      service: "payments-dev",
      integrationKey: { [pulumi.runtime.specialSigKey]: pulumi.runtime.specialSecretSig, value: ourKey },
    });
  });
});
