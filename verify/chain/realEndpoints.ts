import { isDatadogSite } from "../../config/regions";
import type { EnvValues } from "../inputs/envSources";
import type { ChainEndpoints } from "./chainEndpoints";

/**
 * Real mode: the vendors, with the operator's tokens; a vendor without its token is simply absent
 * (its hops are HOLD, never guessed). Regions and sites come from the stack's outputs.
 */
export function realEndpoints(env: EnvValues, outputs: Record<string, any>): ChainEndpoints {
  const eu = outputs.pagerdutyRegion === "eu" ? ".eu" : "";
  const site = isDatadogSite(String(outputs.datadogSite)) ? String(outputs.datadogSite) : "datadoghq.com";
  const sentryToken = env.SENTRY_AUTH_TOKEN?.trim();
  // SENTRY_URL is Sentry's web root, as verify's other inputs take it; the stack keeps the API base.
  const sentryApi = env.SENTRY_URL?.trim() ? `${env.SENTRY_URL.trim().replace(/\/+$/, "")}/api/0` : (outputs.sentry?.apiUrl as string | undefined);
  const pdToken = env.PAGERDUTY_API_TOKEN?.trim();
  const ddKey = env.DD_API_KEY?.trim();
  const ddApp = env.DD_APP_KEY?.trim();
  return {
    mode: "real",
    ...(sentryToken && sentryApi ? { sentry: { apiUrl: sentryApi, token: sentryToken } } : {}),
    ...(pdToken
      ? { pagerduty: { apiUrl: env.PAGERDUTY_API_URL?.trim() || `https://api${eu}.pagerduty.com`, eventsUrl: env.PAGERDUTY_EVENTS_URL?.trim() || `https://events${eu}.pagerduty.com`, token: pdToken } }
      : {}),
    ...(outputs.opsgenieRegion ? { opsgenie: { apiUrl: env.OPSGENIE_API_URL?.trim() || (outputs.opsgenieRegion === "eu" ? "https://api.eu.opsgenie.com" : "https://api.opsgenie.com") } } : {}),
    slack: { apiUrl: env.SLACK_API_URL?.trim() || "https://slack.com/api", ...(env.SLACK_BOT_TOKEN?.trim() ? { token: env.SLACK_BOT_TOKEN.trim() } : {}) },
    ...(ddKey && ddApp ? { datadog: { apiUrl: env.DD_API_URL?.trim() || `https://api.${site}`, apiKey: ddKey, appKey: ddApp } } : {}),
  };
}
