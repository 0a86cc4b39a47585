import { type ConfigProblem, StackConfigError } from "./stackConfigError";
import type { ServiceSettings, StackSettings } from "./stackSettings";
import { type RawStackConfig, credentialSpecs, findPlainCredentialKeys, findPlainCredentials, resolveCredential } from "./checkCredentials";
import { checkNamespaces } from "./checkNamespaces";
import { checkOpsgenie } from "./checkOpsgenie";
import { checkPagerdutySlack } from "./checkPagerdutySlack";
import { checkPagerdutyTile } from "./checkPagerdutyTile";
import { checkRegions } from "./checkRegions";
import { checkSentry } from "./checkSentry";
import { checkServices } from "./checkServices";
import { checkSlack } from "./checkSlack";
import { checkSplunk } from "./checkSplunk";
import { pagerdutyServiceName, serviceSlug, slackHandle } from "./naming";
import { type ProjectConfig, environments, type Environment, isProjectKey, projectConfigSchema, projectKeys, projectName } from "./projectKeys";
import { datadogApiUrl, datadogSentryIntakeUrl } from "./regions";
import { checkRehearsalEndpoints, rehearsalEndpointsKey, withRehearsalEndpoints } from "./rehearsalEndpoints";
import { encryptedOffline } from "./encryptedOffline";
import { schemaProblems } from "./schemaProblems";

export type ParseResult = { ok: true; settings: StackSettings } | { ok: false; problems: ConfigProblem[] };

/**
 * Validates a stack's whole configuration and returns either settings that are safe to
 * build from or every problem found, never a partial answer. Pure: no Pulumi runtime,
 * no I/O, so every rule is testable on its own.
 */
export function parseStackConfig(raw: RawStackConfig): ParseResult {
  const problems: ConfigProblem[] = [...findPlainCredentialKeys(raw), ...findPlainCredentials(raw), ...checkNamespaces(raw)];

  const { decoded, undecodable } = decodeProjectValues(raw, problems);
  const parsed = projectConfigSchema.safeParse(decoded, { reportInput: true });
  if (!parsed.success) {
    // A key already reported as broken JSON is not reported again as missing.
    const issues = parsed.error.issues.filter((issue) => !undecodable.has(String(issue.path[0])));
    problems.push(...schemaProblems(issues));
  }

  const pagerdutyToken = resolveCredential(raw, credentialSpecs.pagerdutyToken, problems);
  const datadogApiKey = resolveCredential(raw, credentialSpecs.datadogApiKey, problems);
  const datadogAppKey = resolveCredential(raw, credentialSpecs.datadogAppKey, problems);

  if (!parsed.success) {
    // Services are checked on their own too, so a bad site does not hide a bad name.
    const services = projectConfigSchema.shape.services.safeParse(decoded.services);
    if (services.success && !undecodable.has("services")) problems.push(...checkServices(services.data));
    return { ok: false, problems };
  }
  const config = parsed.data;
  const environment = resolveEnvironment(raw.stack, config, problems);
  problems.push(...checkServices(config.services), ...checkSlack(config.services, config.pagerdutySlackWorkspaceId !== undefined), ...checkRegions(raw, config), ...checkPagerdutyTile(config));
  const splunk = environment ? checkSplunk(raw, config, environment, problems) : undefined;
  const opsgenie = checkOpsgenie(raw, config, problems);
  const sentry = checkSentry(raw, config, problems);
  const pagerdutySlack = checkPagerdutySlack(raw, config, problems);
  const rehearsalEndpoints = checkRehearsalEndpoints(raw.stack, raw.values[rehearsalEndpointsKey], problems);

  if (problems.length > 0 || !environment || !pagerdutyToken || !datadogApiKey || !datadogAppKey) {
    return { ok: false, problems };
  }
  const settings: StackSettings = {
      stack: raw.stack,
      environment,
      pagerduty: { region: config.pagerdutyRegion, token: pagerdutyToken, keyGeneration: config.pagerdutyKeyGeneration, slack: pagerdutySlack },
      datadog: {
        site: config.datadogSite,
        apiUrl: datadogApiUrl(config.datadogSite),
        sentryIntakeUrl: datadogSentryIntakeUrl(config.datadogSite),
        apiKey: datadogApiKey,
        appKey: datadogAppKey,
        pagerdutyIntegration: config.manageDatadogPagerdutyIntegration
          ? { subdomain: config.pagerdutySubdomain ?? "", schedules: config.pagerdutySchedules }
          : undefined,
      },
      routingEnabled: config.routingEnabled,
      monitorDraftStatus: config.controlledIncidentTest ? "published" : "draft",
      retainCredentialsOnDelete: environment === "prod",
      services: config.services.map((s) => toServiceSettings(s, environment, sentry !== undefined)),
      splunk,
      opsgenie,
      sentry,
  };
  return { ok: true, settings: rehearsalEndpoints ? withRehearsalEndpoints(settings, rehearsalEndpoints) : settings };
}

