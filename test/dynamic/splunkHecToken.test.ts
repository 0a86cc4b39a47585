import Module from "node:module";
import { join } from "node:path";
import * as pulumi from "@pulumi/pulumi";
import { declareUnderMocks, valueOf } from "../support/declareUnderMocks";
import { selfSignedCertificate, startTlsFront } from "../support/tlsFront";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from "vitest";
import { type HecTokenInputs, type HecTokenOutputs, SplunkHecToken, splunkHecTokenProvider as provider } from "../../components/dynamic/splunkHecToken";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { splunkMock } from "../../mock-endpoints/splunk";
import { scaledPauses } from "../support/scaledPauses";

// Settle reads, read-modify-write back-off and Retry-After waits last a twentieth (the provider code cannot be handed its waits).
scaledPauses();

const collection = "/servicesNS/admin/splunk_httpinput/data/inputs/http";
// Shaped like a Splunk authentication token (the mock checks the shape); a canary if it leaks.
const mgmtToken = "canary-splunk-mgmt-token-0001";
const guidPattern = /^[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}$/;
const unknown = pulumi.runtime.unknownValue;

let mock: RunningService;
let control: MockControl;

beforeAll(async () => {
  mock = await startService(splunkMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());
beforeEach(async () => {
  await control.reset();
  vi.stubEnv("SPLUNK_MGMT_TOKEN", mgmtToken);
  vi.stubEnv("SPLUNK_MGMT_USERNAME", undefined);
  vi.stubEnv("SPLUNK_MGMT_PASSWORD", undefined);
});
afterEach(() => {
  vi.unstubAllEnvs();
});

function inputs(overrides: Partial<HecTokenInputs> = {}): HecTokenInputs {
  return { managementUrl: mock.url, name: "operator-wiring-dev", defaultIndex: "ops", allowedIndexes: ["ops", "main"], sourcetype: "_json", disabled: false, insecureTls: false, ...overrides };
}

/** Sends one event with the token, as verify does: HEC's status and `{text, code}`. */
async function sendEvent(token: string, baseUrl = mock.url): Promise<[number, unknown]> {
  const response = await fetch(`${baseUrl}/services/collector/event`, { method: "POST", headers: { authorization: `Splunk ${token}` }, body: JSON.stringify({ event: "operator-wiring check" }) });
  return [response.status, await response.json()];
}

interface MockToken {
  name: string;
  token: string;
  index: string;
  indexes: string[];
  sourcetype?: string;
  disabled: boolean;
}
const mockTokens = async () => (await control.state<{ tokens: MockToken[] }>()).tokens;

async function created(overrides: Partial<HecTokenInputs> = {}): Promise<HecTokenOutputs> {
  const result = await provider.create(inputs(overrides));
  return result.outs as HecTokenOutputs;
}

describe("check", () => {
  it("fills the defaults and drops a trailing slash from managementUrl", async () => {
    const result = await provider.check!({} as HecTokenInputs, { managementUrl: `${mock.url}/`, name: " operator-wiring-dev ", defaultIndex: "ops", allowedIndexes: ["ops"] } as HecTokenInputs);
    expect(result).toEqual({ inputs: { managementUrl: mock.url, name: "operator-wiring-dev", defaultIndex: "ops", allowedIndexes: ["ops"], disabled: false, insecureTls: false }, failures: [] });
  });

  it("reports every problem at once", async () => {
    const news = { managementUrl: "splunk.example.com:8089", name: "", defaultIndex: "audit", allowedIndexes: ["ops", "main"], sourcetype: " ", disabled: "yes" };
    const result = await provider.check!({} as HecTokenInputs, news as unknown as HecTokenInputs);
    expect(result.failures).toEqual([
      { property: "managementUrl", reason: 'must be an http(s) URL such as https://splunk.example.com:8089; got "splunk.example.com:8089"' },
      { property: "name", reason: "must be a non-empty token name without '/', e.g. operator-wiring-dev" },
      { property: "allowedIndexes", reason: 'must include defaultIndex "audit" (got ops, main): add it, or pick one of them as defaultIndex' },
      { property: "sourcetype", reason: "must be a non-empty sourcetype such as _json, or left unset" },
      { property: "disabled", reason: 'must be true or false; got "yes"' },
    ]);
  });

  it("refuses credentials in managementUrl, a name with '/', and an empty index list", async () => {
    const news = { managementUrl: "https://admin:changeme@splunk.example.com:8089", name: "a/b", defaultIndex: "main", allowedIndexes: [] };
    const result = await provider.check!({} as HecTokenInputs, news as unknown as HecTokenInputs);
    expect(result.failures).toEqual([
      { property: "managementUrl", reason: "must not carry credentials: set SPLUNK_MGMT_TOKEN or SPLUNK_MGMT_USERNAME/SPLUNK_MGMT_PASSWORD in the environment instead" },
      { property: "name", reason: "must be a non-empty token name without '/', e.g. operator-wiring-dev" },
      { property: "allowedIndexes", reason: "must be a non-empty list of index names without spaces or commas" },
    ]);
  });

  it("lets unknown preview values through unchecked", async () => {
    const news = { managementUrl: unknown, name: unknown, defaultIndex: "ops", allowedIndexes: [unknown], disabled: unknown };
    const result = await provider.check!({} as HecTokenInputs, news as unknown as HecTokenInputs);
    expect(result).toEqual({ inputs: { ...news, insecureTls: false }, failures: [] });
  });
});

describe("create", () => {
  it("creates a token in Splunk that HEC accepts, writing to the default index", async () => {
    const outs = await created();
    expect(outs).toEqual({ ...inputs(), token: expect.stringMatching(guidPattern) });
    expect(await mockTokens()).toEqual([expect.objectContaining({ name: "operator-wiring-dev", token: outs.token, index: "ops", indexes: ["ops", "main"], sourcetype: "_json", disabled: false })]);
    expect(await sendEvent(outs.token)).toEqual([200, { text: "Success", code: 0 }]);
    const { indexes } = await control.state<{ indexes: Record<string, { sourcetype: string; tokenName: string }[]> }>();
    expect(indexes.ops).toEqual([expect.objectContaining({ sourcetype: "_json", tokenName: "operator-wiring-dev" })]);
  });

  it("posts the form fields integrations.md names, with the management credential as Bearer", async () => {
    await control.clearRequests();
    await created({ sourcetype: undefined, disabled: true });
    const [request] = await control.requests({ method: "POST", path: collection });
    expect(request.query).toEqual({ output_mode: "json" });
    expect(request.headers.authorization).toBe(`Bearer ${mgmtToken}`);
    expect(Object.fromEntries(new URLSearchParams(request.body))).toEqual({ name: "operator-wiring-dev", index: "ops", indexes: "ops,main", disabled: "true" });
  });

  it("uses Basic with SPLUNK_MGMT_USERNAME and SPLUNK_MGMT_PASSWORD when there is no SPLUNK_MGMT_TOKEN", async () => {
    vi.stubEnv("SPLUNK_MGMT_TOKEN", undefined);
    vi.stubEnv("SPLUNK_MGMT_USERNAME", "admin");
    vi.stubEnv("SPLUNK_MGMT_PASSWORD", "canary-password");
    await created();
    const [request] = await control.requests({ method: "POST", path: collection });
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from("admin:canary-password").toString("base64")}`);
  });

  it("refuses a second token with a taken name, saying what to do", async () => {
    await created();
    await expect(provider.create(inputs())).rejects.toThrow(
      `A HEC token named "operator-wiring-dev" already exists on ${mock.url} (Splunk: 409 An object with name=http://operator-wiring-dev already exists): ` +
        "choose another name, or adopt the existing token instead of creating one.",
    );
    expect(await mockTokens()).toHaveLength(1);
  });

  it("names both credential options when none is set, before calling Splunk", async () => {
    vi.stubEnv("SPLUNK_MGMT_TOKEN", undefined);
    await control.clearRequests();
    await expect(provider.create(inputs())).rejects.toThrow(
      "Splunk management credentials are missing: set SPLUNK_MGMT_TOKEN to a Splunk authentication token (Splunk Web → Settings → Tokens), " +
        "or SPLUNK_MGMT_USERNAME and SPLUNK_MGMT_PASSWORD, for a user with the edit_token_http capability. " +
        "They are read from the environment of `pulumi up`, never stored in the state.",
    );
    expect(await control.requestCount()).toBe(0);
  });

  it("says which half of username/password is missing", async () => {
    vi.stubEnv("SPLUNK_MGMT_TOKEN", undefined);
    vi.stubEnv("SPLUNK_MGMT_USERNAME", "admin");
    await expect(provider.create(inputs())).rejects.toThrow("Splunk management credentials are missing (SPLUNK_MGMT_USERNAME is set, SPLUNK_MGMT_PASSWORD is not): set SPLUNK_MGMT_TOKEN");
  });

  it("passes Splunk's 401 on with the variable it came from, without the credential", async () => {
    // A HEC token GUID where a management token belongs: splunkd answers 401.
    const hecGuid = "00000000-0000-0000-0000-000000000001";
    vi.stubEnv("SPLUNK_MGMT_TOKEN", hecGuid);
    const error = await provider.create(inputs()).catch((e: Error) => e);
    expect((error as Error).message).toBe(
      `Splunk management API POST ${mock.url}${collection}: 401 call not properly authenticated. Hint: Splunk refused the credential from SPLUNK_MGMT_TOKEN.`,
    );
    expect((error as Error).message).not.toContain(hecGuid);
  });

  it("turns a 500 into an error with the status and Splunk's message", async () => {
    await control.addFault({ fault: "server-error", route: `POST ${collection}`, times: 1 });
    await expect(provider.create(inputs())).rejects.toThrow(`Splunk management API POST ${mock.url}${collection}: 500 Internal Server Error.`);
  });
  it("retries a 429 after its Retry-After", async () => {
    await control.clearRequests();
    await control.addFault({ fault: "rate-limited", route: `POST ${collection}`, times: 1 });
    const outs = await created();
    expect((await control.requests({ method: "POST", path: collection })).map((r) => [r.status, r.fault])).toEqual([
      [429, "rate-limited"],
      [201, undefined],
    ]);
    expect(await mockTokens()).toEqual([expect.objectContaining({ token: outs.token })]);
  });
});

describe("read", () => {
  it("returns the token as Splunk has it, including changes made outside Pulumi", async () => {
    const outs = await created();
    await fetch(`${mock.url}${collection}/operator-wiring-dev?output_mode=json`, {
      method: "POST",
      headers: { authorization: `Bearer ${mgmtToken}` },
      body: new URLSearchParams({ index: "main", sourcetype: "" }),
    });
    expect(await provider.read!("operator-wiring-dev", outs)).toEqual({
      id: "operator-wiring-dev",
      props: { managementUrl: mock.url, insecureTls: false, name: "operator-wiring-dev", defaultIndex: "main", allowedIndexes: ["ops", "main"], disabled: false, token: outs.token },
    });
  });

  it("keeps the token from the state when Splunk hides it", async () => {
    const outs = await created();
    await control.addFault({
      fault: "status",
      route: `GET ${collection}/*`,
      status: 200,
      body: { entry: [{ name: "http://operator-wiring-dev", content: { index: "ops", indexes: ["ops", "main"], sourcetype: "_json", disabled: true, token: "********" } }] },
    });
    const result = await provider.read!("operator-wiring-dev", outs);
    expect(result.props).toEqual({ ...outs, disabled: true, token: outs.token });
  });

  it("reports a token deleted outside Pulumi as gone (blank id)", async () => {
    const outs = await created();
    await fetch(`${mock.url}${collection}/operator-wiring-dev`, { method: "DELETE", headers: { authorization: `Bearer ${mgmtToken}` } });
    expect(await provider.read!("operator-wiring-dev", outs)).toEqual({});
  });
});

describe("diff", () => {
  const olds: HecTokenOutputs = { ...{ managementUrl: "https://splunk.example.com:8089", name: "operator-wiring-dev", defaultIndex: "ops", allowedIndexes: ["ops", "main"], sourcetype: "_json", disabled: false, insecureTls: false }, token: "00000000-0000-0000-0000-000000000009" };
  const news = (overrides: Record<string, unknown>) => ({ ...olds, token: undefined, ...overrides }) as unknown as HecTokenInputs;

  it("sees no change when only the order of allowedIndexes differs", async () => {
    expect(await provider.diff!("operator-wiring-dev", olds, news({ allowedIndexes: ["main", "ops"] }))).toEqual({ changes: false, replaces: [] });
  });

  it("changes index, indexes, sourcetype and disabled in place", async () => {
    for (const change of [{ defaultIndex: "main" }, { allowedIndexes: ["ops"] }, { sourcetype: undefined }, { disabled: true }, { insecureTls: true }]) {
      expect(await provider.diff!("operator-wiring-dev", olds, news(change))).toEqual({ changes: true, replaces: [] });
    }
  });

  it("replaces the token for another name or another Splunk", async () => {
    expect(await provider.diff!("operator-wiring-dev", olds, news({ name: "operator-wiring-dev-2" }))).toEqual({ changes: true, replaces: ["name"] });
    expect(await provider.diff!("operator-wiring-dev", olds, news({ managementUrl: "https://splunk2.example.com:8089", defaultIndex: "main" }))).toEqual({ changes: true, replaces: ["managementUrl"] });
  });

  it("counts unknown preview values as changes, and as replacements on name and managementUrl", async () => {
    expect(await provider.diff!("operator-wiring-dev", olds, news({ name: unknown, managementUrl: undefined }))).toEqual({ changes: true, replaces: ["managementUrl", "name"] });
    expect(await provider.diff!("operator-wiring-dev", olds, news({ allowedIndexes: ["ops", unknown] }))).toEqual({ changes: true, replaces: [] });
    expect(await provider.diff!("operator-wiring-dev", olds, news({ defaultIndex: undefined }))).toEqual({ changes: true, replaces: [] });
    expect(await provider.diff!("operator-wiring-dev", olds, news({ sourcetype: unknown }))).toEqual({ changes: true, replaces: [] });
  });
});

describe("update", () => {
  it("disables the token in place (HEC answers 403 code 1) and enables it again", async () => {
    const outs = await created();
    const disabled = await provider.update!("operator-wiring-dev", outs, inputs({ disabled: true }));
    expect(disabled).toEqual({ outs: { ...outs, disabled: true } });
    expect(await sendEvent(outs.token)).toEqual([403, { text: "Token disabled", code: 1 }]);
    await provider.update!("operator-wiring-dev", disabled.outs as HecTokenOutputs, inputs());
    expect(await sendEvent(outs.token)).toEqual([200, { text: "Success", code: 0 }]);
  });

  it("changes the indexes and clears the sourcetype, keeping the same GUID", async () => {
    const outs = await created();
    const result = await provider.update!("operator-wiring-dev", outs, inputs({ defaultIndex: "main", allowedIndexes: ["main"], sourcetype: undefined }));
    expect(result).toEqual({ outs: { ...inputs({ defaultIndex: "main", allowedIndexes: ["main"] }), sourcetype: undefined, token: outs.token } });
    expect(result.outs).not.toHaveProperty("sourcetype");
    expect(await mockTokens()).toEqual([expect.objectContaining({ token: outs.token, index: "main", indexes: ["main"], sourcetype: "" })]);
  });

  it("says to refresh when the token was deleted outside Pulumi", async () => {
    const outs = await created();
    await provider.delete!("operator-wiring-dev", outs);
    await expect(provider.update!("operator-wiring-dev", outs, inputs({ disabled: true }))).rejects.toThrow(
      `The HEC token "operator-wiring-dev" no longer exists on ${mock.url}: run \`pulumi refresh\`, then \`pulumi up\` creates a new one.`,
    );
  });
});

describe("delete", () => {
  it("removes the token (HEC answers 403 code 4) and tolerates it being gone already", async () => {
    const outs = await created();
    await provider.delete!("operator-wiring-dev", outs);
    expect(await mockTokens()).toEqual([]);
    expect(await sendEvent(outs.token)).toEqual([403, { text: "Invalid token", code: 4 }]);
    await expect(provider.delete!("operator-wiring-dev", outs)).resolves.toBeUndefined();
  });

  it("does not take a 404 from something that is not splunkd as 'already gone'", async () => {
    const outs = await created();
    await expect(provider.delete!("operator-wiring-dev", { ...outs, managementUrl: `${mock.url}/not-splunkd` })).rejects.toThrow(
      `Splunk management API DELETE ${mock.url}/not-splunkd${collection}/operator-wiring-dev: 404`,
    );
    expect(await mockTokens()).toHaveLength(1);
  });
});

const certificate = selfSignedCertificate();

describe.skipIf(!certificate)("insecureTls against a self-signed management certificate", () => {
  let tls: Awaited<ReturnType<typeof startTlsFront>>;
  let tlsUrl: string;

  beforeAll(async () => {
    tls = await startTlsFront(certificate!, mock.url);
    tlsUrl = tls.url;
  });
  afterAll(() => tls.close());

  it("refuses the certificate by default, with a hint", async () => {
    await expect(provider.create(inputs({ managementUrl: tlsUrl }))).rejects.toThrow(
      `Splunk management API POST ${tlsUrl}${collection}: could not connect (DEPTH_ZERO_SELF_SIGNED_CERT). Hint: the management port uses a certificate Node does not trust`,
    );
    expect(await mockTokens()).toEqual([]);
  });

  it("creates, reads and deletes through it with insecureTls", async () => {
    const outs = await created({ managementUrl: tlsUrl, insecureTls: true });
    expect(await sendEvent(outs.token)).toEqual([200, { text: "Success", code: 0 }]);
    expect((await provider.read!("operator-wiring-dev", outs)).props).toEqual(outs);
    await provider.delete!("operator-wiring-dev", outs);
    expect(await mockTokens()).toEqual([]);
  });
});

describe("as Pulumi runs it", () => {
  it(
    "survives closure serialization, and the serialized provider works on its own",
    async () => {
      // As pulumi.dynamic.Resource serializes it (dynamic/index.js serializeFunctionMaybeSecret).
      const serialized = await pulumi.runtime.serializeFunction(() => provider, { allowSecrets: true });
      expect(serialized.containsSecrets).toBe(false);
      // The one require is the one inside the method: a module captured from the top level
      // would show up as another (`const topUndici = require("undici/index.js")`).
      expect(serialized.text.match(/require\([^)]*\)/g)).toEqual(['require("undici")']);
      expect(serialized.text).toContain('const undici = require("undici")');
      expect(serialized.text).not.toContain(mgmtToken);

      // Loaded as the dynamic provider host loads it (require-from-string, then `.handler()`).
      const filename = join(process.cwd(), "serialized-provider.js");
      const loaded = new Module(filename) as Module & { _compile(text: string, filename: string): void };
      loaded.filename = filename;
      loaded.paths = (Module as unknown as { _nodeModulePaths(dir: string): string[] })._nodeModulePaths(process.cwd());
      loaded._compile(serialized.text, filename);
      const restored = (loaded.exports as Record<string, () => typeof provider>)[serialized.exportName]();
      const outs = (await restored.create(inputs({ insecureTls: true }))).outs as HecTokenOutputs;
      expect(await sendEvent(outs.token)).toEqual([200, { text: "Success", code: 0 }]);
    },
    20_000,
  );

  it("registers pulumi-nodejs:dynamic/splunk:HecToken with the token as an additional secret output", async () => {
    const { value: tokenName, registered, options: declared } = await declareUnderMocks(
      () =>
        valueOf(
          new SplunkHecToken("dev-hec", { managementUrl: "https://splunk.example.com:8089", name: "operator-wiring-dev", defaultIndex: "ops", allowedIndexes: ["ops"] })
            .name,
        ),
      () => ({ token: "00000000-0000-0000-0000-000000000009" }),
    );
    const options = declared.map((o) => ({ type: o.type, name: o.name, additionalSecretOutputs: o.opts.additionalSecretOutputs }));

    expect(options).toEqual([{ type: "pulumi-nodejs:dynamic/splunk:HecToken", name: "dev-hec", additionalSecretOutputs: ["token"] }]);
    // The stack resource registers too; the token is the only other one.
    const tokens = registered.filter((r) => r.type !== "pulumi:pulumi:Stack");
    expect(tokens).toHaveLength(1);
    const { __provider, ...rest } = tokens[0].inputs;
    expect(typeof __provider).toBe("string");
    // No credential among the inputs: they are read from the environment inside the methods.
    expect({ type: tokens[0].type, name: tokens[0].name, inputs: rest }).toEqual({
      type: "pulumi-nodejs:dynamic/splunk:HecToken",
      name: "dev-hec",
      inputs: { managementUrl: "https://splunk.example.com:8089", name: "operator-wiring-dev", defaultIndex: "ops", allowedIndexes: ["ops"] },
    });
    expect(tokenName).toBe("operator-wiring-dev");
  });
});
