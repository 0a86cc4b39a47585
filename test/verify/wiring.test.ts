import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { pagerdutyServiceName } from "../../config/naming";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { datadogMock } from "../../mock-endpoints/datadog";
import { pagerdutyMock } from "../../mock-endpoints/pagerduty";
import { sentryMock } from "../../mock-endpoints/sentry";
import { Interrupted } from "../../verify/http/httpErrors";
import { type InputsByIntegration, mockInputs } from "../../verify/inputs/integrationInputs";
import type { ResolvedInputs } from "../../verify/inputs/resolveInputs";
import { type WiringCheckResult, type WiringModes, type WiringTarget, runWiringChecks, wiringTargetFrom } from "../../verify/wiring";
import { recordedWaits } from "../support/recordedWaits";

// The stack's naming: service "Checkout API" in dev is "Checkout API dev" in PagerDuty and Datadog.
const serviceName = pagerdutyServiceName("Checkout API", "dev");
const handle = "@pagerduty-Checkout-API-dev";
const serviceId = "PWIRE01";
const monitorId = "100000001"; // the Datadog mock's first monitor id
const monitorName = `integration-validation datadog-to-pagerduty ${serviceName}`;
const workflowName = `${serviceName} pages PagerDuty`;
// A user token of the shape Sentry issues, the same mockInputs gives mock mode.
const sentryToken = `sntryu_${"0".repeat(64)}`;

const checks = {
  sentryIntegration: "Sentry org has the PagerDuty integration",
  pagerdutyIntegration: "PagerDuty service has an Events API v2 integration",
  datadogMapping: "Datadog PagerDuty mapping exists",
  datadogMonitor: "Datadog validation monitor is a draft carrying the handle",
  sentryAlerting: "Sentry alerting pages PagerDuty",
} as const;
type CheckKey = keyof typeof checks;

const deadlineDiagnosis =
  "No answer within the deadline: network loss, a firewall or proxy holding the connection, or a hung endpoint. Retry once the network is back.";
const addActionDiagnosis =
  "give an enabled alert workflow, attached to the project's error detector, a PagerDuty action with the installed integration and a service (Sentry → Alerts).";

let sentry: RunningService;
let pagerduty: RunningService;
let datadog: RunningService;
const control = {} as Record<"sentry" | "pagerduty" | "datadog", MockControl>;
let inputs: ResolvedInputs;
const modes: WiringModes = { sentry: "mock", pagerduty: "mock", datadog: "mock" };
const target: WiringTarget = { pagerdutyServiceId: serviceId, pagerdutyServiceName: serviceName, datadogMonitorId: monitorId };
let workflowId: string;

beforeAll(async () => {
  [sentry, pagerduty, datadog] = await Promise.all([sentryMock, pagerdutyMock, datadogMock].map((mock) => startService(mock as never, { port: 0 })));
  for (const mock of [sentry, pagerduty, datadog]) control[mock.name as keyof typeof control] = new MockControl(mock.url);
  const all = mockInputs({
    OPERATOR_WIRING_MOCK_SENTRY_URL: sentry.url,
    OPERATOR_WIRING_MOCK_PAGERDUTY_URL: pagerduty.url,
    OPERATOR_WIRING_MOCK_DATADOG_URL: datadog.url,
  });
  inputs = { sentry: { ...all.sentry, api: { ...all.sentry.api!, token: sentryToken } }, pagerduty: all.pagerduty, datadog: all.datadog };
});
afterAll(() => Promise.all([sentry, pagerduty, datadog].map((mock) => mock.close())));

/** Sentry's web API, as the stack would call it to create alerting. */
async function sentryApi(method: string, path: string, body?: unknown): Promise<Record<string, unknown> & { id: string }> {
  const response = await fetch(`${inputs.sentry!.api!.url}${path}`, {
    method,
    headers: { authorization: `Bearer ${sentryToken}`, ...(body ? { "content-type": "application/json" } : {}) },
    body: body ? JSON.stringify(body) : undefined,
  });
  if (!response.ok) throw new Error(`${method} ${path}: ${response.status} ${await response.text()}`);
  return response.status === 204 ? ({ id: "" } as never) : ((await response.json()) as never);
}

async function errorDetectorId(): Promise<string> {
  const detectors = (await sentryApi("GET", "/organizations/mock-org/detectors/?projectSlug=mock-project&query=type:error")) as unknown as { id: string }[];
  return detectors[0].id;
}

