/**
 * What a stack expects to find already there when it is deployed, seeded into fresh mocks:
 * the things an operator sets up by hand before `pulumi up` (the Sentry organization with its
 * projects and the PagerDuty, Opsgenie and Slack integrations installed through OAuth; the
 * Opsgenie account key and the teams a stack adopts). Nothing the stack itself creates.
 */
import { randomBytes } from "node:crypto";
import type { StackSettings } from "../config/stackSettings";
import { MockControl } from "../mock-endpoints/controlClient";
import type { RunningMocks } from "../mock-endpoints/startMocks";
import { worldSentryIntegrations } from "../plannedWorld/plannedStack";
import { rehearsalOpsgenieAccountKey } from "./rehearsalCredentials";

/** Ids the Sentry integrations get, as in the planned world; the rehearsal reads the tables back by them. */
export const sentryIntegrationIds = worldSentryIntegrations;

function control(mocks: RunningMocks, service: keyof RunningMocks["urls"]): MockControl {
  const url = mocks.urls[service];
  if (!url) throw new Error(`the ${service} mock is not running`);
  return new MockControl(url);
}

export async function seedWorld(mocks: RunningMocks, settings: StackSettings): Promise<void> {
  const seeds: Promise<unknown>[] = [];
  if (settings.sentry) {
    const projects = [...new Set(settings.services.flatMap((s) => (s.sentry ? [s.sentry.project] : [])))];
    const environments = [...new Set(settings.services.flatMap((s) => (s.sentry?.environment ? [s.sentry.environment] : [])))];
    const routesOpsgenie = settings.services.some((s) => s.opsgenie);
    const slackAccounts = [...new Set(settings.services.flatMap((s) => s.slackRoutes.map((r) => r.account)))];
    seeds.push(
      control(mocks, "sentry").seed({
        organizations: [
          {
            slug: settings.sentry.organization,
            environments,
            projects: projects.map((slug, i) => ({ id: String(i + 1), slug })),
            integrations: [
              { provider: "pagerduty", id: sentryIntegrationIds.pagerduty, name: "PagerDuty (rehearsal)", externalId: "rehearsal" },
              // Sentry checks every new team-table key against the installation's Opsgenie: the Opsgenie mock.
              ...(routesOpsgenie ? [{ provider: "opsgenie", id: sentryIntegrationIds.opsgenie, name: "Opsgenie (rehearsal)", baseUrl: `${mocks.urls.opsgenie}/` }] : []),
              // One Slack workspace: the routes' account (the program matches a workspace by that name when there are several).
              ...(slackAccounts.length > 0 ? [{ provider: "slack", id: sentryIntegrationIds.slack, name: slackAccounts[0] }] : []),
            ],
          },
        ],
      }),
    );
  }
  if (settings.opsgenie) {
    const adopted = [...new Set(settings.services.flatMap((s) => (s.opsgenie?.adoptTeam ? [s.opsgenie.team] : [])))];
    seeds.push(
      control(mocks, "opsgenie").seed({
        region: settings.opsgenie.region,
        keys: [{ key: rehearsalOpsgenieAccountKey, region: settings.opsgenie.region, kind: "account" }],
        teams: adopted.map((name) => ({ name, description: "adopted by the stack, created by hand" })),
      }),
    );
  }
  await Promise.all(seeds);
}

/**
 * For the dynamic-provider part only, which has no PagerDuty provider: each service's PagerDuty
 * service with one Events v2 integration per key generation, as the PagerDuty provider would
 * have created them (generation 2 is what a rotation moves to). Keyed by service name.
 */
export async function seedPagerdutyKeys(mocks: RunningMocks, settings: StackSettings, generations = 2): Promise<Map<string, string[]>> {
  const keys = new Map(settings.services.map((s) => [s.name, Array.from({ length: generations }, () => randomBytes(16).toString("hex"))]));
  await control(mocks, "pagerduty").seed({
    services: settings.services.map((s) => ({
      name: s.pagerdutyServiceName,
      integrations: (keys.get(s.name) ?? []).map((key, g) => ({ name: `Events API V2 (generation ${g + 1})`, integration_key: key })),
    })),
  });
  return keys;
}
