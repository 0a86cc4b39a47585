/**
 * The one way to point the program at other endpoints than the vendors': the real-engine
 * rehearsal (`npm run rehearse`) runs each committed stack's configuration against the mock
 * endpoints in a stack named `rehearsal-<environment>`, with this key added. Nowhere else is
 * it accepted, and its URLs must be on this machine, so a rehearsal stack can never send mock
 * credentials, or a committed stack real ones, to a host that is not the vendor.
 */
import { z } from "zod";
import type { ConfigProblem } from "./stackConfigError";
import type { StackSettings } from "./stackSettings";
import { type Environment, environments, projectName } from "./projectKeys";
import { describeValue } from "./describeValue";

export const rehearsalEndpointsKey = `${projectName}:rehearsalEndpoints`;

/** One base URL per mock service, as `npm run mocks` prints them. */
export const rehearsalEndpointsSchema = z.strictObject({
  pagerduty: z.string(),
  datadog: z.string(),
  sentry: z.string(),
  opsgenie: z.string(),
  splunkHec: z.string(),
  splunkManagement: z.string(),
});
export type RehearsalEndpoints = z.infer<typeof rehearsalEndpointsSchema>;

/** `rehearsal-dev`, `rehearsal-staging`, `rehearsal-prod`: what the rehearsal names its stacks. */
export function rehearsalStackName(environment: Environment): string {
  return `rehearsal-${environment}`;
}

export function isRehearsalStack(stack: string): boolean {
  return environments.some((e) => rehearsalStackName(e) === stack);
}

const loopbackHosts = new Set(["127.0.0.1", "localhost", "[::1]"]);

const hint = "it is written by npm run rehearse, which starts the mock endpoints on this machine; remove the key from any other stack.";

/**
 * The overrides, or undefined when the key is absent. A problem when the key is present in a
 * stack that is not a rehearsal stack, is not a JSON object of the six URLs, or names a host
 * that is not this machine's loopback.
 */
export function checkRehearsalEndpoints(stack: string, text: string | undefined, problems: ConfigProblem[]): RehearsalEndpoints | undefined {
  if (text === undefined) return undefined;
  if (!isRehearsalStack(stack)) {
    problems.push({
      key: rehearsalEndpointsKey,
      problem: `is set, but only a rehearsal stack (${environments.map(rehearsalStackName).join(", ")}) may point the providers at other endpoints than the vendors'.`,
      hint: `remove it: pulumi config rm ${rehearsalEndpointsKey} -s ${stack}.`,
    });
    return undefined;
  }
  let decoded: unknown;
  try {
    decoded = JSON.parse(text);
  } catch {
    problems.push({ key: rehearsalEndpointsKey, problem: "is not a JSON object.", hint });
    return undefined;
  }
  const parsed = rehearsalEndpointsSchema.safeParse(decoded);
  if (!parsed.success) {
    problems.push({ key: rehearsalEndpointsKey, problem: `must give exactly ${Object.keys(rehearsalEndpointsSchema.shape).join(", ")}, each a URL.`, hint });
    return undefined;
  }
  const before = problems.length;
  for (const [service, value] of Object.entries(parsed.data)) {
    const url = URL.canParse(value) ? new URL(value) : undefined;
    if (!url || (url.protocol !== "http:" && url.protocol !== "https:") || !loopbackHosts.has(url.hostname)) {
      problems.push({ key: `${rehearsalEndpointsKey}.${service}`, problem: `is ${describeValue(value)}, which is not a URL on this machine's loopback.`, hint });
    }
  }
  if (problems.length > before) return undefined;
  const trimmed = Object.entries(parsed.data).map(([service, value]) => [service, value.replace(/\/+$/, "")]);
  return Object.fromEntries(trimmed) as RehearsalEndpoints;
}

/**
 * Settings with every vendor URL replaced by its mock's, once the committed values have been
 * validated as they are (so a rehearsal of prod still refuses what prod refuses).
 */
export function withRehearsalEndpoints(settings: StackSettings, endpoints: RehearsalEndpoints): StackSettings {
  const { splunk, sentry, opsgenie } = settings;
  return {
    ...settings,
    rehearsalEndpoints: endpoints,
    pagerduty: { ...settings.pagerduty, apiUrl: endpoints.pagerduty },
    datadog: { ...settings.datadog, apiUrl: `${endpoints.datadog}/`, sentryIntakeUrl: `${endpoints.datadog}/intake/webhook/sentry` },
    sentry: sentry && { ...sentry, apiUrl: `${endpoints.sentry}/api/0` },
    opsgenie: opsgenie && { ...opsgenie, apiUrl: endpoints.opsgenie as `http://${string}`, hosts: { us: endpoints.opsgenie, eu: endpoints.opsgenie } },
    splunk: splunk && {
      ...splunk,
      hecUrl: endpoints.splunkHec,
      token: "create" in splunk.token ? { create: { ...splunk.token.create, managementUrl: endpoints.splunkManagement } } : splunk.token,
    },
  };
}
