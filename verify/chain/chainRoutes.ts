import { opsgenieIntegrationName, validationMonitorName } from "../../config/naming";
import type { StackFacts } from "../../plannedWorld/plannedStack";

/** Where an alert should arrive (or, for the negative proof, must not). */
export type ChainTarget =
  | { kind: "pagerduty"; serviceId: string; serviceName: string }
  /** `service`: the stack's service whose Opsgenie integration it is (the chain reads with that integration's key). */
  | { kind: "opsgenie"; team: string; integrationName: string; service: string }
  /** A message in a Slack channel, posted by one vendor's Slack app. */
  | { kind: "slack"; channelId: string; channelName: string; from: "Sentry" | "PagerDuty" | "Datadog"; afterIncidentOf?: string };

/** One place the chain raises a marked alert, and every target the stack says it should reach. */
export type ChainSource =
  | {
      kind: "sentry";
      stack: string;
      environment: string;
      /** The service whose project it is. */
      service: string;
      organization: string;
      project: string;
      /** The Sentry environment its alert filters on; the error is raised in it. */
      sentryEnvironment?: string;
      targets: ChainTarget[];
    }
  | {
      kind: "datadog";
      stack: string;
      environment: string;
      /** The published validation monitors, by name; one metric point sets them all off. */
      monitors: string[];
      targets: ChainTarget[];
    };

/** A stack as the chain reads it: its facts (the stack file) and its outputs (what `pulumi up` made). */
export interface ChainStack {
  stack: string;
  facts: StackFacts;
  outputs: Record<string, any>;
}

/** A stack's routes, and why a kind of source is not raised. */
export interface StackRoutes {
  stack: string;
  environment: string;
  sources: ChainSource[];
  /** Lines saying what is not raised and why (drafts, routing off, no Sentry). */
  notes: string[];
  /** Every target of the stack: the other stacks' negative proof looks for the marker here. */
  targets: ChainTarget[];
}

const pdServiceTarget = (serviceId: string, serviceName: string): ChainTarget => ({ kind: "pagerduty", serviceId, serviceName });

/**
 * The routes a stack wires, from its stack file (the intent: which project pages which service,
 * in which environment, through which team and channel) and its outputs (the ids the deploy got):
 * a Sentry error in each wired project should open an incident on its PagerDuty service, post to
 * each route's channel from Sentry and, with PagerDuty's Slack connection, from PagerDuty, and
 * alert its Opsgenie team; each published validation monitor should reach its handle's target.
 */
export function routesOf(stack: ChainStack): StackRoutes {
  const { facts, outputs } = stack;
  const services = (outputs.services ?? {}) as Record<string, any>;
  const notes: string[] = [];
  const sources: ChainSource[] = [];
  const all: ChainTarget[] = [];
  if (!facts.routingEnabled) notes.push(`${facts.stack}: routing is off (operator-wiring:routingEnabled false): no alert is wired, nothing is raised`);

  for (const service of facts.services) {
    const out = services[service.name] ?? {};
    const pd = pdServiceTarget(String(out.pagerdutyServiceId), service.pagerdutyServiceName);
    const connected = facts.pagerdutySlackWorkspaceId ? service.slackRoutes.filter((r) => r.channelId) : [];
    const pdSlack = connected.map((r): ChainTarget => ({ kind: "slack", channelId: r.channelId as string, channelName: r.channel, from: "PagerDuty", afterIncidentOf: service.pagerdutyServiceName }));
    const opsgenie: ChainTarget[] = service.opsgenie
      ? [{ kind: "opsgenie", team: service.opsgenie.team, integrationName: opsgenieIntegrationName(service.pagerdutyServiceName, service.opsgenie.team), service: service.name }]
      : [];
    all.push(pd, ...pdSlack, ...opsgenie, ...service.slackRoutes.filter((r) => r.channelId).map((r): ChainTarget => ({ kind: "slack", channelId: r.channelId as string, channelName: r.channel, from: "Sentry" })));
    if (!facts.routingEnabled || !service.sentry || !facts.sentry) continue;
    const sentrySlack = service.slackRoutes.filter((r) => r.channelId).map((r): ChainTarget => ({ kind: "slack", channelId: r.channelId as string, channelName: r.channel, from: "Sentry" }));
    sources.push({
      kind: "sentry",
      stack: facts.stack,
      environment: facts.environment,
      service: service.name,
      organization: facts.sentry.organization,
      project: service.sentry.project,
      ...(service.sentry.environment ? { sentryEnvironment: service.sentry.environment } : {}),
      targets: [pd, ...pdSlack, ...(out.sentry?.opsgenieRowId ? opsgenie : []), ...sentrySlack],
    });
  }
  if (facts.services.every((s) => !s.sentry) || !facts.sentry) notes.push(`${facts.stack}: no service wires Sentry: no error is raised`);

  if (facts.routingEnabled && facts.monitorDraftStatus === "published") {
    const monitors: string[] = [];
    const targets: ChainTarget[] = [];
    for (const service of facts.services) {
      const out = services[service.name] ?? {};
      monitors.push(validationMonitorName.pagerduty(service.pagerdutyServiceName));
      targets.push(pdServiceTarget(String(out.pagerdutyServiceId), service.pagerdutyServiceName));
      if (service.opsgenie) {
        monitors.push(validationMonitorName.opsgenie(service.opsgenie.serviceObjectName));
        targets.push({ kind: "opsgenie", team: service.opsgenie.team, integrationName: opsgenieIntegrationName(service.pagerdutyServiceName, service.opsgenie.team), service: service.name });
      }
    }
    for (const route of facts.services.flatMap((s) => s.slackRoutes)) {
      const name = validationMonitorName.slack(route.account, route.channel, facts.environment);
      if (monitors.includes(name)) continue;
      monitors.push(name);
      targets.push({ kind: "slack", channelId: route.channelId ?? "", channelName: route.channel, from: "Datadog" });
    }
    sources.push({ kind: "datadog", stack: facts.stack, environment: facts.environment, monitors, targets });
  } else if (facts.routingEnabled) {
    notes.push(
      `${facts.stack}: the Datadog validation monitors are drafts, which never notify: not raised (publish them for a controlled test: operator-wiring:controlledIncidentTest true, pulumi up)`,
    );
  }
  return { stack: facts.stack, environment: facts.environment, sources, notes, targets: all };
}

/** A target in words: `PagerDuty service "Checkout API prod" (PABC123)`. */
export function describeTarget(target: ChainTarget): string {
  if (target.kind === "pagerduty") return `PagerDuty service "${target.serviceName}" (${target.serviceId})`;
  if (target.kind === "opsgenie") return `Opsgenie team "${target.team}" through "${target.integrationName}"`;
  return `Slack ${target.channelName}${target.channelId ? ` (${target.channelId})` : ""} from ${target.from}`;
}
