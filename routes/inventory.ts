/**
 * What the vendors hold that decides who pages whom, in one shape whoever read it: the offline
 * plan (what a `pulumi up` of the stack would leave: offlineInventory.ts) or the vendors' APIs
 * (live/readInventory.ts). One graph builder (routingGraph.ts) turns either into the map, so the
 * two maps compare object for object.
 *
 * Ids and keys are whatever the source has: the vendor's, or the plan's labelled placeholders,
 * which agree with each other inside one plan. `owned` is set by the offline plan only (what the
 * stack creates, against what it looks up or adopts); a live read leaves it unset.
 */

export interface PagerDutyIntegration {
  id: string;
  type: string;
  name: string;
  /** The routing key, where it can be read (PagerDuty shows it with `include[]=integrations`). */
  key?: string;
  /** When it was made; unknown before a deploy. */
  createdAt?: string;
}

export interface PagerDutyServiceRecord {
  id: string;
  name: string;
  status: string;
  escalationPolicyId: string;
  integrations: PagerDutyIntegration[];
  owned?: boolean;
}

export interface EscalationPolicyRecord {
  id: string;
  name: string;
  /** How many targets its rules name in all; undefined when not known (a policy looked up at deploy). */
  targets?: number;
  owned?: boolean;
}

export interface MonitorRecord {
  id: string;
  name: string;
  message: string;
  tags: string[];
  draft: boolean;
  createdAt?: string;
  owned?: boolean;
}

export interface SentryRowRecord {
  /** Sentry's row id (digits, or `<integration>-<team>` in the Opsgenie table). */
  id: string;
  /** The row's label: the PagerDuty service name, or the Opsgenie team row's label. */
  label: string;
  key: string;
  owned?: boolean;
}

export interface SentryActionRecord {
  type: "pagerduty" | "opsgenie" | "slack";
  /** The row id a PagerDuty or Opsgenie action targets, or the Slack channel name (without `#`). */
  target: string;
  /** The installed integration the action goes through (for Slack: which workspace). */
  integrationId: string;
}

export interface SentryAlertRecord {
  id: string;
  name: string;
  /** `workflows` (the current API) or `rules` (the legacy project rules, deprecated since 2026-05-14). */
  api: "workflows" | "rules";
  enabled: boolean;
  /** The Sentry environment it filters on; null for every environment. */
  environment: string | null;
  projects: string[];
  actions: SentryActionRecord[];
  owned?: boolean;
}

export interface Inventory {
  pagerduty: { services: PagerDutyServiceRecord[]; escalationPolicies: EscalationPolicyRecord[] };
  datadog: {
    /** PagerDuty service objects by service name (their keys are write-only). */
    pagerdutyServiceObjects: { name: string; owned?: boolean }[];
    opsgenieServiceObjects: { name: string; owned?: boolean }[];
    slackChannels: { account: string; channel: string; owned?: boolean }[];
    monitors: MonitorRecord[];
  };
  sentry: {
    organization?: string;
    /** The Slack workspace each Slack integration id stands for (its name in Sentry). */
    slackWorkspaces: Record<string, string>;
    pagerdutyRows: SentryRowRecord[];
    opsgenieRows: SentryRowRecord[];
    alerts: SentryAlertRecord[];
  };
  opsgenie: {
    teams: { id: string; name: string; owned?: boolean }[];
    /** API integrations by name and owner team (their keys are not shown after create). */
    integrations: { name: string; team: string | null; owned?: boolean }[];
  };
  splunk: { tokens: { name: string; index: string; owned?: boolean }[] };
}

export function emptyInventory(): Inventory {
  return {
    pagerduty: { services: [], escalationPolicies: [] },
    datadog: { pagerdutyServiceObjects: [], opsgenieServiceObjects: [], slackChannels: [], monitors: [] },
    sentry: { slackWorkspaces: {}, pagerdutyRows: [], opsgenieRows: [], alerts: [] },
    opsgenie: { teams: [], integrations: [] },
    splunk: { tokens: [] },
  };
}
