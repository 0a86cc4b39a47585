import type { Finding } from "../lint/finding";
import { describeNode } from "../lint/finding";
import type { RoutingMap } from "../routingGraph";
import type { StackFacts } from "../stackFacts";
import { type PinnedPackage, knownRetirements } from "./retiredVersions";

export interface RadarInput {
  map: RoutingMap;
  facts: readonly StackFacts[];
  today: Date;
  /** A draft older than this many days is reported (Datadog deletes drafts six months after they were made). */
  draftDays: number;
  /** The routing-key rotation period in days (quarterly: checklist §7). */
  rotationDays: number;
  pinned: readonly PinnedPackage[];
  /** The npm registry's deprecation notices by `name@version` (live only). */
  registryNotices?: ReadonlyMap<string, string>;
}

/** Opsgenie's end: support and the REST API (docs/integrations.md, Opsgenie, "End of life"). */
export const opsgenieEndOfLife = "2027-04-05";
/** Sentry's legacy project rules API: deprecated, brown-outs (410), being removed. */
export const sentryRulesDeprecated = "2026-05-14";

const day = 86_400_000;
const isoDay = (date: Date) => date.toISOString().slice(0, 10);
/** Whole days from one date to another, counted between their UTC calendar days. */
const daysBetween = (from: Date, to: Date) => Math.round((Date.parse(isoDay(to)) - Date.parse(isoDay(from))) / day);
const onSentryIo = (apiUrl: string | undefined) => !!apiUrl && /(^|\.)sentry\.io$/.test(new URL(apiUrl).hostname);
const sixMonthsAfter = (date: Date) => new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 6, date.getUTCDate()));

type Item = Omit<Finding, "environment"> & { environment?: string };

/**
 * The deprecation radar: what the stacks use that a vendor has ended or will end, with since or
 * until when and what to do. Warnings, all of them: the lint's errors decide the exit code.
 */
export function deprecationRadar(input: RadarInput): Finding[] {
  const { today } = input;
  const items: Finding[] = [];
  for (const graph of input.map.environments) {
    const facts = input.facts.find((f) => f.environment === graph.environment);
    const add = (item: Item) => items.push({ environment: graph.environment, ...item });

    const rules = graph.nodes.filter((n) => n.kind === "sentry-alert" && n.facts.api === "rules");
    const declaresRules = input.map.source === "offline" && facts?.sentry?.alerting === "rules";
    if (onSentryIo(facts?.sentry?.apiUrl) && (rules.length > 0 || declaresRules)) {
      add({
        rule: "sentry-legacy-rules",
        severity: "warning",
        objects: rules.length > 0 ? rules.map(describeNode) : [`operator-wiring:sentryAlerting: rules in ${facts?.stack}`],
        message: `legacy alert rules in use on sentry.io: the project rules API is deprecated since ${sentryRulesDeprecated}, answers 410 during brown-outs and is being removed; an alert there stops paging when it goes.`,
        fix: "move them to workflows: operator-wiring:sentryAlerting: workflows (the default) and pulumi up; a rule made in the UI: re-create it as an alert workflow in Sentry → Alerts, then delete the rule.",
        nodes: rules.map((r) => r.key),
      });
    }

    const opsgenie = graph.nodes
      .filter((n) => n.kind === "opsgenie-team" || (n.kind === "datadog-handle" && n.label.startsWith("@opsgenie-")))
      .sort((a, b) => describeNode(a).localeCompare(describeNode(b)));
    if (opsgenie.length > 0 || (input.map.source === "offline" && facts?.opsgenie)) {
      const left = daysBetween(today, new Date(`${opsgenieEndOfLife}T00:00:00Z`));
      add({
        rule: "opsgenie-end-of-life",
        severity: "warning",
        objects: opsgenie.map(describeNode),
        message: `Opsgenie in use: Atlassian ends Opsgenie's support and REST API on ${opsgenieEndOfLife}, ${left >= 0 ? `${left} days from ${isoDay(today)}` : `${-left} days ago`} (sales stopped 2025-06-04); routes through it stop then.`,
        fix: "move the teams' alerting to Jira Service Management (Atlassian's path off Opsgenie: JSM's operations features, or Compass), then drop opsgenie from the services' configuration and pulumi up.",
        nodes: opsgenie.map((n) => n.key),
      });
    }

    for (const monitor of graph.nodes.filter((n) => n.kind === "datadog-monitor" && n.facts.draft && n.facts.createdAt)) {
      const made = new Date(monitor.facts.createdAt as string);
      const age = daysBetween(made, today);
      if (age < input.draftDays) continue;
      const expires = sixMonthsAfter(made);
      const left = daysBetween(today, expires);
      add({
        rule: "draft-expiring",
        severity: "warning",
        objects: [describeNode(monitor)],
        message: `${describeNode(monitor)} has been a draft for ${age} days (since ${isoDay(made)}): Datadog deletes a draft six months after it was made, ${left >= 0 ? `on ${isoDay(expires)}, in ${left} days` : `so it is due (${isoDay(expires)})`}.`,
        fix: "a stack's validation monitor: pulumi refresh, then pulumi up re-creates it once Datadog removed it; a hand-made draft: publish it or delete it.",
        nodes: [monitor.key],
      });
    }

    for (const service of graph.nodes.filter((n) => n.kind === "pagerduty-service" && n.exists)) {
      for (const integration of (service.facts.eventsV2 ?? []).filter((i) => i.createdAt)) {
        const made = new Date(integration.createdAt as string);
        const age = daysBetween(made, today);
        if (age <= input.rotationDays) continue;
        add({
          rule: "routing-key-age",
          severity: "warning",
          objects: [describeNode(service), `Events API v2 integration "${integration.name}"`],
          message: `${describeNode(service)}'s Events v2 routing key is ${age} days old (made ${isoDay(made)}); the rotation period is ${input.rotationDays} days (quarterly, checklist §7).`,
          fix: `raise operator-wiring:pagerdutyKeyGeneration by one in ${facts?.stack ?? graph.environment} and pulumi up: a new key, with the Datadog mapping and the Sentry rows following in the same update (prod keeps the old key; remove it after the 24 h overlap).`,
          nodes: [service.key],
        });
      }
    }
  }

  for (const pin of input.pinned) {
    for (const retired of knownRetirements.filter((r) => r.name === pin.name && r.affects(pin.version) && (r.usedBy?.(input.facts) ?? true))) {
      items.push({
        environment: "project",
        rule: "retired-package",
        severity: "warning",
        objects: [`${pin.name} ${pin.version}`],
        message: `${pin.name} ${pin.version} (pinned): ${retired.what}, since ${retired.since}.`,
        fix: retired.fix,
        nodes: [],
      });
    }
    const notice = input.registryNotices?.get(`${pin.name}@${pin.version}`);
    if (notice) {
      items.push({
        environment: "project",
        rule: "retired-package",
        severity: "warning",
        objects: [`${pin.name} ${pin.version}`],
        message: `${pin.name} ${pin.version} (pinned) is deprecated on the npm registry by its maintainers: "${notice}".`,
        fix: `move to a version its maintainers support (npm view ${pin.name} versions), then npm install and run the tests.`,
        nodes: [],
      });
    }
  }
  return items;
}
