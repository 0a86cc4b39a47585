import type { HttpStatusError } from "../http/httpErrors";
import type { ResolvedInputs } from "../inputs/resolveInputs";
import { missingInputs, notInScope } from "./wiringCheck";

export interface DatadogApi {
  url: string;
  apiKey: string;
  appKey: string;
}

/** The management API (both keys), or the HOLD detail naming every missing credential and identifier. */
export function datadogApiOf(inputs: ResolvedInputs, identifiers: Record<string, string | undefined>): DatadogApi | { hold: string } {
  const datadog = inputs.datadog;
  if (!datadog) return { hold: notInScope("datadog") };
  const missing = Object.entries(identifiers).filter(([, value]) => !value).map(([variable]) => variable);
  const hold = missingInputs(datadog.appKey ? [] : ["DD_APP_KEY"], missing);
  if (hold || !datadog.appKey) return { hold: hold as string };
  return { url: datadog.apiUrl.replace(/\/+$/, ""), apiKey: datadog.apiKey, appKey: datadog.appKey };
}

export const notDatadog = "Something other than Datadog's API answered: check DD_SITE (and DD_API_URL if set).";

/**
 * A 403 with the short body `{"errors":["Forbidden"]}` comes from the API itself, after the API
 * key was accepted at the edge: the application key is the problem, not DD_SITE (whose edge 403
 * carries `"status":"error"`; diagnose() words that one).
 */
export function explainAppKey(error: HttpStatusError): string | undefined {
  if (error.status !== 403) return undefined;
  try {
    if ("status" in (JSON.parse(error.body) as object)) return undefined;
  } catch {
    return undefined;
  }
  return "Datadog accepted DD_API_KEY but refused DD_APP_KEY (403): the application key is revoked or lacks the read scope (monitors_read, integrations_read). Create one under Organization Settings → Application Keys.";
}
