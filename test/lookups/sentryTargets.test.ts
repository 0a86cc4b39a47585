import { describe, expect, it } from "vitest";
import { StackConfigError } from "../../config/stackConfigError";
import type { SentrySettings, ServiceSettings } from "../../config/stackSettings";
import { SecretValue } from "../../config/secretValue";
import type { SentryOrganizationFacts } from "../../lookups/sentryOrganization";
import { resolveSentryTargets } from "../../lookups/sentryTargets";

const settings = (fields: Partial<SentrySettings> = {}): SentrySettings => ({
  organization: "acme",
  apiUrl: "https://sentry.io/api/0",
  alerting: "workflows",
  token: new SecretValue("t", "$SENTRY_AUTH_TOKEN"),
  datadogForwarding: false,
  ...fields,
});

const service = (fields: Partial<ServiceSettings> = {}): ServiceSettings => ({
  slug: "checkout-api",
  name: "Checkout API",
  pagerdutyServiceName: "Checkout API prod",
  urgency: "high",
  escalationPolicy: { existing: { name: "Platform On-call" } },
  slackRoutes: [],
  sentry: { project: "checkout-api", priority: "default", frequencyMinutes: 30 },
  ...fields,
});

const pd = { id: "50", name: "acme-pd" };
const facts = (fields: Partial<SentryOrganizationFacts> = {}): SentryOrganizationFacts => ({ pagerduty: [pd], opsgenie: [], slack: [], datadogProviderAvailable: false, ...fields });
const noDatadog =
  'Sentry has no native Datadog integration for organization "acme", so Sentry issues do not reach Datadog; set operator-wiring:sentryDatadogForwarding to true to forward them through each project\'s Webhooks plugin to https://app.datadoghq.com/intake/webhook/sentry.';

function thrownBy(run: () => unknown): StackConfigError {
  try {
    run();
  } catch (error) {
    if (error instanceof StackConfigError) return error;
    throw error;
  }
  throw new Error("expected a StackConfigError");
}

