import { sentryRequest } from "../vendors/sentry/sentryApi";
import { sentryList, sentryPaths } from "../vendors/sentry/sentryLists";
import { StackConfigError } from "../config/stackConfigError";
import type { SentrySettings } from "../config/stackSettings";
import { projectName } from "../config/projectKeys";
import type { SentryIntegrationRef, SentryOrganizationFacts, SentryOrganizationLookup } from "./sentryOrganization";

type Provider = "pagerduty" | "opsgenie" | "slack";

/** The failure as a config error: a wrong slug, URL or token is the stack's to fix. */
function asConfigError(stack: string, sentry: SentrySettings, error: unknown): Error {
  const status = (error as { status?: number }).status;
  const message = (error as Error).message;
  if (status === 401) {
    return new StackConfigError(stack, [{ key: "$SENTRY_AUTH_TOKEN", problem: `was refused by Sentry (${message}).`, hint: `create a token in organization "${sentry.organization}" (Settings → Developer Settings → an internal integration) and export it again.` }]);
  }
  if (status === 403 || status === 404) {
    return new StackConfigError(stack, [
      {
        key: `${projectName}:sentryOrganization`,
        problem: `names "${sentry.organization}", which ${sentry.apiUrl} does not show to this token (${message}).`,
        hint: "check the slug (https://sentry.io/organizations/<slug>/), the region host in sentryApiUrl (https://de.sentry.io/api/0 for EU organizations), and that the token has org:read and org:integrations.",
      },
    ]);
  }
  return new StackConfigError(stack, [
    { key: `${projectName}:sentryApiUrl`, problem: `could not be used to look up organization "${sentry.organization}": ${message}`, hint: "check the URL and that Sentry is reachable from where Pulumi runs, then run pulumi preview again." },
  ]);
}

async function installed(sentry: SentrySettings, provider: Provider): Promise<SentryIntegrationRef[]> {
  const list = (await sentryList({ apiUrl: sentry.apiUrl, path: sentryPaths.integrations(sentry.organization, provider, false) })) as {
    id?: unknown;
    name?: unknown;
    status?: unknown;
    provider?: { key?: unknown };
  }[];
  // A disabled or pending-deletion integration cannot take actions.
  return list
    .filter((i) => i.provider?.key === provider && (i.status === undefined || i.status === "active"))
    .map((i) => ({ id: String(i.id), name: String(i.name) }));
}

/** Sentry's answer to a providerKey filter that matches no provider (the runbook's "provider not found"). */
const noSuchProvider = "Providers do not exist";

async function datadogProviderAvailable(sentry: SentrySettings): Promise<boolean> {
  let reply;
  try {
    reply = await sentryRequest({ apiUrl: sentry.apiUrl, method: "GET", path: sentryPaths.providers(sentry.organization, "datadog") });
  } catch (error) {
    if ((error as { status?: number }).status === 404 && (error as Error).message.endsWith(noSuchProvider)) return false;
    throw error;
  }
  const providers = (reply.body as { providers?: { key?: unknown }[] } | undefined)?.providers;
  return Array.isArray(providers) && providers.some((p) => p?.key === "datadog");
}

/**
 * The lookup against Sentry's web API with $SENTRY_AUTH_TOKEN: the organization's installed
 * PagerDuty, Opsgenie and Slack integrations, and whether a Datadog provider is offered.
 * Read-only; four GETs (more when a list has more than one page).
 * @see https://docs.sentry.io/api/integrations/list-an-organizations-available-integrations/
 */
export const lookupSentryOrganizationOverHttp: SentryOrganizationLookup = async (stack, sentry) => {
  try {
    const [pagerduty, opsgenie, slack, datadog] = await Promise.all([
      installed(sentry, "pagerduty"),
      installed(sentry, "opsgenie"),
      installed(sentry, "slack"),
      datadogProviderAvailable(sentry),
    ]);
    const facts: SentryOrganizationFacts = { pagerduty, opsgenie, slack, datadogProviderAvailable: datadog };
    return facts;
  } catch (error) {
    throw asConfigError(stack, sentry, error);
  }
};
