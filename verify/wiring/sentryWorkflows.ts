import { z } from "zod";
import type { HttpClient } from "../http/httpClient";
import { sentryPaths } from "../../vendors/sentry/sentryLists";
import { type SentryApi, sentryUrl } from "./sentryApi";
import { readAllPages } from "./sentryPages";

const id = z.union([z.string(), z.number()]).transform(String);

/** The fields of `WorkflowSerializer` this check reads. */
const workflows = z.array(
  z.looseObject({
    id,
    name: z.string(),
    enabled: z.boolean().optional(),
    detectorIds: z.array(id).optional(),
    actionFilters: z
      .array(
        z.looseObject({
          actions: z
            .array(
              z.looseObject({
                type: z.string(),
                integrationId: id.nullish(),
                config: z.looseObject({ targetDisplay: z.string().nullish() }).nullish(),
              }),
            )
            .optional(),
        }),
      )
      .optional(),
  }),
);

/** What the workflows say about paging PagerDuty. */
export interface WorkflowFindings {
  /** A workflow that pages: `workflow "…" (id …) pages PagerDuty through integration … (service "…")`. */
  paging?: string;
  /** How many workflows were read. */
  count: number;
  /** Workflows with a PagerDuty action that still cannot page, and why: `workflow "…" (id …) is disabled`. */
  inert: string[];
}

/**
 * Runbook step 6, the current API: an enabled workflow, attached to at least one detector (else
 * no issue ever reaches it), with a `pagerduty` action whose `integrationId` is set. Every page
 * is read: the paging workflow may be on any of them.
 * @see https://docs.sentry.io/api/monitors/
 */
export async function readWorkflows(http: HttpClient, api: SentryApi): Promise<WorkflowFindings> {
  const found = await readAllPages(http, api, sentryUrl(api, sentryPaths.workflows(api.org)), "list Sentry workflows", workflows);
  const findings: WorkflowFindings = { count: found.length, inert: [] };
  for (const workflow of found) {
    const actions = workflow.actionFilters?.flatMap((f) => f.actions ?? []).filter((a) => a.type === "pagerduty") ?? [];
    if (actions.length === 0) continue;
    const named = `workflow "${workflow.name}" (id ${workflow.id})`;
    const action = actions.find((a) => a.integrationId);
    if (!action) findings.inert.push(`${named} has a PagerDuty action with no integration id`);
    else if (workflow.enabled === false) findings.inert.push(`${named} is disabled`);
    else if (workflow.detectorIds?.length === 0) findings.inert.push(`${named} is attached to no detector (no project)`);
    else {
      const service = action.config?.targetDisplay ? ` (service "${action.config.targetDisplay}")` : "";
      findings.paging ??= `${named} pages PagerDuty through integration ${action.integrationId}${service}`;
    }
  }
  return findings;
}