describe("which Sentry integrations a service's alert uses", () => {
  it("pages the organization's one PagerDuty integration and says Datadog gets nothing", () => {
    const targets = resolveSentryTargets("prod", settings(), [service()], facts(), "https://app.datadoghq.com/intake/webhook/sentry");
    expect(targets.services.get("checkout-api")).toEqual({ pagerduty: pd, opsgenie: undefined, slack: [] });
    expect(targets.notices).toEqual([noDatadog]);
  });

  it("stops the preview, naming the org and the install step, when PagerDuty is not installed", () => {
    const error = thrownBy(() => resolveSentryTargets("prod", settings(), [service()], facts({ pagerduty: [] }), "https://app.datadoghq.com/intake/webhook/sentry"));
    expect(error.message.split("\n")).toEqual([
      'Stack "prod" has 1 configuration problem; nothing was created or changed:',
      '  - Stack "prod", key operator-wiring:sentryOrganization: Sentry organization "acme" has no PagerDuty integration installed, and Sentry alerts page PagerDuty through it. Hint: install it: Sentry → Settings → Integrations → PagerDuty → Install (an OAuth flow in the browser, by an owner or manager of "acme"); the stack cannot, as that is an OAuth flow. Then run pulumi preview again.',
    ]);
  });

  it("needs no PagerDuty integration when no service names a Sentry project", () => {
    const targets = resolveSentryTargets("prod", settings(), [service({ sentry: undefined })], facts({ pagerduty: [] }), "https://app.datadoghq.com/intake/webhook/sentry");
    expect(targets.services.size).toBe(0);
    expect(targets.notices).toEqual([noDatadog]);
  });

  it("asks which PagerDuty integration when there are several, and refuses a name that is not installed", () => {
    const two = facts({ pagerduty: [pd, { id: "51", name: "acme-eu" }] });
    expect(thrownBy(() => resolveSentryTargets("prod", settings(), [service()], two, "https://app.datadoghq.com/intake/webhook/sentry")).problems).toEqual([
      { key: "operator-wiring:sentryPagerdutyIntegration", problem: 'is not set, and organization "acme" has 2 PagerDuty integrations ("acme-pd", "acme-eu").', hint: "pick one: pulumi config set operator-wiring:sentryPagerdutyIntegration <name> -s prod." },
    ]);
    expect(resolveSentryTargets("prod", settings({ pagerdutyIntegrationName: "acme-eu" }), [service()], two, "https://app.datadoghq.com/intake/webhook/sentry").services.get("checkout-api")?.pagerduty).toEqual({ id: "51", name: "acme-eu" });
    expect(thrownBy(() => resolveSentryTargets("prod", settings({ pagerdutyIntegrationName: "acme-us" }), [service()], two, "https://app.datadoghq.com/intake/webhook/sentry")).problems).toEqual([
      { key: "operator-wiring:sentryPagerdutyIntegration", problem: 'is "acme-us", but organization "acme" has only "acme-pd", "acme-eu".', hint: "use one of those names exactly." },
    ]);
  });

  it("adds Opsgenie and Slack actions where the organization has those integrations, and says so where it has not", () => {
    const routed = service({
      opsgenie: { team: "Payments", adoptTeam: true, serviceObjectName: "checkout-api-prod" },
      slackRoutes: [
        { account: "acme", channel: "#checkout", channelId: "C0CHECK01", handle: "@slack-acme-checkout" },
        { account: "other", channel: "#ops", handle: "@slack-other-ops" },
      ],
    });
    const installed = facts({ opsgenie: [{ id: "60", name: "acme-og" }], slack: [{ id: "7", name: "Acme" }, { id: "8", name: "Partner" }] });
    const targets = resolveSentryTargets("prod", settings(), [routed], installed, "https://app.datadoghq.com/intake/webhook/sentry");
    expect(targets.services.get("checkout-api")).toEqual({
      pagerduty: pd,
      opsgenie: { id: "60", name: "acme-og" },
      slack: [{ integration: { id: "7", name: "Acme" }, channel: "#checkout", channelId: "C0CHECK01" }],
    });
    expect(targets.notices).toEqual([
      'No Sentry Slack integration of organization "acme" is named "other" (installed: "Acme", "Partner"), so Sentry does not post "Checkout API" issues to #ops.',
      noDatadog,
    ]);

    const bare = resolveSentryTargets("prod", settings(), [routed], facts(), "https://app.datadoghq.com/intake/webhook/sentry");
    expect(bare.notices.slice(0, 3)).toEqual([
      'Sentry organization "acme" has no Opsgenie integration, so Sentry issues of "Checkout API" reach Opsgenie only through PagerDuty; to page the team directly, Sentry → Settings → Integrations → Opsgenie → Install (an OAuth flow in the browser, by an owner or manager of "acme").',
      'Sentry organization "acme" has no Slack integration, so Sentry does not post "Checkout API" issues to #checkout; Sentry → Settings → Integrations → Slack → Install (an OAuth flow in the browser, by an owner or manager of "acme").',
      'Sentry organization "acme" has no Slack integration, so Sentry does not post "Checkout API" issues to #ops; Sentry → Settings → Integrations → Slack → Install (an OAuth flow in the browser, by an owner or manager of "acme").',
    ]);
  });

  it("warns that the legacy rules API browns out on sentry.io, but not on a self-hosted Sentry", () => {
    const withEnvironment = service({ sentry: { project: "checkout-api", priority: "default", frequencyMinutes: 30, environment: "production" } });
    const saas = resolveSentryTargets("prod", settings({ alerting: "rules" }), [withEnvironment], facts(), "https://app.datadoghq.com/intake/webhook/sentry");
    expect(saas.notices).toEqual([
      'sentryAlerting is "rules" against sentry.io: Sentry deprecated the project rules API on 2026-05-14 and answers 410 during scheduled brown-outs until it is removed; use "workflows" (rules are for self-hosted Sentry without workflows).',
      '"Checkout API" filters Sentry alerts on environment "production": the rules API refuses an environment that has not seen an event yet; run verify against it first.',
      noDatadog,
    ]);
    const selfHosted = resolveSentryTargets("prod", settings({ alerting: "rules", apiUrl: "https://sentry.internal/api/0" }), [service()], facts(), "https://app.datadoghq.com/intake/webhook/sentry");
    expect(selfHosted.notices).toEqual([noDatadog]);
  });

  it("says which Datadog route is wired when forwarding is opted in, and keeps it when Sentry offers its Datadog (Seer) integration", () => {
    const forwarding = resolveSentryTargets("prod", settings({ datadogForwarding: true }), [service()], facts(), "https://app.datadoghq.eu/intake/webhook/sentry");
    expect(forwarding.notices).toEqual([
      'Sentry has no native Datadog integration for organization "acme"; forwarding through Datadog\'s documented alternative instead: each Sentry project\'s Webhooks plugin posts new issues to https://app.datadoghq.eu/intake/webhook/sentry.',
    ]);
    const native = resolveSentryTargets("prod", settings({ datadogForwarding: true }), [service()], facts({ datadogProviderAvailable: true }), "https://app.datadoghq.com/intake/webhook/sentry");
    expect(native.notices).toEqual([
      'Sentry\'s Datadog integration offered to organization "acme" only lets Sentry\'s Seer read Datadog telemetry and sends no Sentry issue to Datadog; forwarding through Datadog\'s documented alternative instead: each Sentry project\'s Webhooks plugin posts new issues to https://app.datadoghq.com/intake/webhook/sentry.',
    ]);
  });

  it("never advises Sentry's Datadog integration instead of the Webhooks forwarding: without forwarding it says issues do not reach Datadog", () => {
    const offered = resolveSentryTargets("prod", settings(), [service()], facts({ datadogProviderAvailable: true }), "https://app.datadoghq.com/intake/webhook/sentry");
    expect(offered.notices).toEqual([
      'Sentry\'s Datadog integration offered to organization "acme" only lets Sentry\'s Seer read Datadog telemetry and sends no Sentry issue to Datadog, so Sentry issues do not reach Datadog; set operator-wiring:sentryDatadogForwarding to true to forward them through each project\'s Webhooks plugin to https://app.datadoghq.com/intake/webhook/sentry.',
    ]);
    expect(offered.notices.join(" ")).not.toMatch(/prefer/i);
  });
});
