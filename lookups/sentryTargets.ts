import { projectName } from "../config/projectKeys";
import { StackConfigError } from "../config/stackConfigError";
import type { SentrySettings, ServiceSettings } from "../config/stackSettings";
import type { SentryIntegrationRef, SentryOrganizationFacts } from "./sentryOrganization";

/** Which installed integrations one service's Sentry alerting acts through. */
export interface ServiceSentryTargets {
  pagerduty: SentryIntegrationRef;
  /** Set when the service routes to Opsgenie and the organization has one Opsgenie integration. */
  opsgenie?: SentryIntegrationRef;
  /** One per Slack route that has a matching Slack integration in Sentry. */
  slack: { integration: SentryIntegrationRef; channel: string; channelId?: string }[];
}

export interface SentryTargets {
  /** Per service slug; services without a Sentry project are absent. */
  services: Map<string, ServiceSentryTargets>;
  /** What the stack should tell the operator at preview (pulumi.log.warn). */
  notices: string[];
}

/** sentry.io or one of its region hosts: where the legacy rules API browns out. */
function isSentrySaas(apiUrl: string): boolean {
  const host = new URL(apiUrl).hostname;
  return host === "sentry.io" || host.endsWith(".sentry.io");
}

const install = (org: string, what: string) => `Sentry → Settings → Integrations → ${what} → Install (an OAuth flow in the browser, by an owner or manager of "${org}")`;

/** The PagerDuty integration to page through: the only one, or the one named in config. */
function pickPagerDuty(stack: string, sentry: SentrySettings, installed: SentryIntegrationRef[]): SentryIntegrationRef {
  const org = sentry.organization;
  if (installed.length === 0) {
    throw new StackConfigError(stack, [
      {
        key: `${projectName}:sentryOrganization`,
        problem: `Sentry organization "${org}" has no PagerDuty integration installed, and Sentry alerts page PagerDuty through it.`,
        hint: `install it: ${install(org, "PagerDuty")}; the stack cannot, as that is an OAuth flow. Then run pulumi preview again.`,
      },
    ]);
  }
  const names = installed.map((i) => `"${i.name}"`).join(", ");
  if (sentry.pagerdutyIntegrationName !== undefined) {
    const named = installed.find((i) => i.name === sentry.pagerdutyIntegrationName);
    if (named) return named;
    throw new StackConfigError(stack, [
      { key: `${projectName}:sentryPagerdutyIntegration`, problem: `is "${sentry.pagerdutyIntegrationName}", but organization "${org}" has only ${names}.`, hint: "use one of those names exactly." },
    ]);
  }
  if (installed.length > 1) {
    throw new StackConfigError(stack, [
      { key: `${projectName}:sentryPagerdutyIntegration`, problem: `is not set, and organization "${org}" has ${installed.length} PagerDuty integrations (${names}).`, hint: `pick one: pulumi config set ${projectName}:sentryPagerdutyIntegration <name> -s ${stack}.` },
    ]);
  }
  return installed[0];
}

/** A Slack route's integration: the only one, else the one whose workspace name is the route's account. */
function slackFor(installed: SentryIntegrationRef[], account: string): SentryIntegrationRef | undefined {
  if (installed.length === 1) return installed[0];
  return installed.find((i) => i.name.toLowerCase() === account.toLowerCase());
}

/**
 * Decides, from what the organization has installed, which integrations each service's Sentry
 * alerting uses. A missing PagerDuty integration is an error (P5: the page is the point); a
 * missing Opsgenie or Slack integration, or Datadog's absence (P6), is a notice, never silence.
 */
export function resolveSentryTargets(
  stack: string,
  sentry: SentrySettings,
  services: readonly ServiceSettings[],
  facts: SentryOrganizationFacts,
  datadogIntakeUrl: string,
): SentryTargets {
  const org = sentry.organization;
  const notices: string[] = [];
  const wired = services.filter((s) => s.sentry !== undefined);
  const targets = new Map<string, ServiceSentryTargets>();

  if (wired.length > 0) {
    const pagerduty = pickPagerDuty(stack, sentry, facts.pagerduty);
    for (const service of wired) {
      let opsgenie: SentryIntegrationRef | undefined;
      if (service.opsgenie) {
        if (facts.opsgenie.length === 1) opsgenie = facts.opsgenie[0];
        else if (facts.opsgenie.length === 0) {
          notices.push(`Sentry organization "${org}" has no Opsgenie integration, so Sentry issues of "${service.name}" reach Opsgenie only through PagerDuty; to page the team directly, ${install(org, "Opsgenie")}.`);
        } else {
          notices.push(`Sentry organization "${org}" has ${facts.opsgenie.length} Opsgenie integrations; the stack cannot tell which one holds team "${service.opsgenie.team}", so "${service.name}" gets no Sentry Opsgenie action.`);
        }
      }
      const slack: ServiceSentryTargets["slack"] = [];
      for (const route of service.slackRoutes) {
        const integration = slackFor(facts.slack, route.account);
        if (integration) slack.push({ integration, channel: route.channel, channelId: route.channelId });
        else if (facts.slack.length === 0) {
          notices.push(`Sentry organization "${org}" has no Slack integration, so Sentry does not post "${service.name}" issues to ${route.channel}; ${install(org, "Slack")}.`);
        } else {
          notices.push(`No Sentry Slack integration of organization "${org}" is named "${route.account}" (installed: ${facts.slack.map((i) => `"${i.name}"`).join(", ")}), so Sentry does not post "${service.name}" issues to ${route.channel}.`);
        }
      }
      targets.set(service.slug, { pagerduty, opsgenie, slack });
    }
  }

  if (sentry.alerting === "rules" && isSentrySaas(sentry.apiUrl)) {
    notices.push(
      `sentryAlerting is "rules" against ${new URL(sentry.apiUrl).hostname}: Sentry deprecated the project rules API on 2026-05-14 and answers 410 during scheduled brown-outs until it is removed; use "workflows" (rules are for self-hosted Sentry without workflows).`,
    );
  }
  if (sentry.alerting === "rules") {
    for (const service of wired.filter((s) => s.sentry?.environment !== undefined)) {
      notices.push(`"${service.name}" filters Sentry alerts on environment "${service.sentry?.environment}": the rules API refuses an environment that has not seen an event yet; run verify against it first.`);
    }
  }
  // Sentry's `datadog` provider ("Datadog (Seer)", feature-flagged) only lets Seer read Datadog
  // telemetry; it sends no issue to Datadog (getsentry/sentry src/sentry/integrations/datadog/
  // integration.py: features MONITORING only). Whether Sentry offers it changes nothing about the
  // route: issues reach Datadog through the Webhooks plugin or not at all.
  const intake = datadogIntakeUrl;
  const native = facts.datadogProviderAvailable
    ? `Sentry's Datadog integration offered to organization "${org}" only lets Sentry's Seer read Datadog telemetry and sends no Sentry issue to Datadog`
    : `Sentry has no native Datadog integration for organization "${org}"`;
  if (sentry.datadogForwarding) {
    notices.push(`${native}; forwarding through Datadog's documented alternative instead: each Sentry project's Webhooks plugin posts new issues to ${intake}.`);
  } else {
    notices.push(`${native}, so Sentry issues do not reach Datadog; set ${projectName}:sentryDatadogForwarding to true to forward them through each project's Webhooks plugin to ${intake}.`);
  }
  return { services: targets, notices };
}
