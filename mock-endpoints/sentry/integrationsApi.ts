import { empty, json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { isObject, orgEndpoint, readJson } from "./apiContext";
import { apiError } from "./errors";
import { paginated } from "./pagination";
import { providerCatalogue } from "./providerCatalogue";
import { updateServiceTable, updateTeamTable } from "./serviceTable";
import type { Integration, IntegrationProvider, Organisation, SentryState } from "./state";

/** What an installation shows besides the catalogue: its domain and its table (domains: unconfirmed details). */
const installations: Record<IntegrationProvider, { domain: string; table?: { name: string; label: string; columns: Record<string, string> } }> = {
  pagerduty: {
    domain: "pagerduty.com",
    table: { name: "service_table", label: "PagerDuty services with the Sentry integration enabled", columns: { service: "Service", integration_key: "Integration Key" } },
  },
  opsgenie: {
    domain: "app.opsgenie.com",
    table: { name: "team_table", label: "Opsgenie integrations", columns: { team: "Label", integration_key: "Integration Key" } },
  },
  slack: { domain: "slack.com" },
};

/** `serialize_provider`: the catalogue entry with its features sorted and the metadata's aspects. */
function providerView(key: IntegrationProvider): Record<string, unknown> {
  const entry = providerCatalogue[key];
  return {
    key: entry.key,
    slug: entry.slug,
    name: entry.name,
    canAdd: entry.canAdd,
    canDisable: entry.canDisable,
    features: [...entry.features].sort(),
    aspects: structuredClone(entry.metadata.aspects),
  };
}

function configData(integration: Integration): Record<string, unknown> {
  if (integration.provider === "pagerduty") return { service_table: integration.serviceTable.map((row) => ({ ...row })) };
  if (integration.provider === "opsgenie") return { team_table: integration.teamTable.map((row) => ({ ...row })) };
  return {};
}

/**
 * An organisation integration as `OrganizationIntegrationSerializer` shapes it: ids as strings,
 * `provider {key, name, …}`, `configData` with the service / team table (left out with `includeConfig=0`).
 * @see https://docs.sentry.io/api/integrations/retrieve-an-integration-for-an-organization/
 */
export function integrationView(org: Organisation, integration: Integration, includeConfig = true): Record<string, unknown> {
  const installation = installations[integration.provider];
  const view: Record<string, unknown> = {
    id: integration.id,
    name: integration.name,
    icon: null,
    domainName: `${integration.externalId}.${installation.domain}`,
    accountType: null,
    scopes: null,
    status: "active",
    provider: providerView(integration.provider),
    externalId: integration.externalId,
    organizationId: Number(org.id),
    organizationIntegrationStatus: "active",
    gracePeriodEnd: null,
  };
  if (includeConfig) {
    const table = installation.table;
    view.configOrganization = table
      ? [{ name: table.name, type: "table", label: table.label, addButtonText: "", columnLabels: table.columns, columnKeys: Object.keys(table.columns) }]
      : [];
    view.configData = configData(integration);
  }
  return view;
}

/** `GET /organizations/{org}/integrations/?providerKey=…`: a provider nobody installed gives `[]`. */
function list(org: Organisation, request: MockRequest): MockReply {
  const providerKey = request.query.get("providerKey");
  const includeConfig = request.query.get("includeConfig") !== "0";
  const found = [...org.integrations.values()].filter((i) => providerKey === null || i.provider === providerKey);
  return paginated(request, found.map((i) => integrationView(org, i, includeConfig)));
}

function get(org: Organisation, request: MockRequest): MockReply {
  const integration = org.integrations.get(request.params.id);
  return integration ? json(200, integrationView(org, integration)) : apiError.notFound();
}

/** `POST /organizations/{org}/integrations/{id}/`: the provider's `update_organization_config`; 200 with an empty body. */
function update(state: SentryState, org: Organisation, request: MockRequest): MockReply | Promise<MockReply> {
  const integration = org.integrations.get(request.params.id);
  if (!integration) return apiError.notFound();
  const read = readJson(request);
  if (!read.ok) return read.reply;
  const body = isObject(read.body) ? read.body : {};
  if (integration.provider === "pagerduty") return updateServiceTable(state, integration, body);
  if (integration.provider === "opsgenie") return updateTeamTable(integration, body);
  // Other providers merge the body into their config; nothing the mock tracks.
  return empty(200);
}

export function integrationRoutes(state: SentryState): Route[] {
  const base = "/api/0/organizations/:org/integrations";
  return [
    { method: "GET", path: `${base}/`, handle: orgEndpoint(state, list) },
    { method: "GET", path: `${base}/:id/`, handle: orgEndpoint(state, get) },
    { method: "POST", path: `${base}/:id/`, handle: orgEndpoint(state, (org, request) => update(state, org, request)) },
  ];
}
