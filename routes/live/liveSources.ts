import { rehearsalCredentialEnv } from "../../rehearsal/rehearsalCredentials";
import type { PagerDutyApi } from "../../vendors/pagerduty/pagerdutyApi";
import { mockBaseUrl, mockCredentials } from "../../verify/inputs/mockDefaults";
import type { ProbeMode } from "../../verify/mode";
import type { Integration } from "../../verify/integrations";
import type { Inventory } from "../inventory";
import type { StackFacts } from "../stackFacts";
import type { DatadogTarget } from "./readDatadog";
import type { OpsgenieTarget, SplunkTarget } from "./readOpsgenieSplunk";
import type { SentryTarget } from "./readSentry";

/** What to read, per vendor: one entry per distinct account. */
export interface LiveSources {
  pagerduty: PagerDutyApi[];
  datadog: DatadogTarget[];
  sentry: SentryTarget[];
  opsgenie: OpsgenieTarget[];
  splunk: SplunkTarget[];
}

/** A vendor the map could not read, and why (a missing credential, a refusal). */
export interface Unread {
  vendor: string;
  reason: string;
}

type Env = Readonly<Record<string, string | undefined>>;

const distinct = <T>(items: T[]): T[] => [...new Map(items.map((i) => [JSON.stringify(i), i])).values()];
const first = (env: Env, ...names: string[]): string | undefined => names.map((n) => env[n]?.trim()).find((v) => v);

/**
 * Where the live map reads each vendor, like verify: in mock mode the mock endpoints (their
 * default ports, or `OPERATOR_WIRING_MOCK_<NAME>_URL`) with fake credentials, so no real key
 * ever reaches a mock; in real mode the stacks' own endpoints with the credentials from the
 * environment. A real vendor without its credential is left unread, naming the variable.
 */
export function liveSources(stacks: readonly { facts: StackFacts; inventory: Inventory }[], modes: Record<Integration, ProbeMode>, env: Env): { sources: LiveSources; unread: Unread[] } {
  const unread: Unread[] = [];
  const real = (vendor: Integration, variables: string[], value: string | undefined): value is string => {
    if (value) return true;
    unread.push({ vendor, reason: `set ${variables.join(" or ")} to read ${vendor} (OPERATOR_WIRING_MODE makes it real)` });
    return false;
  };
  const slackAccounts = [...new Set(stacks.flatMap((s) => s.inventory.datadog.slackChannels.map((c) => c.account)))];
  const sources: LiveSources = { pagerduty: [], datadog: [], sentry: [], opsgenie: [], splunk: [] };
  for (const { facts } of stacks) {
    const { endpoints } = facts;
    if (modes.pagerduty === "mock") sources.pagerduty.push({ url: mockBaseUrl("pagerduty", env), token: mockCredentials.pagerdutyApiToken });
    else {
      const token = first(env, "PAGERDUTY_API_TOKEN", "PAGERDUTY_TOKEN");
      if (real("pagerduty", ["PAGERDUTY_API_TOKEN", "PAGERDUTY_TOKEN"], token)) sources.pagerduty.push({ url: endpoints.pagerduty, token });
    }
    if (modes.datadog === "mock") sources.datadog.push({ apiUrl: mockBaseUrl("datadog", env), apiKey: mockCredentials.datadogApiKey, appKey: mockCredentials.datadogAppKey, slackAccounts });
    else {
      const apiKey = first(env, "DD_API_KEY", "DATADOG_API_KEY");
      const appKey = first(env, "DD_APP_KEY", "DATADOG_APP_KEY");
      if (real("datadog", ["DD_API_KEY", "DATADOG_API_KEY"], apiKey) && real("datadog", ["DD_APP_KEY", "DATADOG_APP_KEY"], appKey)) {
        sources.datadog.push({ apiUrl: endpoints.datadog, apiKey, appKey, slackAccounts });
      }
    }
    if (facts.sentry) {
      if (modes.sentry === "mock") sources.sentry.push({ apiUrl: `${mockBaseUrl("sentry", env)}/api/0`, token: rehearsalCredentialEnv.SENTRY_AUTH_TOKEN, organization: facts.sentry.organization });
      else {
        const token = first(env, "SENTRY_AUTH_TOKEN");
        if (real("sentry", ["SENTRY_AUTH_TOKEN"], token)) sources.sentry.push({ apiUrl: facts.sentry.apiUrl, token, organization: facts.sentry.organization });
      }
    }
    if (endpoints.opsgenie) {
      if (modes.opsgenie === "mock") sources.opsgenie.push({ apiUrl: mockBaseUrl("opsgenie", env), key: rehearsalCredentialEnv.OPSGENIE_ACCOUNT_API_KEY });
      else {
        const key = first(env, "OPSGENIE_ACCOUNT_API_KEY");
        if (real("opsgenie", ["OPSGENIE_ACCOUNT_API_KEY"], key)) sources.opsgenie.push({ apiUrl: endpoints.opsgenie, key });
      }
    }
    if (endpoints.splunkManagement) {
      if (modes.splunk === "mock") {
        const auth = { header: `Bearer ${rehearsalCredentialEnv.SPLUNK_MGMT_TOKEN}`, source: "the mock's fake token" };
        sources.splunk.push({ managementUrl: mockBaseUrl("splunk", env), insecureTls: false, auth });
      } else {
        const token = first(env, "SPLUNK_MGMT_TOKEN");
        if (real("splunk", ["SPLUNK_MGMT_TOKEN"], token)) {
          sources.splunk.push({ managementUrl: endpoints.splunkManagement, insecureTls: endpoints.splunkInsecureTls ?? false, auth: { header: `Bearer ${token}`, source: "SPLUNK_MGMT_TOKEN" } });
        }
      }
    }
  }
  return {
    sources: { pagerduty: distinct(sources.pagerduty), datadog: distinct(sources.datadog), sentry: distinct(sources.sentry), opsgenie: distinct(sources.opsgenie), splunk: distinct(sources.splunk) },
    unread: distinct(unread),
  };
}
