import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { StackConfigError } from "../../config/stackConfigError";
import { SecretValue } from "../../config/secretValue";
import { opsgenieHosts } from "../../config/regions";
import { type OpsgenieHosts, opsgenieKeyRegionOverHttp } from "../../lookups/opsgenieKeyRegion";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { opsgenieMock } from "../../mock-endpoints/opsgenie";
import { evaluateProgram } from "../support/evaluateProgram";

// Keys of the shape Opsgenie issues (UUIDs), from obviously fake parts.
const euKey = "e0e0e0e0-0000-4000-8000-00000000e0e0";
const usKey = "a0a0a0a0-0000-4000-8000-00000000a0a0";
const revokedKey = "b0b0b0b0-0000-4000-8000-00000000b0b0";

let us: RunningService;
let eu: RunningService;
let hosts: OpsgenieHosts;

beforeAll(async () => {
  [us, eu] = await Promise.all([startService(opsgenieMock, { port: 0 }), startService(opsgenieMock, { port: 0 })]);
  hosts = { us: us.url, eu: eu.url };
});
afterAll(async () => {
  await Promise.all([us.close(), eu.close()]);
});
beforeEach(async () => {
  // Each host knows its own account's key, and refuses the other's (Opsgenie answers 401); the
  // revoked key is refused by both (seeded as the other region's on each).
  const keys = (here: "us" | "eu") => [
    { key: usKey, region: "us", kind: "account" },
    { key: euKey, region: "eu", kind: "account" },
    { key: revokedKey, region: here === "us" ? "eu" : "us", kind: "account" },
  ];
  await Promise.all([
    new MockControl(us.url).reset().then(() => new MockControl(us.url).seed({ region: "us", keys: keys("us") })),
    new MockControl(eu.url).reset().then(() => new MockControl(eu.url).seed({ region: "eu", keys: keys("eu") })),
  ]);
});

const settings = (region: "us" | "eu", key: string) => ({
  region,
  apiUrl: region === "eu" ? ("https://api.eu.opsgenie.com" as const) : ("https://api.opsgenie.com" as const),
  hosts: opsgenieHosts,
  accountKey: new SecretValue(key, "$OPSGENIE_ACCOUNT_API_KEY"),
});

async function problemsOf(region: "us" | "eu", key: string): Promise<unknown> {
  try {
    await opsgenieKeyRegionOverHttp(hosts)("staging", settings(region, key), key);
    return [];
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
}

describe("the Opsgenie account key's region, checked at preview", () => {
  it("passes a key on its own region's host", async () => {
    expect(await problemsOf("us", usKey)).toEqual([]);
    expect(await problemsOf("eu", euKey)).toEqual([]);
  });

  it("refuses an EU key with the US region, naming the key to change", async () => {
    expect(await problemsOf("us", euKey)).toEqual([
      {
        key: "operator-wiring:opsgenieRegion",
        problem: `is "us", but $OPSGENIE_ACCOUNT_API_KEY belongs to an account on ${eu.url}: ${us.url} refused it (401).`,
        hint: 'set it to "eu" (pulumi config set operator-wiring:opsgenieRegion eu -s staging), or use a key of the US account.',
      },
    ]);
  });

  it("refuses a key neither host accepts, without quoting it", async () => {
    const problems = await problemsOf("us", revokedKey);
    expect(problems).toEqual([
      {
        key: "$OPSGENIE_ACCOUNT_API_KEY",
        problem: `was refused by ${us.url} (401) and is not a key of the EU host either.`,
        hint: "the key is wrong, revoked or disabled: create an account API key with configuration access (Opsgenie → Settings → API key management) and export it again.",
      },
    ]);
    expect(JSON.stringify(problems)).not.toContain(revokedKey);
  });

  it("stops the program before anything is declared", async () => {
    const evaluation = await evaluateProgram({ stack: "staging", opsgenieAccountKey: euKey, opsgenieKeyRegion: opsgenieKeyRegionOverHttp(hosts) });
    expect(evaluation.ok).toBe(false);
    if (evaluation.ok) return;
    expect(evaluation.resourcesDeclared).toBe(0);
    expect(evaluation.error.split("\n")[1]).toBe(
      `  - Stack "staging", key operator-wiring:opsgenieRegion: is "us", but $OPSGENIE_ACCOUNT_API_KEY belongs to an account on ${eu.url}: ${us.url} refused it (401). Hint: set it to "eu" (pulumi config set operator-wiring:opsgenieRegion eu -s staging), or use a key of the US account.`,
    );
  });
});
