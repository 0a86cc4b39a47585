import { datadogSites, isDatadogSite, opsgenieHosts, pagerdutyApiUrl } from "../../config/regions";
import type { Integration } from "../integrations";
import type { EnvValues } from "./envSources";
import type { SplunkSearch } from "../probes/splunk/countRunEvents";
import { type InputProblem, type InputsByIntegration, required } from "./integrationInputs";

type Readers = { [N in Integration]: (env: EnvValues, problems: InputProblem[]) => InputsByIntegration[N] | undefined };

/** A region variable as given, trimmed and lowercase: "us" when unset. */
export const regionValue = (env: EnvValues, variable: string): string => (env[variable] ?? "us").trim().toLowerCase();

/** The REST API bases: the `*_API_URL` variable when set, else the region's (Datadog: the site's) host. */
export const pagerdutyApiBase = (env: EnvValues, where: "us" | "eu"): string => env.PAGERDUTY_API_URL?.trim() || pagerdutyApiUrl(where);
export const opsgenieApiBase = (env: EnvValues, where: "us" | "eu"): string => env.OPSGENIE_API_URL?.trim() || opsgenieHosts[where];
export const datadogApiBase = (env: EnvValues, site: string): string => env.DD_API_URL?.trim() || `https://api.${site}`;

function region(env: EnvValues, variable: string, problems: InputProblem[]): "us" | "eu" | undefined {
  const value = regionValue(env, variable);
  if (value === "us" || value === "eu") return value;
  problems.push({ variable, problem: `is "${env[variable]}", not "us" or "eu".`, hint: "use the region of the account's URL (eu for *.eu.* hosts)." });
  return undefined;
}

/**
 * Splunk's search, optional: SPLUNK_SEARCH_URL (the management port) and SPLUNK_SEARCH_TOKEN, both
 * or neither (reconcile reads the same two). Undefined when neither is set; null after a problem.
 */
function splunkSearch(env: EnvValues, problems: InputProblem[]): SplunkSearch | undefined | null {
  const url = env.SPLUNK_SEARCH_URL?.trim();
  const token = env.SPLUNK_SEARCH_TOKEN?.trim();
  if (!url && !token) return undefined;
  if (!url || !token) {
    const [missing, set] = url ? ["SPLUNK_SEARCH_TOKEN", "SPLUNK_SEARCH_URL"] : ["SPLUNK_SEARCH_URL", "SPLUNK_SEARCH_TOKEN"];
    problems.push({ variable: missing, problem: `is not set, but ${set} is: verify searches Splunk with both or neither.`, hint: "set SPLUNK_SEARCH_URL to the management port (https://<host>:8089) and SPLUNK_SEARCH_TOKEN to a token allowed to search the HEC index, or unset both." });
    return null;
  }
  const parsed = URL.canParse(url) ? new URL(url) : undefined;
  if (parsed?.protocol !== "https:" && parsed?.protocol !== "http:") {
    problems.push({ variable: "SPLUNK_SEARCH_URL", problem: "is not a URL.", hint: "use the management port, https://<host>:8089 (not the HEC port)." });
    return null;
  }
  return { url: parsed.origin, token };
}

