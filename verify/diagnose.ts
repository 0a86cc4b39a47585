import { DeadlineExceeded, HttpStatusError, Interrupted, NetworkError, NotTheVendor } from "./http/httpErrors";
import { type Integration, integrationTitles } from "./integrations";
import type { ProbeMode } from "./mode";
import { ProbeFailure } from "./probe";
import { slackDiagnosis } from "./slackErrors";

/** Splunk HEC's `{"text","code"}` code from a body, if it is one. */
function hecCode(body: string): number | undefined {
  try {
    const code = (JSON.parse(body) as { code?: unknown }).code;
    return typeof code === "number" ? code : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Opsgenie's 403: code 40301 is an account key where an API integration's key is needed; any
 * other 403 is a valid key whose integration lacks the access this request needs (Read Access,
 * e.g. for request status, or Create and Update Access).
 * @see https://docs.opsgenie.com/docs/response
 */
function opsgenieForbidden(error: HttpStatusError): string {
  let body: { code?: unknown; message?: unknown } = {};
  try {
    body = JSON.parse(error.body) as typeof body;
  } catch {
    // Not JSON: no code to read.
  }
  if (body.code === 40301) return "Opsgenie refused the key for alerts: use a team API-integration key, not an account key.";
  const said = typeof body.message === "string" ? ` ("${body.message}")` : "";
  return `Opsgenie refused "${error.label}" for the key's permissions (403${said}): the key is valid, but its API integration lacks the access this request needs. In Opsgenie, give the integration Read Access (request status, alert reads) and Create and Update Access (create, close).`;
}

/** The operator checklist's §4 table, in words, for a vendor's HTTP status. */
function vendorDiagnosis(integration: Integration, error: HttpStatusError): string | undefined {
  const { status, body } = error;
  switch (integration) {
    case "datadog":
      if (status === 403) return "Datadog answered 403: the key belongs to another Datadog site, or is wrong or revoked. Check DD_SITE against your dashboard's URL (US1 is datadoghq.com, other sites have a region prefix), then the key.";
      break;
    case "sentry":
      // The DSN names its own ingest host (o<org>.ingest.us / .de.sentry.io), so a refusal is never a region setting.
      if (status === 401 || status === 403) return `Sentry's ingest refused the DSN key (${status}): the key was revoked or disabled, its project was deleted, or SENTRY_DSN is mistyped. The DSN carries its own ingest host, so this is not a region mismatch: copy the DSN again from Project → Settings → Client Keys (DSN).`;
      break;
    case "opsgenie":
      if (status === 422) return "Opsgenie answered 422: team not found. Check OPSGENIE_TEAM verbatim and that OPSGENIE_REGION matches the team's region.";
      if (status === 401) return "Opsgenie could not authenticate the key: a key of the other region (EU key on the US host or the reverse) or a revoked key. Check OPSGENIE_REGION.";
      if (status === 403) return opsgenieForbidden(error);
      break;
    case "slack":
      return slackDiagnosis(status, body);
    case "splunk": {
      const code = hecCode(body);
      if (code === 1) return "Splunk HEC: token disabled. Re-enable the token, and confirm its allowed indexes include the target index.";
      if (code === 4) return "Splunk HEC: invalid token. Check SPLUNK_HEC_TOKEN.";
      if (code === 7) return "Splunk HEC: incorrect index. Set SPLUNK_HEC_INDEX to an index the token may write to.";
      if (code === 2 || code === 3) return "Splunk HEC: the token is missing or not sent as `Authorization: Splunk <token>`. Check SPLUNK_HEC_TOKEN.";
      if (code === 9) return "Splunk HEC: server busy (HEC throttling). Back off and retry; if it persists, ask the Splunk admins about HEC capacity.";
      if (code === 10) return "Splunk HEC: the token has indexer acknowledgment on and needs a data channel, which verify sends (X-Splunk-Request-Channel): a proxy in front of HEC may strip that header.";
      if (code === 18) return "Splunk HEC: HEC unhealthy, queues full (503 code 18). Ask the Splunk admins; events are being refused.";
      break;
    }
    case "pagerduty":
      if (status === 400) return "PagerDuty refused the event as invalid: check that PAGERDUTY_ROUTING_KEY is an Events API v2 integration key.";
      if (status === 401) return "PagerDuty refused the REST API token: check PAGERDUTY_API_TOKEN.";
      break;
  }
  return undefined;
}

/** Why a probe failed, in the words an operator acts on. */
export function diagnose(integration: Integration, mode: ProbeMode, error: unknown): string | undefined {
  if (error instanceof ProbeFailure) return error.diagnosis;
  if (error instanceof Interrupted) return "Interrupted (Ctrl-C); clean-up was attempted.";
  if (error instanceof NotTheVendor) {
    return `Something other than ${integrationTitles[integration]} answered (${error.answer}): a proxy, captive portal or wrong host. verify follows no redirect and judges no credential on such an answer; check the URL it was given and the network path.`;
  }
  if (error instanceof DeadlineExceeded) {
    return "No answer within the deadline: network loss, a firewall or proxy holding the connection, or a hung endpoint. Retry once the network is back.";
  }
  if (error instanceof NetworkError) {
    if (error.code === "ENOTFOUND" || error.code === "EAI_AGAIN") {
      return "DNS could not resolve the SaaS host: corporate DNS may block it. Ask InfoSec for an allowlist; meanwhile verify against the mock endpoints and note the block.";
    }
    if (error.code === "ECONNREFUSED" && mode === "mock") return "Nothing listens on the mock's port: start the mock endpoints (npm run mocks) first.";
    return `The connection failed (${error.code}): check the network, proxy and firewall between here and the vendor.`;
  }
  if (error instanceof HttpStatusError) {
    if (error.status === 429) return "Rate limited (a first-write throttle on cold accounts, or a burst): back off, wait 60 s and retry once; if it persists, open a ticket with the vendor.";
    const specific = vendorDiagnosis(integration, error);
    if (specific) return specific;
    if (error.status >= 500) return `The vendor answered ${error.status}: a server-side problem. Check its status page and retry later.`;
  }
  return undefined;
}