/** Like parseStackConfig, but throws the problems as one StackConfigError. */
export function requireStackSettings(raw: RawStackConfig): StackSettings {
  const result = parseStackConfig(raw);
  if (!result.ok) throw new StackConfigError(raw.stack, result.problems);
  return result.settings;
}

/** Project keys from their CLI text form to values, reporting keys that are broken JSON. */
function decodeProjectValues(
  raw: RawStackConfig,
  problems: ConfigProblem[],
): { decoded: Record<string, unknown>; undecodable: Set<string> } {
  const decoded: Record<string, unknown> = {};
  const undecodable = new Set<string>();
  for (const [fullKey, text] of Object.entries(raw.values)) {
    // The rehearsal's endpoints are checked on their own (config/rehearsalEndpoints.ts).
    if (!fullKey.startsWith(`${projectName}:`) || fullKey === rehearsalEndpointsKey) continue;
    const key = fullKey.slice(projectName.length + 1);
    // An optional key arrives as "" when unset (its Pulumi.yaml default): it is not set.
    if (isProjectKey(key) && projectKeys[key].optional && text === "") continue;
    if (raw.secretKeys.has(fullKey) && text.includes(JSON.stringify(encryptedOffline).slice(1, -1)) && key !== "splunkHecToken") {
      // Only the adopted HEC token is a credential among the project keys: its value is used
      // as a secret and need not be known. Every other key shapes what is built.
      undecodable.add(key);
      problems.push({
        key: fullKey,
        problem: `is encrypted in Pulumi.${raw.stack}.yaml; the offline plan cannot decrypt it, and what the stack builds depends on its value.`,
        hint: `check this stack with pulumi preview -s ${raw.stack}, which decrypts it; or, as it is not a credential, store it in plain text: pulumi config set ${fullKey} <value> -s ${raw.stack}.`,
      });
      continue;
    }
    if (!isProjectKey(key) || projectKeys[key].kind === "string") {
      decoded[key] = text;
      continue;
    }
    try {
      decoded[key] = JSON.parse(text);
    } catch {
      if (/^\s*[[{]/.test(text)) {
        undecodable.add(key);
        problems.push({ key: fullKey, problem: "starts like JSON but is not valid JSON.", hint: projectKeys[key].hint });
      } else {
        // Left as text: the schema reports the wrong type, quoting the value.
        decoded[key] = text;
      }
    }
  }
  return { decoded, undecodable };
}

/**
 * The environment: the stack's name for the stacks named dev, staging and prod, else declared.
 * A stack named after one environment may not declare another: its PagerDuty services, Datadog
 * handles and Opsgenie and Sentry objects are named after the environment, so it would take
 * over (and on destroy delete) the other stack's, and prod's retention would follow the
 * declared name. A stack of another name (`prod-eu`, `rehearsal-prod`) declares its
 * environment explicitly: that declaration is the documented override (README, Configuration).
 */
function resolveEnvironment(stack: string, config: ProjectConfig, problems: ConfigProblem[]): Environment | undefined {
  const fromStack = environments.find((e) => e === stack);
  if (fromStack && config.environment && config.environment !== fromStack) {
    problems.push({
      key: `${projectName}:environment`,
      problem: `is "${config.environment}", but this stack is named "${stack}": it would create the ${config.environment} environment's PagerDuty services, Datadog handles and other names, which the stack "${config.environment}" owns, and the two stacks would replace each other's objects${fromStack === "prod" ? "; prod's credential-bearing resources would also no longer be retained on destroy" : ""}.`,
      hint: `remove it (pulumi config rm ${projectName}:environment -s ${stack}); the stack name sets the environment. A stack that is meant to act as ${config.environment} needs a name of its own (e.g. rehearsal-${config.environment}).`,
    });
    return undefined;
  }
  if (config.environment) return config.environment;
  if (fromStack) return fromStack;
  problems.push({
    key: `${projectName}:environment`,
    problem: `is not set, and the stack name "${stack}" is not one of ${environments.join(", ")}.`,
    hint: `pulumi config set ${projectName}:environment <${environments.join("|")}> -s ${stack}.`,
  });
  return undefined;
}

function toServiceSettings(service: ProjectConfig["services"][number], environment: Environment, sentryWired: boolean): ServiceSettings {
  const name = service.name;
  const pdName = pagerdutyServiceName(name, environment);
  const { existing, create } = service.escalationPolicy;
  return {
    slug: serviceSlug(name),
    name,
    pagerdutyServiceName: pdName,
    description: service.description,
    urgency: service.urgency,
    slackRoutes: (service.slack?.routes ?? []).map((r) => ({ ...r, handle: slackHandle(r.account, r.channel) })),
    sentry: sentryWired ? service.sentry : undefined,
    opsgenie: service.opsgenie && { team: service.opsgenie.team, adoptTeam: service.opsgenie.adoptTeam, serviceObjectName: `${serviceSlug(name)}-${environment}` },
    escalationPolicy: existing
      ? { existing: { name: existing.name } }
      : { create: { name: create?.name ?? `${pdName} escalation`, numLoops: create?.numLoops ?? 0, rules: create?.rules ?? [] } },
  };
}

