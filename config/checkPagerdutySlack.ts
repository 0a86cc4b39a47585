import { type RawStackConfig, credentialSpecs, resolveCredential } from "./checkCredentials";
import { describeValue } from "./describeValue";
import { type ProjectConfig, projectKeys, projectName } from "./projectKeys";
import type { ConfigProblem } from "./stackConfigError";
import type { StackSettings } from "./stackSettings";

const workspaceKey = `${projectName}:pagerdutySlackWorkspaceId`;
// Slack ids: a type letter and upper-case letters and digits (T workspace).
const workspacePattern = /^T[A-Z0-9]{6,}$/;

/**
 * PagerDuty's Slack connections (P8): off unless `pagerdutySlackWorkspaceId` is set; then every
 * Slack route needs its channel id (the connection targets channels by id) and the user-level
 * token PagerDuty's Slack API requires is present.
 */
export function checkPagerdutySlack(raw: RawStackConfig, config: ProjectConfig, problems: ConfigProblem[]): StackSettings["pagerduty"]["slack"] {
  const workspaceId = config.pagerdutySlackWorkspaceId;
  if (workspaceId === undefined) return undefined;
  const before = problems.length;
  if (!workspacePattern.test(workspaceId)) {
    problems.push({ key: workspaceKey, problem: `is ${describeValue(workspaceId)}, which is not a Slack workspace id.`, hint: projectKeys.pagerdutySlackWorkspaceId.hint });
  }
  const routes = config.services.flatMap((service, i) => (service.slack?.routes ?? []).map((route, r) => ({ route, where: `${projectName}:services[${i}].slack.routes[${r}]` })));
  if (routes.length === 0) {
    problems.push({ key: workspaceKey, problem: "is set, but no service has a Slack route to connect.", hint: "add slack.routes to a service, or remove pagerdutySlackWorkspaceId." });
  }
  for (const { route, where } of routes) {
    if (route.channelId === undefined) {
      problems.push({
        key: `${where}.channelId`,
        problem: `is not set; with ${workspaceKey} set, each route gets a PagerDuty Slack connection, which names the channel by id.`,
        hint: "copy the id from Slack (channel details → bottom of the About tab, C… or G…).",
      });
    }
  }
  const userToken = resolveCredential(raw, credentialSpecs.pagerdutyUserToken, problems);
  if (problems.length > before || !userToken) return undefined;
  return { workspaceId, userToken };
}
