import type { RawStackConfig } from "./checkCredentials";
import { describeValue } from "./describeValue";
import { parseUrl } from "./parseUrl";
import { type ProjectConfig, projectKeys, projectName } from "./projectKeys";
import { SecretValue } from "./secretValue";
import type { ConfigProblem } from "./stackConfigError";
import type { SentrySettings } from "./stackSettings";

const key = (name: string) => `${projectName}:${name}`;
// Sentry slugs: lower case letters, digits, - and _ (Sentry's slug rule).
const slugPattern = /^[a-z0-9][a-z0-9_-]{0,49}$/;
const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);
// Sentry environment names: no newlines, spaces or slashes, not "None", at most 64 characters.
// @see https://docs.sentry.io/platforms/javascript/configuration/environments/
const environmentPattern = /^(?!None$)[^\s/]{1,64}$/;

/** The API base without a trailing slash, or a problem: https (http only on loopback, for the mocks), ending in /api/0. */
function checkApiUrl(value: string, problems: ConfigProblem[]): string | undefined {
  const parsed = parseUrl(value);
  if (!parsed.ok) {
    problems.push({ key: key("sentryApiUrl"), problem: parsed.problem, hint: `${parsed.hint.replace(/\.$/, ";")} ${projectKeys.sentryApiUrl.hint}` });
    return undefined;
  }
  const url = parsed.url;
  // The token rides on every call; plain http is for the local mock endpoints only.
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopbackHosts.has(url.hostname))) {
    problems.push({ key: key("sentryApiUrl"), problem: `uses ${url.protocol.replace(":", "")}; Sentry must be reached over https (http only on localhost).`, hint: projectKeys.sentryApiUrl.hint });
    return undefined;
  }
  const base = value.replace(/\/+$/, "");
  if (!base.endsWith("/api/0")) {
    problems.push({ key: key("sentryApiUrl"), problem: `is ${describeValue(value)}, which does not end in /api/0.`, hint: projectKeys.sentryApiUrl.hint });
    return undefined;
  }
  return base;
}

/**
 * The @pulumiverse/sentry provider's own keys. The stack configures that provider explicitly
 * (token from $SENTRY_AUTH_TOKEN, base from sentryApiUrl), so these would be ignored: refused
 * instead, so that nobody believes they took effect.
 */
function checkProviderKeys(raw: RawStackConfig, problems: ConfigProblem[]): void {
  // In plain text it is refused already, with the rotation it needs (findPlainCredentialKeys).
  if (raw.values["sentry:token"] !== undefined && raw.secretKeys.has("sentry:token")) {
    problems.push({
      key: "sentry:token",
      problem: "is set, but the stack gives the @pulumiverse/sentry provider $SENTRY_AUTH_TOKEN, the token its Sentry resources read at deploy.",
      hint: `remove it (pulumi config rm sentry:token -s ${raw.stack}) and export SENTRY_AUTH_TOKEN.`,
    });
  }
  if (raw.values["sentry:baseUrl"] !== undefined) {
    problems.push({
      key: "sentry:baseUrl",
      problem: `is set, but the stack derives the @pulumiverse/sentry provider's base URL from ${key("sentryApiUrl")}.`,
      hint: `remove it (pulumi config rm sentry:baseUrl -s ${raw.stack}) and set ${key("sentryApiUrl")} to the web API base ending in /api/0.`,
    });
  }
}

/**
 * Sentry (P5, P6): off unless `sentryOrganization` is set; then every service's Sentry project
 * is a slug, the API base is usable, and the token every Sentry call reads ($SENTRY_AUTH_TOKEN:
 * the lookup at preview, the dynamic resources and the @pulumiverse/sentry provider at deploy)
 * is present now. Services naming a project without an organization are refused.
 */
export function checkSentry(raw: RawStackConfig, config: ProjectConfig, problems: ConfigProblem[]): SentrySettings | undefined {
  checkProviderKeys(raw, problems);
  const organization = config.sentryOrganization;
  const wired = config.services.map((s, i) => ({ i, sentry: s.sentry })).filter((s) => s.sentry !== undefined);
  if (organization === undefined) {
    const fix = `pulumi config set ${key("sentryOrganization")} <slug> -s ${raw.stack}`;
    if (wired.length > 0) {
      problems.push({ key: `${key("services")}[${wired[0].i}].sentry`, problem: `names a Sentry project, but ${key("sentryOrganization")} is not set.`, hint: `${fix}, or remove the service's sentry block.` });
    } else if (config.sentryDatadogForwarding) {
      problems.push({ key: key("sentryDatadogForwarding"), problem: `is true, but ${key("sentryOrganization")} is not set.`, hint: `${fix}, or set sentryDatadogForwarding to false.` });
    }
    return undefined;
  }
  const before = problems.length;
  if (!slugPattern.test(organization)) {
    problems.push({ key: key("sentryOrganization"), problem: `is ${describeValue(organization)}, which is not a Sentry organization slug.`, hint: projectKeys.sentryOrganization.hint });
  }
  const apiUrl = checkApiUrl(config.sentryApiUrl, problems);
  for (const { i, sentry } of wired) {
    const where = `${key("services")}[${i}].sentry`;
    if (!slugPattern.test(sentry?.project ?? "")) {
      problems.push({ key: `${where}.project`, problem: `is ${describeValue(sentry?.project)}, which is not a Sentry project slug.`, hint: "give the project's slug, as in https://sentry.io/organizations/<org>/projects/<slug>/." });
    }
    if (sentry?.environment !== undefined && sentry.environment.trim() === "") {
      problems.push({ key: `${where}.environment`, problem: "is empty.", hint: "give a Sentry environment name (e.g. production), or leave it out to page for every environment." });
    } else if (sentry?.environment !== undefined && !environmentPattern.test(sentry.environment)) {
      problems.push({ key: `${where}.environment`, problem: `is ${describeValue(sentry.environment)}, which Sentry cannot name an environment: at most 64 characters, no spaces, slashes or line breaks, and not "None".`, hint: "give the environment exactly as Sentry's issue stream lists it, e.g. production." });
    }
  }
  const token = raw.env.SENTRY_AUTH_TOKEN?.trim();
  if (!token) {
    const users = config.sentryAlerting === "rules" ? "the organization lookup at preview, the service-table rows and the @pulumiverse/sentry provider (rules mode)" : "the organization lookup at preview and the Sentry resources at deploy";
    problems.push({
      key: key("sentryOrganization"),
      problem: `is set, but $SENTRY_AUTH_TOKEN is not; ${users} use it.`,
      hint: "export SENTRY_AUTH_TOKEN (Sentry → Settings → Developer Settings → an internal integration's token, scopes org:read, org:integrations, project:write, alerts:write).",
    });
  }
  if (problems.length > before || apiUrl === undefined || !token) return undefined;
  return {
    organization,
    apiUrl,
    alerting: config.sentryAlerting,
    pagerdutyIntegrationName: config.sentryPagerdutyIntegration,
    token: new SecretValue(token, "$SENTRY_AUTH_TOKEN"),
    datadogForwarding: config.sentryDatadogForwarding,
  };
}