/** A workflow body as integrations.md gives it, paging the service-table row 10 of integration 5. */
function workflowBody(overrides: Record<string, unknown> = {}, detectorIds: string[] = []) {
  return {
    name: workflowName,
    enabled: true,
    environment: null,
    config: { frequency: 30 },
    detectorIds,
    triggers: { logicType: "any-short", conditions: [{ type: "first_seen_event", comparison: true, conditionResult: true }] },
    actionFilters: [
      {
        logicType: "all",
        conditions: [],
        actions: [
          { type: "pagerduty", integrationId: "5", config: { targetType: "specific", targetIdentifier: "10", targetDisplay: serviceName }, data: { priority: "default" } },
        ],
      },
    ],
    ...overrides,
  };
}

const validationMonitor = (overrides: Record<string, unknown> = {}) => ({
  type: "query alert",
  query: "avg(last_5m):avg:system.load.1{*} > 100000",
  name: monitorName,
  message: `Datadog to PagerDuty validation ${handle}`,
  tags: ["integration:datadog-pagerduty", "env:dev", "managed-by:operator-wiring"],
  priority: 3,
  draft_status: "draft",
  options: { notify_no_data: false, include_tags: true, thresholds: { critical: 100000 } },
  ...overrides,
});

/** Every piece of the runbook in place: what `pulumi up` plus the Sentry OAuth install leave behind. */
beforeEach(async () => {
  await Promise.all(Object.values(control).map((c) => c.reset()));
  await control.sentry.seed({
    organizations: [
      {
        slug: "mock-org",
        integrations: [{ provider: "pagerduty", id: "5", name: "mock-pd", externalId: "mock", serviceTable: [{ id: 10, service: serviceName, integration_key: "a".repeat(32) }] }],
      },
    ],
  });
  workflowId = (await sentryApi("POST", "/organizations/mock-org/workflows/", workflowBody({}, [await errorDetectorId()]))).id;
  await control.pagerduty.seed({ services: [{ id: serviceId, name: serviceName, integrations: [{ id: "PINT001", integration_key: "a".repeat(32) }] }] });
  await control.datadog.seed({ pagerdutyServices: [serviceName], monitors: [validationMonitor()] });
  await Promise.all(Object.values(control).map((c) => c.clearRequests()));
});

async function run(options: { inputs?: ResolvedInputs; target?: WiringTarget; deadlineMs?: number; interrupt?: AbortSignal } = {}) {
  const lines: string[] = [];
  const results = await runWiringChecks({
    inputs: options.inputs ?? inputs,
    target: options.target ?? target,
    modes,
    deadlineMs: options.deadlineMs ?? 10_000,
    interrupt: options.interrupt ?? new AbortController().signal,
    log: (line) => lines.push(line),
    waits: recordedWaits(),
  });
  const byKey = Object.fromEntries((Object.keys(checks) as CheckKey[]).map((key) => [key, results.find((r) => r.check === checks[key])!])) as Record<CheckKey, WiringCheckResult>;
  return { results, byKey, lines };
}

const passDetails = () => ({
  sentryIntegration: `Sentry org "mock-org" has the PagerDuty integration "mock-pd" (id 5, 1 service-table row)`,
  pagerdutyIntegration: `PagerDuty service "${serviceName}" (${serviceId}) has the Events API v2 integration "Events API V2" (PINT001)`,
  datadogMapping: `Datadog maps PagerDuty service "${serviceName}" (its key is write-only, so not compared)`,
  datadogMonitor: `Datadog monitor ${monitorId} "${monitorName}" is a draft and its message carries ${handle}`,
  sentryAlerting: `workflow "${workflowName}" (id ${workflowId}) pages PagerDuty through integration 5 (service "${serviceName}")`,
});

/** Every check but `except` passed with its usual detail. */
function expectOthersPass(byKey: Record<CheckKey, WiringCheckResult>, ...except: CheckKey[]) {
  const details = passDetails();
  for (const key of Object.keys(checks) as CheckKey[]) {
    if (except.includes(key)) continue;
    expect(byKey[key], key).toMatchObject({ status: "PASS", detail: details[key] });
    expect(byKey[key].diagnosis, key).toBeUndefined();
  }
}

