import { outcomeOf } from "./eventStorage";
import { processDueEvents } from "./postProcess";
import { integrationView } from "./integrationsApi";
import type { Organisation, SentryState } from "./state";
import { workflowView } from "./workflowStore";

function organisationSnapshot(org: Organisation): Record<string, unknown> {
  return {
    id: org.id,
    slug: org.slug,
    environments: [...org.environments],
    projects: [...org.projects.values()].map((p) => ({
      id: p.id,
      slug: p.slug,
      publicKeys: p.publicKeys,
      revokedKeys: p.revokedKeys,
      detectors: p.detectors.map((d) => ({ id: d.id, type: d.type })),
    })),
    integrations: [...org.integrations.values()].map((i) => {
      const view = integrationView(org, i);
      return { id: i.id, name: i.name, provider: i.provider, externalId: i.externalId, configData: view.configData };
    }),
    availableProviders: [...org.availableProviders],
    rules: [...org.rules.values()].map((rule) => ({ ...rule })),
    workflows: [...org.workflows.values()].map((w) => workflowView(org, w)),
  };
}

/**
 * The state as the control API shows it: `organizations` (as seeded and changed through the API)
 * and `events` by project id, each `{ received, events }` (events newest last).
 */
export function sentrySnapshot(state: SentryState): unknown {
  // Events due by time are processed (and alerted on) before the state is shown.
  processDueEvents(state);
  return {
    organizations: [...state.organisations.values()].map(organisationSnapshot),
    events: Object.fromEntries([...state.events].map(([projectId, bucket]) => [projectId, { received: bucket.received, events: bucket.events }])),
    processing: state.processing,
    ingested: [...state.ingested.values()].map((entry) => ({ projectId: entry.projectId, eventId: entry.eventId, outcome: outcomeOf(state, entry) })),
    issues: [...state.issues.values()],
  };
}
