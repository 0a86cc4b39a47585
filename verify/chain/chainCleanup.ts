import { mockChainCredentials } from "./chainEndpoints";
import { recentAlerts, closeAlert } from "./opsgenieHops";
import { incidentsSince, resolveIncident } from "./pagerdutyHops";
import { pollUntil } from "./pollUntil";
import { resolveIssue } from "./sentryHops";
import type { SourceRun } from "./sourceRun";
import type { Recognise } from "./targetArrival";

/**
 * The clean-up's budget: its own, not the hops' (so a hop that used all of its time cannot starve
 * it), and Ctrl-C does not cut it. Vendors apply a resolve or a close asynchronously, in seconds.
 */
const cleanupMs = (hopMs: number, mode: "mock" | "real") => (mode === "mock" ? Math.max(5_000, Math.min(hopMs, 30_000)) : Math.max(30_000, Math.min(hopMs, 120_000)));

/**
 * Resolves everything the chain opened, wherever it landed, even after a failure or Ctrl-C:
 * every PagerDuty incident carrying the marker (looked for again, for late arrivals) through the
 * Events API, every Opsgenie alert carrying it (closed), the Sentry issue (resolved); then reads
 * them back until they are resolved and closed. Anything still open at the end fails the source.
 */
export async function cleanUp(run: SourceRun, recognise: Recognise, sentryIssue: { org: string; issueId: string } | undefined): Promise<{ cleanup: "done" | "none needed" | "failed"; detail?: string }> {
  const { endpoints } = run.options;
  const deadline = run.deadline(cleanupMs(run.options.hopTimeoutMs, run.mode), false);
  const http = run.http(deadline);
  const left: string[] = [];
  let acted = false;
  try {
    if (endpoints.pagerduty) {
      const api = endpoints.pagerduty;
      for (const incident of (await incidentsSince(http, api, run.startedAt)).filter((i) => recognise(i.title))) run.incidents.set(incident.id, incident);
      const open = [...run.incidents.values()].filter((i) => i.status !== "resolved");
      for (const incident of open) await resolveIncident(http, api, incident);
      acted ||= run.incidents.size > 0;
      if (open.length > 0) {
        const stillOpen = await pollUntil(deadline, run.mode, async () => {
          const now = (await incidentsSince(http, api, run.startedAt)).filter((i) => recognise(i.title) && i.status !== "resolved");
          return now.length === 0 ? [] : undefined;
        });
        if (!stillOpen) left.push(...open.map((i) => `PagerDuty incident #${i.incident_number} on "${i.service.summary}" is still open`));
      }
    }
    if (endpoints.opsgenie) {
      const apiUrl = endpoints.opsgenie.apiUrl;
      if (run.mode === "mock") for (const alert of (await recentAlerts(http, apiUrl, mockChainCredentials.opsgenieReader, run.search)).filter((a) => recognise(a.message))) run.alerts.set(alert.id, { alert, key: mockChainCredentials.opsgenieReader });
      const open = [...run.alerts.values()].filter(({ alert }) => alert.status === "open");
      for (const { alert, key } of open) await closeAlert(http, apiUrl, key, alert);
      acted ||= run.alerts.size > 0;
      if (open.length > 0) {
        const closed = await pollUntil(deadline, run.mode, async () => {
          const stillOpen = [];
          for (const { alert, key } of open) stillOpen.push(...(await recentAlerts(http, apiUrl, key, run.search)).filter((a) => a.id === alert.id && a.status === "open"));
          return stillOpen.length === 0 ? true : undefined;
        });
        if (!closed) left.push(...open.map(({ alert }) => `Opsgenie alert ${alert.tinyId} is still open`));
      }
    }
    if (endpoints.sentry && sentryIssue) {
      await resolveIssue(http, endpoints.sentry, sentryIssue.org, sentryIssue.issueId);
      acted = true;
    }
  } catch (error) {
    left.push(`the clean-up stopped: ${error instanceof Error ? error.message : String(error)}`);
  }
  if (left.length > 0) return { cleanup: "failed", detail: `${left.join("; ")}: resolve or close them by hand` };
  return acted ? { cleanup: "done" } : { cleanup: "none needed" };
}
