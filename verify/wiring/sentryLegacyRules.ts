import { z } from "zod";
import type { HttpClient } from "../http/httpClient";
import { HttpStatusError } from "../http/httpErrors";
import { sentryPaths } from "../../vendors/sentry/sentryLists";
import { type SentryApi, sentryUrl } from "./sentryApi";
import { readAllPages } from "./sentryPages";

const pagerDutyAction = "sentry.integrations.pagerduty.notify_action.PagerDutyNotifyServiceAction";
const id = z.union([z.string(), z.number()]).transform(String);

/** The fields of `RuleSerializer` this check reads. */
const rules = z.array(
  z.looseObject({
    id,
    name: z.string(),
    status: z.string().optional(),
    actions: z.array(z.looseObject({ id: z.string().optional(), account: id.nullish(), service: id.nullish() })).optional(),
  }),
);

/** What the legacy rules say, or why they could not be read. */
export type RuleFindings = { paging?: string; count: number; inert: string[] } | { gone: string };

/**
 * The legacy project rules (`@pulumiverse/sentry`'s `SentryIssueAlert`): an active rule with the
 * PagerDuty notify action and a set `account` (the integration id). The API is deprecated since
 * 2026-05-14: a 410 (brown-out) or 404 (project unknown) is a finding, not an error; other
 * refusals propagate for diagnosis.
 * @see https://docs.sentry.io/api/alerts/list-a-projects-issue-alert-rules/
 */
export async function readLegacyRules(http: HttpClient, api: SentryApi, project: string): Promise<RuleFindings> {
  const what = "list Sentry legacy alert rules";
  let found;
  try {
    const url = sentryUrl(api, sentryPaths.rules(api.org, project));
    found = await readAllPages(http, api, url, what, rules);
  } catch (error) {
    if (error instanceof HttpStatusError && error.status === 410) return { gone: "the legacy rules API answered 410 (deprecated since 2026-05-14, in a brown-out)" };
    if (error instanceof HttpStatusError && error.status === 404) return { gone: `Sentry has no project "${project}" in org "${api.org}" (404)` };
    throw error;
  }
  const findings = { count: found.length, inert: [] as string[], paging: undefined as string | undefined };
  for (const rule of found) {
    const actions = (rule.actions ?? []).filter((a) => a.id === pagerDutyAction);
    if (actions.length === 0) continue;
    const named = `legacy rule "${rule.name}" (id ${rule.id}) in project "${project}"`;
    const action = actions.find((a) => a.account);
    if (!action) findings.inert.push(`${named} has a PagerDuty action with no account`);
    else if (rule.status === "disabled") findings.inert.push(`${named} is disabled`);
    else findings.paging ??= `${named} pages PagerDuty through integration ${action.account}${action.service ? ` (service row ${action.service})` : ""}`;
  }
  return findings;
}
