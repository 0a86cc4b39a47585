import { MockControl } from "../mock-endpoints/controlClient";
import type { ServiceName } from "../mock-endpoints/core/types";
import { assignedAtDeploy, replaceStrings } from "../plan/recordingMocks";
import { mockCredentials } from "../verify/inputs/mockDefaults";
import { detectorPlaceholder } from "./plannedStack";
import type { MockWorld, WorldSentryAlert } from "./worldFromPlans";

/** A Sentry user token's shape; the mock takes any. */
const sentryToken = mockCredentials.sentryAuthToken;

/** Which mock must reach which when the world routes (a Sentry workflow pages PagerDuty, …). */
const routes: [ServiceName, ServiceName[]][] = [
  ["sentry", ["pagerduty", "opsgenie", "slack"]],
  ["datadog", ["pagerduty", "opsgenie", "slack"]],
  ["pagerduty", ["slack"]],
];

/** Mocks that cannot route as the world needs: a clear error, before anything is seeded. */
export class WorldSeedError extends Error {
  override name = "WorldSeedError";
}

async function sentryApi(url: string, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${url}/api/0${path}`, {
    method,
    headers: { authorization: `Bearer ${sentryToken}`, ...(body === undefined ? {} : { "content-type": "application/json" }) },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text === "" ? "" : JSON.parse(text) };
}

/** Creates one workflow or rule through the Sentry mock's web API, as the stack's provider would; its id. */
async function createAlert(sentryUrl: string, alert: WorldSentryAlert): Promise<{ id: string; detectorId?: string }> {
  const org = encodeURIComponent(alert.organization);
  if (alert.kind === "rule") {
    const created = await sentryApi(sentryUrl, "POST", `/projects/${org}/${encodeURIComponent(alert.project)}/rules/`, alert.body);
    if (created.status !== 200) throw new WorldSeedError(`the Sentry mock refused the rule of ${alert.stack} ${alert.resource}: ${created.status} ${JSON.stringify(created.body)}`);
    return { id: String(created.body.id) };
  }
  const detectors = await sentryApi(sentryUrl, "GET", `/organizations/${org}/detectors/?projectSlug=${encodeURIComponent(alert.project)}&query=type:error`);
  const detectorId = String((detectors.body as { id: string; type: string }[]).find((d) => d.type === "error")?.id);
  const body = JSON.parse(JSON.stringify(alert.body).split(JSON.stringify(detectorPlaceholder(alert.project)).slice(1, -1)).join(detectorId));
  const created = await sentryApi(sentryUrl, "POST", `/organizations/${org}/workflows/`, body);
  if (created.status !== 201) throw new WorldSeedError(`the Sentry mock refused the workflow of ${alert.stack} ${alert.resource}: ${created.status} ${JSON.stringify(created.body)}`);
  return { id: String(created.body.id), detectorId };
}

/**
 * Puts the planned world into running mocks (fresh ones, or reset by the caller): checks that
 * they know each other's addresses, seeds each, creates the Sentry workflows and rules through the
 * Sentry mock's web API, and gives the world back with the ids the Sentry mock assigned filled in
 * each stack's outputs.
 */
export async function seedWorld(urls: Partial<Record<ServiceName, string>>, world: MockWorld): Promise<MockWorld> {
  const control = (name: ServiceName): MockControl => {
    const url = urls[name];
    if (!url) throw new WorldSeedError(`the ${name} mock's address is not known`);
    return new MockControl(url);
  };
  const peers = Object.fromEntries(await Promise.all(routes.map(async ([from]) => [from, await control(from).peers()] as const)));
  const missing = routes.flatMap(([from, to]) => to.filter((name) => !peers[from]?.[name]).map((name) => `${from} → ${name}`));
  if (missing.length > 0) {
    throw new WorldSeedError(
      `the mocks do not know each other's addresses (${missing.join(", ")}), so an alert cannot travel between them. Hint: start them together (npm run mocks, or startMocks), or give each --peer NAME=URL (compose sets OPERATOR_WIRING_MOCK_PEERS).`,
    );
  }
  // Sentry sends Opsgenie alerts to its installation's base_url: the Opsgenie mock as the Sentry mock reaches it.
  const sentrySeed = JSON.parse(JSON.stringify(world.seeds.sentry)) as { organizations: { integrations: Record<string, unknown>[] }[] };
  for (const org of sentrySeed.organizations) for (const i of org.integrations) if (i.provider === "opsgenie") i.baseUrl = `${peers.sentry?.opsgenie}/`;
  await Promise.all([
    control("pagerduty").seed(world.seeds.pagerduty),
    control("datadog").seed(world.seeds.datadog),
    control("opsgenie").seed(world.seeds.opsgenie),
    control("slack").seed(world.seeds.slack),
    control("sentry").seed(sentrySeed),
  ]);
  const filled = new Map<string, Map<string, string>>();
  for (const alert of world.sentryAlerts) {
    const { id, detectorId } = await createAlert(urls.sentry as string, alert);
    const values = filled.get(alert.stack) ?? new Map<string, string>();
    values.set(assignedAtDeploy(`${alert.resource} id`), id);
    if (detectorId) values.set(assignedAtDeploy(`error detector of project "${alert.project}"`), detectorId);
    filled.set(alert.stack, values);
  }
  return {
    ...world,
    stacks: world.stacks.map((s) => ({ ...s, outputs: replaceStrings(s.outputs, filled.get(s.stack) ?? new Map()) as typeof s.outputs })),
  };
}
