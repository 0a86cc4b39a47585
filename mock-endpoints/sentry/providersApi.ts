import { json } from "../core/replies";
import type { MockReply, MockRequest, Route } from "../core/types";
import { orgEndpoint } from "./apiContext";
import { type CatalogueEntry, providerCatalogue, seededProvider } from "./providerCatalogue";
import type { Organisation, SentryState } from "./state";

/** The built-in catalogue plus what was seeded for the organisation. */
function catalogue(org: Organisation): CatalogueEntry[] {
  const builtIn = Object.values(providerCatalogue);
  const seeded = org.availableProviders.filter((key) => !builtIn.some((p) => p.key === key)).map(seededProvider);
  return [...builtIn, ...seeded];
}

/**
 * `GET /organizations/{org}/config/integrations/?providerKey=…` (`provider_key` is read first):
 * the integration providers Sentry offers the organisation, installed or not, as
 * `{"providers": [...]}` sorted by key. When none is left after the filter Sentry answers 404
 * `{"detail": "Providers do not exist"}`, not an empty list, so "no Datadog provider" is that 404.
 * Newer Sentry also reports `canAdd: false` for a provider that allows one installation and has
 * one; the mock keeps the catalogue's `canAdd` (which providers allow one only: unconfirmed).
 * Older serializers added a `setupDialog` object, which the current one no longer sends.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/integrations/api/endpoints/organization_config_integrations.py
 */
function list(org: Organisation, request: MockRequest): MockReply {
  const providerKey = request.query.get("provider_key") || request.query.get("providerKey");
  const found = catalogue(org)
    .filter((provider) => !providerKey || provider.key === providerKey)
    .sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
  if (found.length === 0) return json(404, { detail: "Providers do not exist" });
  return json(200, { providers: structuredClone(found) });
}

export function providerRoutes(state: SentryState): Route[] {
  return [{ method: "GET", path: "/api/0/organizations/:org/config/integrations/", handle: orgEndpoint(state, list) }];
}
