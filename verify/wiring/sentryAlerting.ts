import { HttpStatusError } from "../http/httpErrors";
import { ProbeFailure } from "../probe";
import { explainSentryApi, sentryApiOf } from "./sentryApi";
import { readLegacyRules } from "./sentryLegacyRules";
import { type WorkflowFindings, readWorkflows } from "./sentryWorkflows";
import type { WiringCheck } from "./wiringCheck";

const count = (n: number, what: string): string => `${n} ${what}${n === 1 ? "" : "s"} read`;
const seen = (n: number, what: string, inert: string[]): string => `${count(n, what)}${inert.length > 0 ? `: ${inert.join("; ")}` : ""}`;

const addAction =
  "give an enabled alert workflow, attached to the project's error detector, a PagerDuty action with the installed integration and a service (Sentry → Alerts).";

/**
 * Runbook step 6: Sentry alerting has a PagerDuty action with a non-null integration id. The
 * workflows (the current API) are read first; only when none pages, and SENTRY_PROJECT is set,
 * the project's legacy rules (deprecated since 2026-05-14, may answer 410).
 */
export const sentryAlertingCheck: WiringCheck = {
  check: "Sentry alerting pages PagerDuty",
  integration: "sentry",
  prepare(inputs, target) {
    const api = sentryApiOf(inputs);
    if ("hold" in api) return api;
    const project = target.sentryProject;
    return {
      explain: explainSentryApi(api, project ? "alerts:read (and project:read for the legacy rules)" : "alerts:read"),
      async run(http) {
        let workflows: WorkflowFindings | undefined;
        try {
          workflows = await readWorkflows(http, api);
        } catch (error) {
          // A Sentry without the workflow engine (older self-hosted) answers 404: its rules are what there is.
          if (!(project && error instanceof HttpStatusError && error.status === 404)) throw error;
        }
        if (workflows?.paging) return workflows.paging;
        const noWorkflow = workflows
          ? `no workflow in Sentry org "${api.org}" pages PagerDuty (${seen(workflows.count, "workflow", workflows.inert)})`
          : `Sentry org "${api.org}" has no workflows API (404)`;
        if (!project) throw new ProbeFailure(noWorkflow, `${addAction} Set SENTRY_PROJECT to also accept a legacy alert rule of the project.`);

        const rules = await readLegacyRules(http, api, project);
        if ("gone" in rules) {
          const why = rules.gone.includes("410")
            ? "The legacy rules API is being removed (410 in brown-outs): an alert there will stop paging."
            : "Check SENTRY_PROJECT (the project's slug or id).";
          throw new ProbeFailure(`${noWorkflow}; ${rules.gone}`, `${addAction} ${why}`);
        }
        if (rules.paging) return `${rules.paging}; no workflow does, and the rules API is deprecated since 2026-05-14: move the alert to a workflow`;
        throw new ProbeFailure(`${noWorkflow}; no legacy rule of project "${project}" does either (${seen(rules.count, "rule", rules.inert)})`, addAction);
      },
    };
  },
};
