import type { RawStackConfig } from "./checkCredentials";
import { describeValue } from "./describeValue";
import { type ProjectConfig, projectName } from "./projectKeys";
import { datadogApiUrl, datadogResidency } from "./regions";
import type { ConfigProblem } from "./stackConfigError";

/** Regions must agree with each other and with any provider setting that names one. */
export function checkRegions(raw: RawStackConfig, config: ProjectConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  const datadogInEu = datadogResidency(config.datadogSite) === "eu";
  const pagerdutyInEu = config.pagerdutyRegion === "eu";
  if (datadogInEu !== pagerdutyInEu && !config.allowCrossRegion) {
    problems.push({
      key: `${projectName}:pagerdutyRegion`,
      problem: `is "${config.pagerdutyRegion}" while ${projectName}:datadogSite is "${config.datadogSite}": alerts would cross between the EU and another region.`,
      hint: `make the two regions match, or set ${projectName}:allowCrossRegion true if your data-residency rules allow it.`,
    });
  }
  const apiUrl = raw.values["datadog:apiUrl"];
  if (apiUrl !== undefined && apiUrl.replace(/\/?$/, "/") !== datadogApiUrl(config.datadogSite)) {
    problems.push({
      key: "datadog:apiUrl",
      problem: `is ${describeValue(apiUrl)}, which disagrees with ${projectName}:datadogSite "${config.datadogSite}" (${datadogApiUrl(config.datadogSite)}).`,
      hint: `remove it (pulumi config rm datadog:apiUrl -s ${raw.stack}); the stack derives the URL from ${projectName}:datadogSite.`,
    });
  }
  const serviceRegion = raw.values["pagerduty:serviceRegion"];
  if (serviceRegion !== undefined && (serviceRegion || "us") !== config.pagerdutyRegion) {
    problems.push({
      key: "pagerduty:serviceRegion",
      problem: `is ${describeValue(serviceRegion)}, which disagrees with ${projectName}:pagerdutyRegion "${config.pagerdutyRegion}".`,
      hint: `remove it (pulumi config rm pagerduty:serviceRegion -s ${raw.stack}); the stack derives it from ${projectName}:pagerdutyRegion.`,
    });
  }
  return problems;
}
