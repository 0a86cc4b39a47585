import { describeValue } from "./describeValue";
import { parseUrl } from "./parseUrl";
import { type ProjectConfig, projectKeys, projectName } from "./projectKeys";
import type { ConfigProblem } from "./stackConfigError";

/** The Datadog PagerDuty tile needs the account's subdomain, and schedules only matter with it. */
export function checkPagerdutyTile(config: ProjectConfig): ConfigProblem[] {
  const subdomain = config.pagerdutySubdomain;
  if (!config.manageDatadogPagerdutyIntegration) {
    if (config.pagerdutySchedules.length > 0) {
      return [
        {
          key: `${projectName}:pagerdutySchedules`,
          problem: `has no effect because ${projectName}:manageDatadogPagerdutyIntegration is false.`,
          hint: `remove it, or set ${projectName}:manageDatadogPagerdutyIntegration true in the one stack that owns the Datadog PagerDuty tile.`,
        },
      ];
    }
    return [];
  }
  if (subdomain === undefined || subdomain.trim() === "") {
    return [
      {
        key: `${projectName}:pagerdutySubdomain`,
        problem: `is required because ${projectName}:manageDatadogPagerdutyIntegration is true.`,
        hint: projectKeys.pagerdutySubdomain.hint,
      },
    ];
  }
  if (!/^[a-z0-9][a-z0-9-]*$/.test(subdomain)) {
    return [
      {
        key: `${projectName}:pagerdutySubdomain`,
        problem: `is ${describeValue(subdomain)}, which is not a PagerDuty subdomain.`,
        hint: projectKeys.pagerdutySubdomain.hint,
      },
    ];
  }
  return config.pagerdutySchedules
    .map((url, i) => ({ url, i, parsed: parseUrl(url) }))
    .filter(({ url }) => !/^https:\/\/[a-z0-9-]+\.(eu\.)?pagerduty\.com\/schedules/.test(url))
    .map(({ url, i, parsed }) => ({
      key: `${projectName}:pagerdutySchedules[${i}]`,
      problem: !parsed.ok && parsed.missingScheme ? parsed.problem : `is ${describeValue(url)}, which is not a PagerDuty schedule URL.`,
      hint: projectKeys.pagerdutySchedules.hint,
    }));
}
