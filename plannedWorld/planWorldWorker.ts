/**
 * Child-process entry of the planned world: evaluates one stack's program under Pulumi's mock
 * runtime, as the offline plan does (plan/planStackWorker.ts), but telling the program the world's
 * Sentry integration ids, and answers with what the world needs: the stack's facts, every resource
 * with its inputs, the stack outputs, and each Sentry workflow's body as its provider would send it.
 * Secrets are the offline plan's own placeholders (generated keys, credential stand-ins), never a
 * real credential, so they travel as values here; the world replaces each generated one.
 */
// First: the SDK, loaded by what follows, finds what it loads but need not deferred (deferSdkModules.ts).
import "../plan/deferSdkModules";
import { workflowBody } from "../components/dynamic/sentryWorkflow";
import type { SentryWorkflowInputs } from "../components/dynamic/sentryWorkflow";
import { parseStackConfig } from "../config/parseStackConfig";
import type { StackSettings } from "../config/stackSettings";
import type { SentryOrganizationLookup } from "../lookups/sentryOrganization";
import { type PlanRequest, planInThisProcess } from "../plan/planStacks";
import { plainValue } from "../plan/recordingMocks";
import { type PlannedStack, type StackFacts, detectorPlaceholder, worldSentryIntegrations } from "./plannedStack";

/** The organization as the world installs it: one integration of each kind, the Slack one named after the routes' account. */
function worldSentryOrganization(slackAccount: string | undefined): SentryOrganizationLookup {
  return async (_stack, sentry) => ({
    pagerduty: [{ id: worldSentryIntegrations.pagerduty, name: sentry.pagerdutyIntegrationName ?? "PagerDuty" }],
    opsgenie: [{ id: worldSentryIntegrations.opsgenie, name: "Opsgenie" }],
    slack: [{ id: worldSentryIntegrations.slack, name: slackAccount ?? "Slack" }],
    datadogProviderAvailable: false,
  });
}

function factsOf(settings: StackSettings): StackFacts {
  return {
    stack: settings.stack,
    environment: settings.environment,
    routingEnabled: settings.routingEnabled,
    monitorDraftStatus: settings.monitorDraftStatus,
    // Sent to the parent as JSON (the IPC channel's serialization), as plain data.
    services: settings.services.map(({ slug, name, pagerdutyServiceName, escalationPolicy, slackRoutes, sentry, opsgenie }) => ({ slug, name, pagerdutyServiceName, escalationPolicy, slackRoutes, sentry, opsgenie })),
    ...(settings.sentry ? { sentry: { organization: settings.sentry.organization, alerting: settings.sentry.alerting, pagerdutyIntegrationName: settings.sentry.pagerdutyIntegrationName } } : {}),
    ...(settings.opsgenie ? { opsgenie: { region: settings.opsgenie.region } } : {}),
    ...(settings.pagerduty.slack ? { pagerdutySlackWorkspaceId: settings.pagerduty.slack.workspaceId } : {}),
  };
}

process.once("message", (request: PlanRequest) => {
  // The settings as the program reads them (a configuration it refuses fails its evaluation, which says why).
  const parsed = parseStackConfig({ stack: request.stack, values: request.values, secretKeys: new Set(request.secretKeys), env: process.env });
  const settings = parsed.ok ? parsed.settings : undefined;
  const facts = settings && factsOf(settings);
  const slackAccount = settings?.services.flatMap((s) => s.slackRoutes.map((r) => r.account))[0];
  void planInThisProcess(request, { sentryOrganization: worldSentryOrganization(slackAccount) }).then((evaluation) => {
    let answer: PlannedStack;
    if (!evaluation.ok || !facts) {
      answer = { ok: false, stack: request.stack, error: evaluation.ok ? "the program declared nothing" : evaluation.error };
    } else {
      const resources = evaluation.resources
        .filter((r) => r.custom && !r.type.startsWith("pulumi:providers:"))
        .map((r) => {
          const { __provider: _closure, ...inputs } = plainValue(r.inputs) as Record<string, unknown>;
          return { type: r.type, name: r.name, inputs };
        });
      const workflowBodies = Object.fromEntries(
        resources
          .filter((r) => r.type === "pulumi-nodejs:dynamic/sentry:Workflow")
          .map((r) => [r.name, workflowBody(r.inputs as unknown as SentryWorkflowInputs, detectorPlaceholder(String(r.inputs.project)))]),
      );
      const lookedUpPolicies = evaluation.invokes.filter((i) => i.token === "pagerduty:index/getEscalationPolicy:getEscalationPolicy").map((i) => String(i.args.name));
      const outputs = Object.fromEntries(Object.entries(evaluation.outputs).map(([key, output]) => [key, plainValue(output.value)]));
      answer = { ok: true, facts, resources, lookedUpPolicies, workflowBodies, outputs };
    }
    process.send?.(answer, () => process.exit(0));
  });
});
