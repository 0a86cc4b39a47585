import { HttpStatusError } from "../http/httpErrors";
import { captureSyntheticError } from "../probes/sentry/syntheticError";
import type { HopLine } from "./chainResult";
import type { ChainSource } from "./chainRoutes";
import { pollUntil } from "./pollUntil";
import { projectDsn, readIssue, storedEventIssue } from "./sentryHops";
import type { SourceRun } from "./sourceRun";

type SentrySource = Extract<ChainSource, { kind: "sentry" }>;

/** The environment the error is raised in: the alert's filter, or one of the chain's own when the alert takes any. */
export const chainEnvironment = (source: SentrySource): string => source.sentryEnvironment ?? "operator-wiring-chain";

/**
 * Raises the marked error in the project, through its DSN with the Sentry SDK (a new fingerprint
 * each run, so a new issue: the stack's alerts fire on new and regressed issues), and follows it
 * until Sentry has stored it in an issue. Returns the issue, or undefined when a hop broke (its
 * line says why).
 */
export async function raiseSentryError(run: SourceRun, source: SentrySource): Promise<{ issueId: string } | undefined> {
  const api = run.options.endpoints.sentry;
  const hop = `Sentry project "${source.project}" ← error in environment "${chainEnvironment(source)}"`;
  if (!api) {
    run.add({ hop, status: "HOLD", detail: "no SENTRY_AUTH_TOKEN: the project's DSN cannot be read, so no error is raised (set a token with project:read, event:read)" });
    return undefined;
  }
  const deadline = run.deadline();
  const http = run.http(deadline);
  try {
    const key = await projectDsn(http, api, source.organization, source.project);
    if (!key) {
      run.add({ hop, status: "FAIL", detail: `project "${source.project}" of "${source.organization}" has no active client key (DSN)` });
      return undefined;
    }
    run.raisedAt = performance.now();
    let sent: { status: number } | undefined;
    const eventId = await captureSyntheticError({
      dsn: key.dsn,
      environment: chainEnvironment(source),
      runId: run.options.runId,
      flushTimeoutMs: deadline.remaining(),
      error: { message: `operator-wiring chain ${run.marker}`, fingerprint: ["operator-wiring-chain", run.marker] },
      async post(request) {
        const response = await http.send({ label: "raise the marked error", method: "POST", url: request.url, headers: { ...request.headers, ...run.correlationHeaders() }, body: request.body, resendSafe: "the event id" });
        sent = response;
        return response;
      },
    });
    if (!sent) {
      run.add({ hop, status: "FAIL", detail: "the Sentry SDK sent nothing" });
      return undefined;
    }
    run.add({ hop, status: "PASS", latencyMs: 0, detail: `error ${eventId} accepted by Sentry's ingest (${sent.status})` });
    const issueId = await pollUntil(deadline, run.mode, () => storedEventIssue(http, api, source.organization, source.project, eventId));
    if (!issueId && run.options.interrupt.aborted) {
      run.add({ hop: "Sentry stores it in an issue", status: "FAIL", latencyMs: run.latency(), detail: "interrupted (Ctrl-C) before Sentry had stored it" });
      return undefined;
    }
    if (!issueId) {
      run.add({
        hop: "Sentry stores it in an issue",
        status: "FAIL",
        latencyMs: run.latency(),
        detail: `not stored within ${Math.round(deadline.ms / 1000)} s: still processing, or dropped after the 200 (a revoked DSN key, a deleted project, an inbound filter, a quota)`,
      });
      return undefined;
    }
    const issue = await readIssue(http, api, source.organization, issueId);
    run.add({ hop: "Sentry stores it in an issue", status: "PASS", latencyMs: run.latency(), detail: `issue ${issue.shortId} (${issue.id}), new: the project's alerts fire on it` });
    return { issueId };
  } catch (error) {
    const detail = error instanceof HttpStatusError ? `${error.label}: HTTP ${error.status} ${error.body.slice(0, 160)}` : error instanceof Error ? error.message : String(error);
    run.add({ hop, status: "FAIL", detail } satisfies HopLine);
    return undefined;
  }
}
