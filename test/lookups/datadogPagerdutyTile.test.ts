import * as path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { SecretValue } from "../../config/secretValue";
import type { StackSettings } from "../../config/stackSettings";
import { StackConfigError } from "../../config/stackConfigError";
import { type DatadogTileCheck, committedTileOwners, datadogPagerdutyTileOverHttp } from "../../lookups/datadogPagerdutyTile";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { datadogMock } from "../../mock-endpoints/datadog";
import { evaluateProgram, planned } from "../support/evaluateProgram";

let mock: RunningService;
let control: MockControl;

beforeAll(async () => {
  mock = await startService(datadogMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

// Keys of the shapes Datadog issues (32 and 40 hex characters), from obviously fake parts.
const datadog = (): StackSettings["datadog"] => ({
  site: "datadoghq.com",
  apiUrl: `${mock.url}/`,
  sentryIntakeUrl: `${mock.url}/intake/webhook/sentry`,
  apiKey: new SecretValue("0".repeat(32), "$DATADOG_API_KEY"),
  appKey: new SecretValue("0".repeat(40), "$DATADOG_APP_KEY"),
});

async function problemsOf(check: DatadogTileCheck, settings = datadog()): Promise<unknown> {
  try {
    await check("dev", settings);
    return [];
  } catch (error) {
    if (error instanceof StackConfigError) return error.problems;
    throw error;
  }
}

describe("the org's Datadog PagerDuty tile, checked at preview by a stack that does not own it", () => {
  it("passes once the tile is installed, reading it with the stack's keys", async () => {
    expect(await problemsOf(datadogPagerdutyTileOverHttp(() => ["prod"]))).toEqual([]);
    const [read] = await control.requests({ path: "/api/v1/integration/pagerduty" });
    expect([read.method, read.headers["dd-api-key"], read.headers["dd-application-key"]]).toEqual(["GET", "0".repeat(32), "0".repeat(40)]);
  });

  it("stops a fresh org's first deploy naming the owning stack and the fix (Datadog refuses service objects until then)", async () => {
    await control.seed({ pagerdutyIntegrationActive: false });
    expect(await problemsOf(datadogPagerdutyTileOverHttp(() => ["prod"]))).toEqual([
      {
        key: "operator-wiring:manageDatadogPagerdutyIntegration",
        problem:
          "is false, and the Datadog org on datadoghq.com has no PagerDuty tile yet (Datadog answered 404): this stack's PagerDuty service objects need it, " +
          'and Datadog refuses them until it is installed. The tile belongs to stack "prod" (operator-wiring:manageDatadogPagerdutyIntegration: true).',
        hint:
          'deploy "prod" first (pulumi up -s prod; on a fresh Datadog org the deploy workflow\'s dev → staging → prod order needs this once, see docs/ci.md), ' +
          "or install the PagerDuty tile in Datadog (Integrations → PagerDuty); then run pulumi preview again.",
      },
    ]);
  });

  it("says which setting owns the tile when no committed stack does", async () => {
    await control.seed({ pagerdutyIntegrationActive: false });
    const [problem] = (await problemsOf(datadogPagerdutyTileOverHttp(() => []))) as { problem: string; hint: string }[];
    expect(problem.problem).toMatch(/The tile belongs to the stack that sets operator-wiring:manageDatadogPagerdutyIntegration true\.$/);
    expect(problem.hint).toMatch(/^deploy that stack first \(pulumi up -s <owner>;/);
  });

  it("names the keys when Datadog refuses them, and the site when Datadog cannot be reached", async () => {
    const check = datadogPagerdutyTileOverHttp(() => ["prod"]);
    expect(await problemsOf(check, { ...datadog(), appKey: new SecretValue("bad", "$DATADOG_APP_KEY") })).toMatchObject([{ key: "datadog:appKey", problem: `could not read the org's PagerDuty tile on ${mock.url}/ (403).` }]);
    expect(await problemsOf(check, { ...datadog(), apiUrl: "http://127.0.0.1:9/" })).toMatchObject([{ key: "operator-wiring:datadogSite" }]);
  });

  it("does not follow a redirect, which would carry both keys to the host it names", async () => {
    await control.addFault({ fault: "status", route: "GET /api/v1/integration/pagerduty", status: 302, headers: { location: "http://127.0.0.1:9/capture" } });
    expect(await problemsOf(datadogPagerdutyTileOverHttp(() => ["prod"]))).toMatchObject([
      {
        key: "operator-wiring:datadogSite",
        problem: `is "datadoghq.com", but ${mock.url}/ could not be reached to check the org's PagerDuty tile (Datadog GET /api/v1/integration/pagerduty: something other than Datadog answered: a redirect to http://127.0.0.1:9/capture (not followed)).`,
      },
    ]);
  });

  it("finds the owner among the committed stacks: prod, and only prod", () => {
    expect(committedTileOwners(path.resolve(__dirname, "../.."))).toEqual(["prod"]);
  });
});

describe("which stacks the program asks about the tile", () => {
  /** A check that records who asked, answering as Datadog would for an org without the tile. */
  function recordingCheck(asked: string[]): DatadogTileCheck {
    const overHttp = datadogPagerdutyTileOverHttp(() => ["prod"]);
    return async (stack, settings) => {
      asked.push(`${stack} ${settings.site} ${settings.apiKey.reveal()}`);
      await overHttp(stack, datadog());
    };
  }

  it("asks for dev and staging, whose service objects need prod's tile, and stops them before declaring anything", async () => {
    await control.seed({ pagerdutyIntegrationActive: false });
    const asked: string[] = [];
    for (const stack of ["dev", "staging"]) {
      const evaluation = await evaluateProgram({ stack, datadogPagerdutyTile: recordingCheck(asked) });
      expect(evaluation.ok).toBe(false);
      if (!evaluation.ok) {
        expect(evaluation.resourcesDeclared).toBe(0);
        expect(evaluation.error).toContain(`Stack "${stack}", key operator-wiring:manageDatadogPagerdutyIntegration: is false, and the Datadog org`);
      }
    }
    expect(asked).toEqual(["dev datadoghq.com canary-datadog-api-key", "staging datadoghq.com canary-datadog-api-key"]);
  });

  it("does not ask for prod, which declares the tile, nor for a stack whose routing is rolled back", async () => {
    const asked: string[] = [];
    planned(await evaluateProgram({ stack: "prod", datadogPagerdutyTile: recordingCheck(asked) }));
    planned(await evaluateProgram({ stack: "dev", overrides: { routingEnabled: false }, datadogPagerdutyTile: recordingCheck(asked) }));
    expect(asked).toEqual([]);
  });
});
