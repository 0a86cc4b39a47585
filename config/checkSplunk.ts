import type { RawStackConfig } from "./checkCredentials";
import { describeValue } from "./describeValue";
import { parseUrl } from "./parseUrl";
import { type Environment, type ProjectConfig, projectKeys, projectName } from "./projectKeys";
import { SecretValue } from "./secretValue";
import type { SplunkSettings } from "./stackSettings";
import type { ConfigProblem } from "./stackConfigError";

const key = (name: string) => `${projectName}:${name}`;

function urlProblem(name: "splunkHecUrl" | "splunkManagementUrl", value: string, environment: Environment): ConfigProblem | undefined {
  const parsed = parseUrl(value);
  if (!parsed.ok) return { key: key(name), problem: parsed.problem, hint: `${parsed.hint.replace(/\.$/, ";")} ${projectKeys[name].hint}` };
  const url = parsed.url;
  // Plain http is for the mock endpoints and local tests; a real HEC carries tokens.
  if (url.protocol !== "https:" && !(url.protocol === "http:" && environment === "dev")) {
    return { key: key(name), problem: `uses ${url.protocol.replace(":", "")}; outside dev Splunk must be reached over https.`, hint: projectKeys[name].hint };
  }
  // What the token resource's check refuses at preview (components/dynamic/splunkHecToken.ts), refused here first.
  if (url.search || url.hash) return { key: key(name), problem: "has a query string or fragment, which Splunk's endpoints do not take.", hint: projectKeys[name].hint };
  return undefined;
}

/**
 * Splunk wiring (P9): off unless `splunkHecUrl` is set; then a token is either created on
 * the management port or adopted (exactly one), TLS checks are skipped only in dev, and the
 * management credentials the token resource reads at deploy time are present now.
 */
export function checkSplunk(raw: RawStackConfig, config: ProjectConfig, environment: Environment, problems: ConfigProblem[]): SplunkSettings | undefined {
  const { splunkHecUrl: hecUrl, splunkManagementUrl: managementUrl, splunkHecToken: adopted } = config;
  const tokenKey = key("splunkHecToken");
  if (hecUrl === undefined) {
    if (managementUrl !== undefined || adopted !== undefined) {
      problems.push({ key: key("splunkHecUrl"), problem: "is not set, but other Splunk keys are.", hint: `${projectKeys.splunkHecUrl.hint} Or remove the other splunk* keys.` });
    }
    return undefined;
  }
  const before = problems.length;
  const urlIssues = [urlProblem("splunkHecUrl", hecUrl, environment), managementUrl === undefined ? undefined : urlProblem("splunkManagementUrl", managementUrl, environment)];
  problems.push(...urlIssues.filter((p): p is ConfigProblem => p !== undefined));

  if (managementUrl !== undefined && adopted !== undefined) {
    problems.push({ key: tokenKey, problem: `is set together with ${key("splunkManagementUrl")}.`, hint: "create a token (splunkManagementUrl) or adopt one (splunkHecToken), not both." });
  } else if (managementUrl === undefined && adopted === undefined) {
    problems.push({ key: key("splunkManagementUrl"), problem: `is not set, and neither is ${tokenKey}.`, hint: "set splunkManagementUrl to create a token (self-managed Splunk), or store an existing one with pulumi config set --secret operator-wiring:splunkHecToken <token> (Splunk Cloud)." });
  }
  if (config.splunkInsecureTls && environment !== "dev") {
    problems.push({ key: key("splunkInsecureTls"), problem: `is true in the ${environment} environment; skipping TLS verification is allowed only in dev.`, hint: "install the Splunk CA certificate where pulumi runs (NODE_EXTRA_CA_CERTS=<file>) and set it to false." });
  }
  // The token resource's check refuses these at preview (components/dynamic/splunkHecToken.ts): Splunk
  // takes the allowed indexes as one comma-separated form field.
  for (const [name, value] of [["splunkIndex", config.splunkIndex], ...config.splunkAllowedIndexes.map((v, i) => [`splunkAllowedIndexes[${i}]`, v])]) {
    if (!/^[^\s,]+$/.test(value)) problems.push({ key: key(name), problem: `is ${describeValue(value)}, which cannot name a Splunk index (empty, or with spaces or commas).`, hint: projectKeys.splunkIndex.hint });
  }
  const allowed = config.splunkAllowedIndexes.length > 0 ? config.splunkAllowedIndexes : [config.splunkIndex];
  if (!allowed.includes(config.splunkIndex)) {
    problems.push({ key: key("splunkAllowedIndexes"), problem: `does not include ${key("splunkIndex")} ${describeValue(config.splunkIndex)}.`, hint: projectKeys.splunkAllowedIndexes.hint });
  }
  const name = config.splunkTokenName ?? `operator-wiring-${environment}`;
  if (name.trim() === "" || name.includes("/")) {
    problems.push({ key: key("splunkTokenName"), problem: `is ${describeValue(name)}, which cannot name a HEC token.`, hint: projectKeys.splunkTokenName.hint });
  }
  const hasToken = raw.env.SPLUNK_MGMT_TOKEN?.trim() || (raw.env.SPLUNK_MGMT_USERNAME?.trim() && raw.env.SPLUNK_MGMT_PASSWORD?.trim());
  if (managementUrl !== undefined && adopted === undefined && !hasToken) {
    problems.push({ key: key("splunkManagementUrl"), problem: "is set, but no Splunk management credential is in the environment to create the token with.", hint: "export SPLUNK_MGMT_TOKEN (a Splunk authentication token with edit_token_http), or SPLUNK_MGMT_USERNAME and SPLUNK_MGMT_PASSWORD." });
  }
  if (problems.length > before) return undefined;
  return {
    hecUrl: hecUrl.replace(/\/+$/, ""),
    index: config.splunkIndex,
    allowedIndexes: allowed,
    token: adopted !== undefined ? { existing: new SecretValue(adopted, tokenKey) } : { create: { managementUrl: managementUrl ?? "", name, insecureTls: config.splunkInsecureTls } },
  };
}