/** Real-mode inputs from the checklist's variables (integrations.md, "Environment variables"). */
export const realInputs: Readers = {
  slack(env, problems) {
    const value = required(env, "SLACK_WEBHOOK_URL", "In Slack: App Directory → Incoming Webhooks → Add to channel, copy the URL.", problems);
    if (!value) return undefined;
    // One webhook per channel: several are separated by spaces or commas.
    const urls = value.split(/[\s,]+/).filter((url) => url !== "");
    const bad = urls.map((url, i) => ({ url, i })).filter(({ url }) => !/^https:\/\/hooks\.slack\.com\/services\/T[A-Z0-9]+\/B[A-Z0-9]+\/[A-Za-z0-9]+$/.test(url));
    if (bad.length > 0) {
      const which = urls.length === 1 ? "" : ` (webhook ${bad.map(({ i }) => i + 1).join(", ")} of ${urls.length})`;
      problems.push({ variable: "SLACK_WEBHOOK_URL", problem: `is not a Slack incoming-webhook URL${which}.`, hint: "it looks like https://hooks.slack.com/services/T…/B…/…; copy it again from the Slack app (several: separate them with spaces or commas)." });
      return undefined;
    }
    return { webhookUrls: urls };
  },
  sentry(env, problems) {
    const dsn = required(env, "SENTRY_DSN", "In Sentry: Project → Settings → Client Keys (DSN).", problems);
    if (!dsn) return undefined;
    if (!/^https:\/\/[0-9a-f]{32}@[^/]+\/\d+$/.test(dsn)) {
      problems.push({ variable: "SENTRY_DSN", problem: "is not a Sentry DSN.", hint: "it looks like https://<32 hex>@o<org>.ingest.us.sentry.io/<project id> (EU: ingest.de.sentry.io)." });
      return undefined;
    }
    const token = env.SENTRY_AUTH_TOKEN?.trim();
    const org = env.SENTRY_ORG?.trim();
    const url = (env.SENTRY_URL?.trim() || "https://sentry.io").replace(/\/$/, "");
    return { dsn, environment: env.SENTRY_ENVIRONMENT?.trim() || "verify", api: token && org ? { url: `${url}/api/0`, token, org } : undefined };
  },
  pagerduty(env, problems) {
    const key = required(env, "PAGERDUTY_ROUTING_KEY", "In PagerDuty: Service → Integrations → Events API v2, the Integration Key (or --stack to read it from the stack).", problems);
    const where = region(env, "PAGERDUTY_REGION", problems);
    if (!key || !where) return undefined;
    if (!/^[A-Za-z0-9]{32}$/.test(key)) {
      problems.push({ variable: "PAGERDUTY_ROUTING_KEY", problem: "is not 32 letters and digits.", hint: "use the Events API v2 Integration Key, not the REST API token." });
      return undefined;
    }
    const token = env.PAGERDUTY_API_TOKEN?.trim();
    const eu = where === "eu" ? ".eu" : "";
    return {
      eventsUrl: env.PAGERDUTY_EVENTS_URL?.trim() || `https://events${eu}.pagerduty.com`,
      routingKey: key,
      api: token ? { url: pagerdutyApiBase(env, where), token } : undefined,
    };
  },
  opsgenie(env, problems) {
    const key = required(env, "OPSGENIE_API_KEY", "In Opsgenie: Teams → <team> → Integrations → API, the API Key.", problems);
    const where = region(env, "OPSGENIE_REGION", problems);
    if (!key || !where) return undefined;
    return { apiUrl: opsgenieApiBase(env, where), apiKey: key, team: env.OPSGENIE_TEAM?.trim() || undefined };
  },
  datadog(env, problems) {
    const apiKey = required(env, "DD_API_KEY", "In Datadog: Organization Settings → API Keys.", problems);
    const site = (env.DD_SITE ?? "datadoghq.com").trim();
    if (!isDatadogSite(site)) {
      problems.push({ variable: "DD_SITE", problem: `is "${site}", not a Datadog site.`, hint: `read it from your Datadog URL: one of ${datadogSites.join(", ")}.` });
      return undefined;
    }
    if (!apiKey) return undefined;
    return { apiUrl: datadogApiBase(env, site), site, apiKey, appKey: env.DD_APP_KEY?.trim() || undefined };
  },
  splunk(env, problems) {
    const url = required(env, "SPLUNK_HEC_URL", "Ask the Splunk admins for the HEC URL (often https://<host>:8088).", problems);
    const token = required(env, "SPLUNK_HEC_TOKEN", "In Splunk: Settings → Data Inputs → HTTP Event Collector → New Token.", problems);
    if (!url || !token) return undefined;
    let base: URL;
    try {
      base = new URL(url);
    } catch {
      problems.push({ variable: "SPLUNK_HEC_URL", problem: "is not a URL.", hint: "use https://<host>:8088 (a /services/collector suffix is fine)." });
      return undefined;
    }
    const insecure = ["1", "true", "yes"].includes((env.SPLUNK_HEC_INSECURE ?? "").toLowerCase());
    const search = splunkSearch(env, problems);
    if (search === null) return undefined;
    return { hecUrl: `${base.origin}`, token, index: env.SPLUNK_HEC_INDEX?.trim() || undefined, insecure, ...(search ? { search } : {}) };
  },
};
