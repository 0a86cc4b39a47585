import { spawnSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { beforeAll, describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { projectRoot } from "../../plan/stackFiles";
import { lintMap } from "../../routes/lint/lintMap";
import { type PlannedRoutes, offlineRoutes } from "../../routes/planRoutes";
import { deprecationRadar } from "../../routes/radar/deprecationRadar";
import { pinnedPackages } from "../../routes/radar/retiredVersions";
import { dotGraph } from "../../routes/render/dotGraph";
import { svgOf } from "../../routes/render/picture";
import { environmentTree } from "../../routes/render/terminalMap";
import type { RoutingMap } from "../../routes/routingGraph";
import { committedRoutes } from "../support/committedRoutes";

let plans: PlannedRoutes[];
const offlineMap = (): RoutingMap => ({ source: "offline", environments: plans.map((p) => p.graph) });

beforeAll(async () => {
  const planned = await committedRoutes();
  expect(planned.map((p) => p.ok)).toEqual([true, true, true]);
  plans = planned as PlannedRoutes[];
}, 120_000);

/** The committed stack files in a scratch project, with `change` applied to one stack's config. */
function changedProject(stack: string, change: (config: Record<string, unknown>) => void): string {
  const dir = mkdtempSync(path.join(tmpdir(), "routes-"));
  copyFileSync(path.join(projectRoot, "Pulumi.yaml"), path.join(dir, "Pulumi.yaml"));
  const file = parse(readFileSync(path.join(projectRoot, `Pulumi.${stack}.yaml`), "utf8")) as { config: Record<string, unknown> };
  change(file.config);
  writeFileSync(path.join(dir, `Pulumi.${stack}.yaml`), stringify(file));
  return dir;
}

describe("the offline map of the committed stacks", () => {
  it("draws dev's routes from its program: the monitor and the Sentry workflow, each down to the escalation policy", () => {
    const dev = plans[0].graph;
    expect(environmentTree(dev, new Map(dev.nodes.map((n) => [n.key, n])), [])).toBe(
      [
        "dev (stack dev)",
        '├─ Datadog monitor "integration-validation datadog-to-pagerduty Default Service dev" (draft)',
        '│  └─ Datadog handle "@pagerduty-Default-Service-dev"',
        '│     └─ PagerDuty service "Default Service dev"',
        '│        └─ PagerDuty escalation policy "Default Service dev escalation"',
        '└─ Sentry project "default-service" (external)',
        '   └─ Sentry workflow "operator-wiring: Default Service dev"',
        '      └─ Sentry PagerDuty service-table row "Default Service dev"',
        '         └─ PagerDuty service "Default Service dev" (above)',
      ].join("\n"),
    );
  });

  it("follows a Sentry row to the service whose routing key it holds, and an Opsgenie row to the team its integration belongs to", () => {
    const prod = plans[2].graph;
    expect(prod.edges.filter((e) => e.from.startsWith("sentry-row:"))).toEqual([
      { from: "sentry-row:pagerduty:Checkout API prod", to: "pagerduty-service:Checkout API prod" },
      { from: "sentry-row:pagerduty:Payments Worker prod", to: "pagerduty-service:Payments Worker prod" },
      { from: "sentry-row:opsgenie:Payments Worker prod", to: "opsgenie-team:Payments" },
    ]);
    expect(prod.nodes.filter((n) => n.ownership === "external").map((n) => n.key).sort()).toEqual([
      "escalation-policy:Platform On-call",
      "opsgenie-team:Payments",
      "sentry-project:checkout-api",
      "sentry-project:payments-worker",
      "slack-channel:example-org/checkout-alerts",
      "splunk-index:ops",
    ]);
  });

  it("lints clean; the radar names Opsgenie in staging and prod and the retired Node.js range", () => {
    expect(lintMap(offlineMap(), plans.map((p) => p.facts))).toEqual([]);
    const radar = deprecationRadar({ map: offlineMap(), facts: plans.map((p) => p.facts), today: new Date("2026-12-03"), draftDays: 150, rotationDays: 90, pinned: pinnedPackages(projectRoot) });
    expect(radar.map((f) => [f.rule, f.environment, f.objects])).toEqual([
      ["opsgenie-end-of-life", "staging", ['Datadog handle "@opsgenie-payments-worker-staging"', 'Opsgenie team "Payments"']],
      ["opsgenie-end-of-life", "prod", ['Datadog handle "@opsgenie-payments-worker-prod"', 'Opsgenie team "Payments"']],
      ["retired-package", "project", ["node >=20.19"]],
    ]);
  });

  it("is the picture the README shows (docs/routing-map.svg; npm run routes -- --svg docs/routing-map.svg --png docs/routing-map.png redraws it)", async () => {
    const facts = plans.map((p) => p.facts);
    const findings = [...lintMap(offlineMap(), facts), ...deprecationRadar({ map: offlineMap(), facts, today: new Date(), draftDays: 150, rotationDays: 90, pinned: pinnedPackages(projectRoot) })];
    expect(await svgOf(dotGraph(offlineMap(), findings))).toBe(readFileSync(path.join(projectRoot, "docs/routing-map.svg"), "utf8"));
  });
});

describe("the offline map of a changed stack", () => {
  it("radar: sentryAlerting rules on sentry.io is named before anything is deployed", async () => {
    const dir = changedProject("dev", (config) => (config["operator-wiring:sentryAlerting"] = "rules"));
    const dev = (await offlineRoutes("dev", dir)) as PlannedRoutes;
    const radar = deprecationRadar({ map: { source: "offline", environments: [dev.graph] }, facts: [dev.facts], today: new Date("2026-12-03"), draftDays: 150, rotationDays: 90, pinned: [{ name: "@pulumiverse/sentry", version: "0.0.9" }] });
    expect(radar.map((f) => [f.rule, f.environment, f.objects])).toEqual([
      ["sentry-legacy-rules", "dev", ['Sentry legacy rule "operator-wiring: Default Service dev"']],
      ["retired-package", "project", ["@pulumiverse/sentry 0.0.9"]],
    ]);
  });

  it("lint: validation monitors published for a controlled incident test are not an error", async () => {
    const dir = changedProject("dev", (config) => (config["operator-wiring:controlledIncidentTest"] = true));
    const dev = (await offlineRoutes("dev", dir)) as PlannedRoutes;
    expect(dev.graph.nodes.find((n) => n.kind === "datadog-monitor")?.facts.draft).toBe(false);
    expect(lintMap({ source: "offline", environments: [dev.graph] }, [dev.facts])).toEqual([]);
    expect(lintMap({ source: "offline", environments: [dev.graph] }, [{ ...dev.facts, controlledIncidentTest: false }]).map((f) => f.rule)).toEqual(["validation-monitor-published"]);
  });
});

describe("npm run routes", () => {
  const routes = (...args: string[]) => spawnSync(process.execPath, [path.join(projectRoot, "build/run.mjs"), "routes", ...args], { cwd: projectRoot, encoding: "utf8" });

  it("prints dev's map, findings and radar as JSON and draws it, exit 0", () => {
    const svg = path.join(mkdtempSync(path.join(tmpdir(), "routes-")), "map.svg");
    const run = routes("--stack", "dev", "--json", "--svg", svg);
    expect([run.status, run.stderr]).toEqual([0, `routes: drew the map into ${svg}\n`]);
    const report = JSON.parse(run.stdout) as { map: RoutingMap; lint: unknown[]; radar: { rule: string }[]; unread: unknown[] };
    expect([report.map.source, report.map.environments.map((g) => g.environment), report.lint, report.unread]).toEqual(["offline", ["dev"], [], []]);
    expect(readFileSync(svg, "utf8")).toContain("dev (stack dev, offline)");
  });

  it("refuses an unknown stack and --deploy-plan without --live before planning anything, exit 2", () => {
    const unknown = routes("--stack", "prd");
    expect([unknown.status, unknown.stderr]).toEqual([2, 'There is no stack "prd" (no Pulumi.prd.yaml). The stacks are: dev, staging, prod. Did you mean "prod"?\n']);
    const deploy = routes("--deploy-plan");
    expect([deploy.status, deploy.stderr]).toEqual([2, "routes: --deploy-plan reads the map back from the mocks: add --live.\n"]);
  });
});
