import type { IntegrationProvider } from "./state";

/** A feature as `IntegrationMetadata.asdict()` lists it: the gate is `integrations-<feature>`. */
export interface FeatureDescription {
  description: string;
  featureGate: string;
}

/** `IntegrationMetadata.asdict()`: the texts of Sentry's integration directory page. */
export interface ProviderMetadata {
  description: string;
  features: FeatureDescription[];
  author: string;
  noun: string;
  issue_url: string;
  source_url: string;
  aspects: Record<string, unknown>;
}

/** An integration provider Sentry offers, in `IntegrationProviderSerializer`'s fields. */
export interface CatalogueEntry {
  key: string;
  slug: string;
  name: string;
  metadata: ProviderMetadata;
  canAdd: boolean;
  canDisable: boolean;
  /** `[f.value for f in provider.features]`, a frozenset's order: here as Sentry's API docs show it. */
  features: string[];
}

const issueUrl = (title: string): string =>
  `https://github.com/getsentry/sentry/issues/new?assignees=&labels=Component:%20Integrations&template=bug.yml&title=${encodeURIComponent(title)}`;
const sourceUrl = (key: string): string => `https://github.com/getsentry/sentry/tree/master/src/sentry/integrations/${key}`;
const alertRuleNotice = (vendor: string, what: string) => ({
  alerts: [
    {
      type: "info",
      text: `The ${vendor} integration adds a new Alert Rule action to all projects. To enable automatic notifications sent to ${vendor} you must create a rule using the ${what} action in your project settings.`,
    },
  ],
});

/**
 * The providers the mock models, with the texts of Sentry's API docs example for
 * `GET /organizations/{org}/config/integrations/` (`IntegrationExamples.ORGANIZATION_CONFIG_INTEGRATIONS`).
 * sentry.io offers about thirty; these are the ones the stack acts through.
 * @see https://github.com/getsentry/sentry/blob/master/src/sentry/apidocs/examples/integration_examples.py
 */
export const providerCatalogue: Record<IntegrationProvider, CatalogueEntry> = {
  opsgenie: {
    key: "opsgenie",
    slug: "opsgenie",
    name: "Opsgenie",
    metadata: {
      description:
        "Trigger alerts in Opsgenie from Sentry.\n\nOpsgenie is a cloud-based service for dev and ops teams, providing reliable alerts, on-call schedule management, and escalations.\nOpsgenie integrates with monitoring tools and services to ensure that the right people are notified via email, SMS, phone, and iOS/Android push notifications.",
      features: [
        { description: "Manage incidents and outages by sending Sentry notifications to Opsgenie.", featureGate: "integrations-enterprise-incident-management" },
        { description: "Configure rule based Opsgenie alerts that automatically trigger and notify specific teams.", featureGate: "integrations-enterprise-alert-rule" },
      ],
      author: "The Sentry Team",
      noun: "Installation",
      issue_url: issueUrl("Integration Problem"),
      source_url: sourceUrl("opsgenie"),
      aspects: {},
    },
    canAdd: true,
    canDisable: false,
    features: ["incident-management", "alert-rule"],
  },
  pagerduty: {
    key: "pagerduty",
    slug: "pagerduty",
    name: "PagerDuty",
    metadata: {
      description: "Connect your Sentry organization with one or more PagerDuty accounts, and start getting\nincidents triggered from Sentry alerts.",
      features: [
        { description: "Manage incidents and outages by sending Sentry notifications to PagerDuty.", featureGate: "integrations-incident-management" },
        {
          description: "Configure rule based PagerDuty alerts to automatically be triggered in a specific\n        service - or in multiple services!",
          featureGate: "integrations-alert-rule",
        },
      ],
      author: "The Sentry Team",
      noun: "Installation",
      issue_url: issueUrl("PagerDuty Integration Problem"),
      source_url: sourceUrl("pagerduty"),
      aspects: alertRuleNotice("PagerDuty", "PagerDuty"),
    },
    canAdd: true,
    canDisable: false,
    features: ["incident-management", "alert-rule"],
  },
  slack: {
    key: "slack",
    slug: "slack",
    name: "Slack",
    metadata: {
      description: "Connect your Sentry organization to one or more Slack workspaces, and start\ngetting errors right in front of you where all the action happens in your\noffice!",
      features: [
        {
          description:
            "Unfurls Sentry URLs directly within Slack, providing you context and\n        actionability on issues right at your fingertips. Resolve, ignore, and assign issues with minimal context switching.",
          featureGate: "integrations-chat-unfurl",
        },
        {
          description:
            "Configure rule based Slack notifications to automatically be posted into a\n        specific channel. Want any error that's happening more than 100 times a\n        minute to be posted in `#critical-errors`? Setup a rule for it!",
          featureGate: "integrations-alert-rule",
        },
      ],
      author: "The Sentry Team",
      noun: "Workspace",
      issue_url: issueUrl("Slack Integration Problem"),
      source_url: sourceUrl("slack"),
      aspects: alertRuleNotice("Slack", "slack workspace"),
    },
    canAdd: true,
    canDisable: false,
    features: ["chat-unfurl", "alert-rule"],
  },
};

/**
 * A provider a test seeds into an organisation's catalogue (`availableProviders`), with
 * placeholder texts: named after its key, capitalised, with no features (the mock has no model
 * of it beyond being offered).
 */
export function seededProvider(key: string): CatalogueEntry {
  const name = key.charAt(0).toUpperCase() + key.slice(1);
  return {
    key,
    slug: key,
    name,
    metadata: {
      description: `${name} (a provider seeded into the mock's catalogue).`,
      features: [],
      author: "The Sentry Team",
      noun: "Installation",
      issue_url: issueUrl(`${name} Integration Problem`),
      source_url: sourceUrl(key),
      aspects: {},
    },
    canAdd: true,
    canDisable: false,
    features: [],
  };
}
