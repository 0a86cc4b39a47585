/**
 * Vendor regions, in the vendors' own spelling. A stack names its Datadog site and
 * PagerDuty region once; every provider, URL and residency check derives from here.
 */

/**
 * Datadog sites (the host of the Datadog web UI without `app.`).
 * @see https://docs.datadoghq.com/getting_started/site/
 */
export const datadogSites = [
  "datadoghq.com",
  "us3.datadoghq.com",
  "us5.datadoghq.com",
  "datadoghq.eu",
  "ap1.datadoghq.com",
  "ap2.datadoghq.com",
  "ddog-gov.com",
] as const;
export type DatadogSite = (typeof datadogSites)[number];

/** PagerDuty service regions: the EU region has its own API and Events hosts. */
export const pagerdutyRegions = ["us", "eu"] as const;
export type PagerDutyRegion = (typeof pagerdutyRegions)[number];

/** Where a vendor keeps the data: what data-residency checks compare. */
export type Residency = "eu" | "us" | "ap" | "gov";

export function isDatadogSite(value: string): value is DatadogSite {
  return (datadogSites as readonly string[]).includes(value);
}

/** The Datadog provider's `apiUrl` for a site (`https://api.<site>/`). */
export function datadogApiUrl(site: DatadogSite): string {
  return `https://api.${site}/`;
}

export function datadogResidency(site: DatadogSite): Residency {
  if (site === "datadoghq.eu") return "eu";
  if (site.startsWith("ap")) return "ap";
  if (site === "ddog-gov.com") return "gov";
  return "us";
}

/** Opsgenie's two API hosts; an account lives on exactly one. */
export const opsgenieHosts = { us: "https://api.opsgenie.com", eu: "https://api.eu.opsgenie.com" } as const;

/** PagerDuty REST API base URL for a region. */
export function pagerdutyApiUrl(region: PagerDutyRegion): string {
  return region === "eu" ? "https://api.eu.pagerduty.com" : "https://api.pagerduty.com";
}

/**
 * Datadog's Sentry intake for a site (the Webhooks-plugin route, P6), on the Datadog web app's
 * host: `app.<site>` on the original sites, the site itself on those named by a region prefix
 * (us3, us5, ap1, ap2). The API key goes in its `api_key` query parameter.
 * @see https://docs.datadoghq.com/integrations/sentry/
 */
export function datadogSentryIntakeUrl(site: DatadogSite): string {
  const host = /^(us|ap)\d\./.test(site) ? site : `app.${site}`;
  return `https://${host}/intake/webhook/sentry`;
}