describe("wiring checks (V10)", () => {
  it("pass all five on a fully wired set-up, in the runbook's order, one log line per request", async () => {
    const { results, byKey, lines } = await run();

    expect(results.map((r) => [r.check, r.integration, r.status])).toEqual([
      [checks.sentryIntegration, "sentry", "PASS"],
      [checks.pagerdutyIntegration, "pagerduty", "PASS"],
      [checks.datadogMapping, "datadog", "PASS"],
      [checks.datadogMonitor, "datadog", "PASS"],
      [checks.sentryAlerting, "sentry", "PASS"],
    ]);
    expectOthersPass(byKey);
    expect(results.map((r) => r.requests)).toEqual([1, 1, 1, 1, 1]);

    // Read-only GETs, exactly one each, and one log line per request.
    const received = async (c: MockControl) => (await c.requests()).map((r) => `${r.method} ${r.path} ${r.status}`);
    expect(await received(control.sentry)).toEqual(
      expect.arrayContaining(["GET /api/0/organizations/mock-org/integrations/ 200", "GET /api/0/organizations/mock-org/workflows/ 200"]),
    );
    expect(await control.sentry.requestCount()).toBe(2);
    expect(await received(control.pagerduty)).toEqual([`GET /services/${serviceId} 200`]);
    expect((await control.pagerduty.requests())[0].query).toEqual({ "include[]": "integrations" });
    expect(await received(control.datadog)).toEqual(
      expect.arrayContaining([`GET /api/v1/integration/pagerduty/configuration/services/${encodeURIComponent(serviceName)} 200`, `GET /api/v1/monitor/${monitorId} 200`]),
    );
    expect(await control.datadog.requestCount()).toBe(2);
    expect(lines).toHaveLength(5);
    expect(lines.filter((l) => /^\[wiring\/(sentry|pagerduty|datadog)\] GET /.test(l))).toHaveLength(5);
    expect(lines.join("\n")).toContain(`/configuration/services/Checkout%20API%20dev (read Datadog PagerDuty mapping) → 200`);
  });

  it("sends each vendor's credentials the way its API wants them", async () => {
    await run();
    const [integrations] = await control.sentry.requests({ path: "/api/0/organizations/mock-org/integrations/" });
    expect(integrations.query).toEqual({ providerKey: "pagerduty" });
    expect(integrations.headers.authorization).toBe(`Bearer ${sentryToken}`);
    const [service] = await control.pagerduty.requests();
    expect(service.headers).toMatchObject({ authorization: `Token token=${inputs.pagerduty!.api!.token}`, accept: "application/vnd.pagerduty+json;version=2" });
    for (const request of await control.datadog.requests()) {
      expect(request.headers).toMatchObject({ "dd-api-key": inputs.datadog!.apiKey, "dd-application-key": inputs.datadog!.appKey });
    }
  });

  describe("each broken piece fails its own check only", () => {
    it("Sentry org without the PagerDuty integration (uninstalled, the workflow left behind)", async () => {
      // Same integration id, another provider: the PagerDuty one is gone.
      await control.sentry.seed({ organizations: [{ slug: "mock-org", integrations: [{ provider: "slack", id: "5", name: "mock-workspace" }] }] });
      const { byKey } = await run();
      expect(byKey.sentryIntegration).toMatchObject({
        status: "FAIL",
        detail: 'no PagerDuty integration is installed in Sentry org "mock-org"',
        diagnosis: "install the PagerDuty integration in Sentry (Settings → Integrations → PagerDuty; it is an OAuth flow in the browser)",
        requests: 1,
      });
      expectOthersPass(byKey, "sentryIntegration");
    });

    it("PagerDuty service without an Events API v2 integration", async () => {
      await control.pagerduty.seed({ services: [{ id: serviceId, name: serviceName, integrations: [] }] });
      const { byKey } = await run();
      expect(byKey.pagerdutyIntegration).toMatchObject({
        status: "FAIL",
        detail: `PagerDuty service "${serviceName}" (${serviceId}) has no Events API v2 integration`,
        diagnosis:
          "add one: PagerDuty → the service → Integrations → Add integration → Events API v2 (or run pulumi up, which declares it); not the legacy Generic Events API.",
      });
      expectOthersPass(byKey, "pagerdutyIntegration");
    });

    it("PagerDuty service that is disabled (accepts events, opens nothing)", async () => {
      await control.pagerduty.seed({ services: [{ id: serviceId, name: serviceName, status: "disabled", integrations: [{ id: "PINT001", integration_key: "a".repeat(32) }] }] });
      const { byKey } = await run();
      expect(byKey.pagerdutyIntegration).toMatchObject({
        status: "FAIL",
        detail: `PagerDuty service "${serviceName}" (${serviceId}) is disabled`,
        diagnosis: "enable the service in PagerDuty: a disabled service accepts events and opens no incident.",
      });
      expectOthersPass(byKey, "pagerdutyIntegration");
    });

    it("Datadog mapping deleted (runbook rollback of step 3)", async () => {
      const response = await fetch(`${datadog.url}/api/v1/integration/pagerduty/configuration/services/${encodeURIComponent(serviceName)}`, {
        method: "DELETE",
        headers: { "DD-API-KEY": inputs.datadog!.apiKey, "DD-APPLICATION-KEY": inputs.datadog!.appKey! },
      });
      expect(response.status).toBe(204);
      const { byKey } = await run();
      expect(byKey.datadogMapping).toMatchObject({
        status: "FAIL",
        detail: `Datadog has no PagerDuty service object "${serviceName}" (404 Service not found)`,
        diagnosis: `create the mapping of "${serviceName}" to its Events API v2 integration key (runbook step 3, or pulumi up the stack); the name must be the PagerDuty service name exactly.`,
      });
      expectOthersPass(byKey, "datadogMapping");
    });

    it("Datadog without the PagerDuty integration tile", async () => {
      await control.datadog.seed({ pagerdutyIntegrationActive: false });
      const { byKey } = await run();
      expect(byKey.datadogMapping).toMatchObject({
        status: "FAIL",
        detail: "the PagerDuty integration is not installed in Datadog (404 Pagerduty Integration not found)",
        diagnosis: "install the PagerDuty integration tile in Datadog (Integrations → PagerDuty), then create the mapping (runbook step 3, or pulumi up the stack).",
      });
      expectOthersPass(byKey, "datadogMapping");
    });

    it("a published validation monitor", async () => {
      await control.datadog.reset();
      await control.datadog.seed({ pagerdutyServices: [serviceName], monitors: [validationMonitor({ draft_status: "published" })] });
      const { byKey } = await run();
      expect(byKey.datadogMonitor).toMatchObject({
        status: "FAIL",
        detail: `Datadog monitor ${monitorId} "${monitorName}": draft_status is "published", not "draft"`,
        diagnosis:
          "set the monitor back to draft (the stack's validation monitor is a draft unless the stack opts in to a controlled incident test): a published validation monitor can page.",
      });
      expectOthersPass(byKey, "datadogMonitor");
    });

    it("a validation monitor whose message carries another service's handle", async () => {
      await control.datadog.reset();
      await control.datadog.seed({
        pagerdutyServices: [serviceName, "Checkout API prod"],
        monitors: [validationMonitor({ message: "Datadog to PagerDuty validation @pagerduty-Checkout-API-prod." })],
      });
      const { byKey } = await run();
      expect(byKey.datadogMonitor).toMatchObject({
        status: "FAIL",
        detail: `Datadog monitor ${monitorId} "${monitorName}": its message has no ${handle} (it has @pagerduty-Checkout-API-prod)`,
        diagnosis: `put ${handle} in the message (pulumi up the stack): the handle is the mapped service name with spaces as dashes.`,
      });
      expectOthersPass(byKey, "datadogMonitor");
    });

    it("a handle that only starts like the right one does not count", async () => {
      await control.datadog.reset();
      await control.datadog.seed({ strictHandles: false, pagerdutyServices: [serviceName], monitors: [validationMonitor({ message: `validation ${handle}-2` })] });
      const { byKey } = await run();
      expect(byKey.datadogMonitor).toMatchObject({ status: "FAIL", detail: `Datadog monitor ${monitorId} "${monitorName}": its message has no ${handle} (it has ${handle}-2)` });
    });

    it("a published monitor without any handle names both parts", async () => {
      await control.datadog.reset();
      await control.datadog.seed({ pagerdutyServices: [serviceName], monitors: [validationMonitor({ draft_status: "published", message: "no handle here" })] });
      const { byKey } = await run();
      expect(byKey.datadogMonitor).toMatchObject({
        status: "FAIL",
        detail: `Datadog monitor ${monitorId} "${monitorName}": draft_status is "published", not "draft"; its message has no ${handle}`,
      });
    });

    it("Sentry alerting without a PagerDuty action", async () => {
      await sentryApi("PUT", `/organizations/mock-org/workflows/${workflowId}/`, workflowBody({
        actionFilters: [{ logicType: "all", conditions: [], actions: [{ type: "email", integrationId: null, config: { targetType: "issue_owners" }, data: {} }] }],
      }, [await errorDetectorId()]));
      const { byKey } = await run();
      expect(byKey.sentryAlerting).toMatchObject({
        status: "FAIL",
        detail: 'no workflow in Sentry org "mock-org" pages PagerDuty (1 workflow read)',
        diagnosis: `${addActionDiagnosis} Set SENTRY_PROJECT to also accept a legacy alert rule of the project.`,
      });
      expectOthersPass(byKey, "sentryAlerting");
    });

    it("Sentry alerting whose PagerDuty action has a null integration id", async () => {
      const [workflow] = (await sentryApi("GET", "/organizations/mock-org/workflows/")) as unknown as Record<string, unknown>[];
      const broken = structuredClone(workflow) as { actionFilters: { actions: { integrationId: string | null }[] }[] };
      broken.actionFilters[0].actions[0].integrationId = null;
      // The mock refuses such an action on create, as Sentry does; serve the list as an older Sentry left it.
      await control.sentry.addFault({ route: "GET /api/0/organizations/*/workflows/", fault: "status", status: 200, body: [broken], headers: { "content-type": "application/json" } });
      const { byKey } = await run();
      expect(byKey.sentryAlerting).toMatchObject({
        status: "FAIL",
        detail: `no workflow in Sentry org "mock-org" pages PagerDuty (1 workflow read: workflow "${workflowName}" (id ${workflowId}) has a PagerDuty action with no integration id)`,
      });
      expectOthersPass(byKey, "sentryAlerting");
    });

    it("Sentry alerting paging from a workflow on the second page: the Link cursor is followed", async () => {
      await sentryApi("DELETE", `/organizations/mock-org/workflows/${workflowId}/`);
      const detector = await errorDetectorId();
      const emailOnly = [{ logicType: "all", conditions: [], actions: [{ type: "email", integrationId: null, config: { targetType: "issue_owners" }, data: {} }] }];
      // Sentry pages lists by 100: a hundred workflows that do not page, then the one that does.
      await Promise.all(Array.from({ length: 100 }, (_, n) => sentryApi("POST", "/organizations/mock-org/workflows/", workflowBody({ name: `email ${n}`, actionFilters: emailOnly }, [detector]))));
      const paging = await sentryApi("POST", "/organizations/mock-org/workflows/", workflowBody({}, [detector]));
      await control.sentry.clearRequests();

      const { byKey, lines } = await run();
      expect(byKey.sentryAlerting).toMatchObject({
        status: "PASS",
        detail: `workflow "${workflowName}" (id ${paging.id}) pages PagerDuty through integration 5 (service "${serviceName}")`,
        requests: 2,
      });
      const reads = await control.sentry.requests({ path: "/api/0/organizations/mock-org/workflows/" });
      expect(reads.map((r) => r.query.cursor)).toEqual([undefined, "0:100:0"]);
      expect(lines.filter((l) => l.includes("(list Sentry workflows (page 2))"))).toHaveLength(1);
    });

    it("Sentry alerting whose PagerDuty workflow is disabled, or attached to no detector", async () => {
      await sentryApi("PUT", `/organizations/mock-org/workflows/${workflowId}/`, workflowBody({ enabled: false }, [await errorDetectorId()]));
      const second = await sentryApi("POST", "/organizations/mock-org/workflows/", workflowBody({ name: "detached" }));
      const { byKey } = await run();
      expect(byKey.sentryAlerting).toMatchObject({
        status: "FAIL",
        detail: `no workflow in Sentry org "mock-org" pages PagerDuty (2 workflows read: workflow "${workflowName}" (id ${workflowId}) is disabled; workflow "detached" (id ${second.id}) is attached to no detector (no project))`,
      });
    });
  });

  describe("Sentry's legacy project rules (SENTRY_PROJECT)", () => {
    const ruleBody = {
      name: "legacy page",
      actionMatch: "all",
      frequency: 30,
      conditions: [{ id: "sentry.rules.conditions.first_seen_event.FirstSeenEventCondition" }],
      actions: [{ id: "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction", account: 5, service: 10, severity: "default" }],
    };

    it("a legacy rule paging PagerDuty passes when no workflow does, with the deprecation said", async () => {
      await sentryApi("DELETE", `/organizations/mock-org/workflows/${workflowId}/`);
      const rule = await sentryApi("POST", "/projects/mock-org/mock-project/rules/", ruleBody);
      await control.sentry.clearRequests();
      const { byKey } = await run({ target: { ...target, sentryProject: "mock-project" } });
      expect(byKey.sentryAlerting).toMatchObject({
        status: "PASS",
        detail: `legacy rule "legacy page" (id ${rule.id}) in project "mock-project" pages PagerDuty through integration 5 (service row 10); no workflow does, and the rules API is deprecated since 2026-05-14: move the alert to a workflow`,
        requests: 2,
      });
      expect(await control.sentry.requestCount({ path: "/api/0/projects/mock-org/mock-project/rules/" })).toBe(1);
    });

    it("a workflow paging PagerDuty does not read the rules at all", async () => {
      const { byKey } = await run({ target: { ...target, sentryProject: "mock-project" } });
      expect(byKey.sentryAlerting).toMatchObject({ status: "PASS", requests: 1 });
      expect(await control.sentry.requestCount({ path: "/api/0/projects/mock-org/mock-project/rules/" })).toBe(0);
    });

    it("a rules brown-out (410) fails with the deprecation in the detail", async () => {
      await sentryApi("DELETE", `/organizations/mock-org/workflows/${workflowId}/`);
      await control.sentry.addFault({ fault: "rules-brownout" });
      const { byKey } = await run({ target: { ...target, sentryProject: "mock-project" } });
      expect(byKey.sentryAlerting).toMatchObject({
        status: "FAIL",
        detail: 'no workflow in Sentry org "mock-org" pages PagerDuty (0 workflows read); the legacy rules API answered 410 (deprecated since 2026-05-14, in a brown-out)',
        diagnosis: `${addActionDiagnosis} The legacy rules API is being removed (410 in brown-outs): an alert there will stop paging.`,
      });
    });

    it("an unknown project fails naming SENTRY_PROJECT", async () => {
      await sentryApi("DELETE", `/organizations/mock-org/workflows/${workflowId}/`);
      const { byKey } = await run({ target: { ...target, sentryProject: "no-such-project" } });
      expect(byKey.sentryAlerting).toMatchObject({
        status: "FAIL",
        detail: 'no workflow in Sentry org "mock-org" pages PagerDuty (0 workflows read); Sentry has no project "no-such-project" in org "mock-org" (404)',
        diagnosis: `${addActionDiagnosis} Check SENTRY_PROJECT (the project's slug or id).`,
      });
    });

    it("no rule pages either: both are named", async () => {
      await sentryApi("DELETE", `/organizations/mock-org/workflows/${workflowId}/`);
      await sentryApi("POST", "/projects/mock-org/mock-project/rules/", { ...ruleBody, actions: [{ id: "sentry.mail.actions.NotifyEmailAction", targetType: "IssueOwners" }] });
      const { byKey } = await run({ target: { ...target, sentryProject: "mock-project" } });
      expect(byKey.sentryAlerting).toMatchObject({
        status: "FAIL",
        detail: 'no workflow in Sentry org "mock-org" pages PagerDuty (0 workflows read); no legacy rule of project "mock-project" does either (1 rule read)',
        diagnosis: addActionDiagnosis,
      });
    });
  });

  describe("missing inputs hold, naming exactly what to set, and send nothing", () => {
    it("no identifiers: the three checks that need them hold", async () => {
      const { byKey } = await run({ target: {} });
      expect(byKey.pagerdutyIntegration).toMatchObject({ status: "HOLD", detail: "set PAGERDUTY_SERVICE_ID (or run with --stack)", requests: 0 });
      expect(byKey.datadogMapping).toMatchObject({ status: "HOLD", detail: "set PAGERDUTY_SERVICE_NAME (or run with --stack)", requests: 0 });
      expect(byKey.datadogMonitor).toMatchObject({ status: "HOLD", detail: "set DATADOG_MONITOR_ID and PAGERDUTY_SERVICE_NAME (or run with --stack)", requests: 0 });
      expectOthersPass(byKey, "pagerdutyIntegration", "datadogMapping", "datadogMonitor");
      expect(await control.pagerduty.requestCount()).toBe(0);
      expect(await control.datadog.requestCount()).toBe(0);
    });

    it("only the monitor id missing", async () => {
      const { byKey } = await run({ target: { ...target, datadogMonitorId: undefined } });
      expect(byKey.datadogMonitor).toMatchObject({ status: "HOLD", detail: "set DATADOG_MONITOR_ID (or run with --stack)" });
      expectOthersPass(byKey, "datadogMonitor");
    });

    it("no read credentials: every check holds", async () => {
      const { sentry: s, pagerduty: p, datadog: d } = inputs as Required<Pick<InputsByIntegration, "sentry" | "pagerduty" | "datadog">>;
      const { results } = await run({ inputs: { sentry: { ...s, api: undefined }, pagerduty: { ...p, api: undefined }, datadog: { ...d, appKey: undefined } }, target: {} });
      expect(results.map((r) => [r.status, r.detail])).toEqual([
        ["HOLD", "set SENTRY_AUTH_TOKEN and SENTRY_ORG"],
        ["HOLD", "set PAGERDUTY_API_TOKEN; set PAGERDUTY_SERVICE_ID (or run with --stack)"],
        ["HOLD", "set DD_APP_KEY; set PAGERDUTY_SERVICE_NAME (or run with --stack)"],
        ["HOLD", "set DD_APP_KEY; set DATADOG_MONITOR_ID and PAGERDUTY_SERVICE_NAME (or run with --stack)"],
        ["HOLD", "set SENTRY_AUTH_TOKEN and SENTRY_ORG"],
      ]);
      for (const c of Object.values(control)) expect(await c.requestCount()).toBe(0);
    });

    it("a vendor outside the run's scope holds its checks", async () => {
      const { results } = await run({ inputs: { pagerduty: inputs.pagerduty } });
      expect(results.map((r) => [r.status, r.detail])).toEqual([
        ["HOLD", "Sentry is not in this run's scope: include sentry in --only"],
        ["PASS", passDetails().pagerdutyIntegration],
        ["HOLD", "Datadog is not in this run's scope: include datadog in --only"],
        ["HOLD", "Datadog is not in this run's scope: include datadog in --only"],
        ["HOLD", "Sentry is not in this run's scope: include sentry in --only"],
      ]);
    });
  });

  describe("vendor refusals fail with a diagnosis", () => {
    it("an unknown PagerDuty service id", async () => {
      const { byKey } = await run({ target: { ...target, pagerdutyServiceId: "PNOPE00" } });
      expect(byKey.pagerdutyIntegration).toMatchObject({
        status: "FAIL",
        detail: "read PagerDuty service integrations: HTTP 404",
        diagnosis: "PagerDuty has no service PNOPE00 that this token can see: check PAGERDUTY_SERVICE_ID (the P… id in the service's URL) and PAGERDUTY_REGION.",
      });
    });

    it("an unknown Datadog monitor id", async () => {
      const { byKey } = await run({ target: { ...target, datadogMonitorId: "42" } });
      expect(byKey.datadogMonitor).toMatchObject({
        status: "FAIL",
        detail: "read Datadog validation monitor: HTTP 404",
        diagnosis: "Datadog has no monitor 42: check DATADOG_MONITOR_ID (deleted, or a monitor of another org or site).",
      });
    });

    it("a Sentry token Sentry does not accept fails both Sentry checks with the token's diagnosis (not the DSN's)", async () => {
      const { byKey } = await run({ inputs: { ...inputs, sentry: { ...inputs.sentry!, api: { ...inputs.sentry!.api!, token: "sntryu_short" } } } });
      const diagnosis =
        "Sentry refused SENTRY_AUTH_TOKEN (401): the token is wrong or revoked, or belongs to another Sentry (check SENTRY_URL: https://sentry.io, https://de.sentry.io for EU orgs, or your self-hosted URL).";
      expect(byKey.sentryIntegration).toMatchObject({ status: "FAIL", detail: "list Sentry PagerDuty integrations: HTTP 401", diagnosis });
      expect(byKey.sentryAlerting).toMatchObject({ status: "FAIL", detail: "list Sentry workflows: HTTP 401", diagnosis });
      expectOthersPass(byKey, "sentryIntegration", "sentryAlerting");
    });

    it("an unknown Sentry org", async () => {
      const { byKey } = await run({ inputs: { ...inputs, sentry: { ...inputs.sentry!, api: { ...inputs.sentry!.api!, org: "other-org" } } } });
      expect(byKey.sentryIntegration).toMatchObject({
        status: "FAIL",
        detail: "list Sentry PagerDuty integrations: HTTP 404",
        diagnosis: 'Sentry has no organization "other-org" that this token can see: check SENTRY_ORG (the slug in your Sentry URL).',
      });
    });

    it("a revoked PagerDuty REST token", async () => {
      await control.pagerduty.addFault({ fault: "token-revoked" });
      const { byKey } = await run();
      expect(byKey.pagerdutyIntegration).toMatchObject({
        status: "FAIL",
        detail: "read PagerDuty service integrations: HTTP 401",
        diagnosis: "PagerDuty refused the REST API token: check PAGERDUTY_API_TOKEN.",
      });
    });

    it("a Datadog application key refused after the API key was accepted", async () => {
      await control.datadog.addFault({ fault: "app-key-forbidden" });
      const { byKey } = await run();
      const diagnosis =
        "Datadog accepted DD_API_KEY but refused DD_APP_KEY (403): the application key is revoked or lacks the read scope (monitors_read, integrations_read). Create one under Organization Settings → Application Keys.";
      expect(byKey.datadogMapping).toMatchObject({ status: "FAIL", detail: "read Datadog PagerDuty mapping: HTTP 403", diagnosis });
      expect(byKey.datadogMonitor).toMatchObject({ status: "FAIL", detail: "read Datadog validation monitor: HTTP 403", diagnosis });
    });

    it("a 429 with Retry-After is honoured and the check still passes", async () => {
      await control.pagerduty.addFault({ fault: "status", status: 429, headers: { "retry-after": "0.2" }, body: { error: { message: "Rate Limit Exceeded", code: 2020 } }, times: 1 });
      const { byKey, lines } = await run();
      expect(byKey.pagerdutyIntegration).toMatchObject({ status: "PASS", requests: 2 });
      expect(lines).toContain("[wiring/pagerduty]   honouring Retry-After: waiting 200 ms");
    });

    it("a server error is retried, then fails with the server-side diagnosis", async () => {
      await control.sentry.addFault({ route: "GET /api/0/organizations/*/integrations/", fault: "server-error" });
      const { byKey } = await run();
      expect(byKey.sentryIntegration).toMatchObject({
        status: "FAIL",
        detail: "list Sentry PagerDuty integrations: HTTP 500",
        diagnosis: "The vendor answered 500: a server-side problem. Check its status page and retry later.",
        requests: 4,
      });
      expectOthersPass(byKey, "sentryIntegration");
    });

    it("a hung endpoint fails that check within its deadline; the others pass", async () => {
      await control.datadog.addFault({ route: "GET /api/v1/monitor/*", fault: "hang" });
      const { byKey } = await run({ deadlineMs: 1_500 });
      expect(byKey.datadogMonitor).toMatchObject({ status: "FAIL", detail: "read Datadog validation monitor: no answer within the 1.5 s deadline", diagnosis: deadlineDiagnosis });
      expect(byKey.datadogMonitor.durationMs).toBeLessThan(1_500 * 1.1 + 200);
      expectOthersPass(byKey, "datadogMonitor");
    });

    it("an answer that is not the vendor's API fails with where to look", async () => {
      await control.pagerduty.addFault({ fault: "status", status: 200, body: "<html>login</html>" });
      const { byKey } = await run();
      expect(byKey.pagerdutyIntegration).toMatchObject({
        status: "FAIL",
        detail: "read PagerDuty service integrations: unexpected answer 200 <html>login</html>",
        diagnosis: "Something other than the PagerDuty REST API answered: check PAGERDUTY_API_URL (https://api.pagerduty.com, EU https://api.eu.pagerduty.com).",
      });
    });

    it("a mock that is not running is diagnosed as such in mock mode", async () => {
      // 127.0.0.2 is loopback too, but no test binds it: the refusal cannot race a port reused by a parallel test.
      const started = await startService(pagerdutyMock, { port: 0 });
      await started.close();
      const stopped = { url: started.url.replace("127.0.0.1", "127.0.0.2") };
      // The deadline leaves room for all four attempts' randomised back-off (at most ~3.5 s).
      const { byKey } = await run({ inputs: { ...inputs, pagerduty: { ...inputs.pagerduty!, api: { ...inputs.pagerduty!.api!, url: stopped.url } } }, deadlineMs: 10_000 });
      expect(byKey.pagerdutyIntegration).toMatchObject({
        status: "FAIL",
        detail: "read PagerDuty service integrations: ECONNREFUSED",
        diagnosis: "Nothing listens on the mock's port: start the mock endpoints (npm run mocks) first.",
      });
    });

    it("an interrupted run fails every check that would have sent, without sending", async () => {
      const interrupt = new AbortController();
      interrupt.abort(new Interrupted("Ctrl-C"));
      const { results } = await run({ interrupt: interrupt.signal });
      expect(new Set(results.map((r) => `${r.status} ${r.detail} ${r.diagnosis}`))).toEqual(
        new Set(["FAIL not run: interrupted Interrupted (Ctrl-C) before the check finished; wiring checks only read, so there is nothing to clean up."]),
      );
      for (const c of Object.values(control)) expect(await c.requestCount()).toBe(0);
    });
  });
});

describe("wiringTargetFrom", () => {
  it("reads the four variables, trimmed; blank ones are unset", () => {
    expect(
      wiringTargetFrom({ PAGERDUTY_SERVICE_ID: " PWIRE01 ", PAGERDUTY_SERVICE_NAME: "Checkout API dev", DATADOG_MONITOR_ID: "100000001", SENTRY_PROJECT: "mock-project", OTHER: "x" }),
    ).toEqual({ pagerdutyServiceId: "PWIRE01", pagerdutyServiceName: "Checkout API dev", datadogMonitorId: "100000001", sentryProject: "mock-project" });
    expect(wiringTargetFrom({ PAGERDUTY_SERVICE_ID: "  ", PAGERDUTY_SERVICE_NAME: "" })).toEqual({});
  });
});
