import type { ResourceValidationPolicy, StackValidationPolicy } from "@pulumi/policy";
import { opsgenieHandle, pagerdutyHandle, slackHandle } from "../config/naming";
import { notificationHandles } from "../vendors/datadog/datadogApi";
import { environmentConfigSchema, isValidationMonitor, resourceEnvironment, vendorNames } from "./policyEnvironment";

/**
 * Mandatory: a published validation monitor pages the on-call when it fires; the stack publishes
 * them only for a controlled incident test (operator-wiring:controlledIncidentTest), which the
 * pack learns from its own config (`--policy-pack-config`, `controlledIncidentTest: true`).
 */
export const validationMonitorsAreDrafts: ResourceValidationPolicy = {
  name: "validation-monitors-are-drafts",
  description: "Validation monitors are drafts unless a controlled incident test is under way.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { controlledIncidentTest: { type: "boolean", default: false } } },
  validateResource: (args, reportViolation) => {
    if (args.type !== "datadog:index/monitor:Monitor" || !isValidationMonitor(args.props)) return;
    if (args.props.draftStatus === "draft" || args.getConfig<{ controlledIncidentTest?: boolean }>().controlledIncidentTest) return;
    reportViolation(
      `${args.name} ("${String(args.props.name)}") is ${String(args.props.draftStatus ?? "published")}: a validation monitor pages for real when it fires. Hint: keep it a draft, or run the test with operator-wiring:controlledIncidentTest true and the pack's controlledIncidentTest config true.`,
    );
  },
};

/**
 * Mandatory: Datadog refuses a monitor whose handle names nothing when it is saved, mid-update;
 * a handle of another stack's object breaks when that stack changes it. Each `@pagerduty-…`,
 * `@opsgenie-…` and `@slack-…` handle in a monitor message resolves to a service object or
 * channel of this stack, or is declared external (`externalHandles` in the pack's config).
 */
export const monitorHandlesResolve: StackValidationPolicy = {
  name: "monitor-handles-resolve",
  description: "Each Datadog handle in a monitor message resolves to a service object or channel in the same stack, or is declared external.",
  enforcementLevel: "mandatory",
  configSchema: { properties: { externalHandles: { type: "array", items: { type: "string" }, default: [] } } },
  validateStack: (args, reportViolation) => {
    const props = (type: string) => args.resources.filter((r) => r.type === type).map((r) => r.props);
    const known = new Set(
      [
        ...props("datadog:pagerduty/serviceObject:ServiceObject").map((p) => pagerdutyHandle(String(p.serviceName))),
        ...props("datadog:opsgenie/serviceObject:ServiceObject").map((p) => opsgenieHandle(String(p.name))),
        ...props("datadog:slack/channel:Channel").map((p) => slackHandle(String(p.accountName), String(p.channelName))),
        ...(args.getConfig<{ externalHandles?: string[] }>().externalHandles ?? []),
      ].map((h) => h.toLowerCase()),
    );
    for (const monitor of args.resources.filter((r) => r.type === "datadog:index/monitor:Monitor")) {
      for (const { handle } of notificationHandles(String(monitor.props.message ?? ""))) {
        if (!known.has(handle.toLowerCase())) {
          reportViolation(`${monitor.name} notifies ${handle}, which no service object or Slack channel of this stack makes. Hint: declare the service in this stack, fix the handle, or add it to the pack's externalHandles.`, monitor.urn);
        }
      }
    }
  },
};

/**
 * Advisory: the vendors' accounts are shared by dev, staging and prod; a name without its
 * environment is one an operator cannot place (and two stacks may make it twice). Advisory,
 * because a name chosen by hand (an escalation policy's) is the team's to choose.
 */
export const namesCarryEnvironment: ResourceValidationPolicy = {
  name: "names-carry-environment",
  description: "Names the vendors show (services, policies, monitors, service objects, integrations, workflows, table rows, tokens) carry their environment.",
  enforcementLevel: "advisory",
  configSchema: environmentConfigSchema,
  validateResource: (args, reportViolation) => {
    const field = vendorNames[args.type];
    if (!field) return;
    const environment = resourceEnvironment(args);
    if (!environment) args.notApplicable("the stack's name says no environment; set the pack's environment config");
    const name = String(args.props[field] ?? "");
    if (!new RegExp(`(^|[^a-z0-9])${environment}([^a-z0-9]|$)`, "i").test(name)) {
      reportViolation(`${args.name}: ${field} "${name}" does not say ${environment}. Hint: put the environment in the name (config/naming.ts derives the stack's names so).`);
    }
  },
};
