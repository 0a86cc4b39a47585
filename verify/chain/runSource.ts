import { nameSlug } from "../../config/naming";
import { cleanUp } from "./chainCleanup";
import { type ChainResult, type HopLine, sourceStatus } from "./chainResult";
import { type ChainSource, type ChainTarget, describeTarget } from "./chainRoutes";
import { raiseDatadogMonitors } from "./datadogSource";
import { proveNotElsewhere } from "./elsewhereProof";
import { sentTowards, traceOf, whyNotReached } from "./hopTrace";
import { chainEnvironment, raiseSentryError } from "./sentrySource";
import { type ChainRunOptions, SourceRun } from "./sourceRun";
import { type Recognise, followTarget } from "./targetArrival";

/** A source in words, for its result line. */
export function describeSource(source: ChainSource): string {
  if (source.kind === "sentry") return `Sentry project "${source.project}" (${source.service}, environment ${chainEnvironment(source)})`;
  return `Datadog validation monitors (${source.monitors.length})`;
}

/** Follows each target: a PagerDuty incident first, then what PagerDuty posts for it; the rest alongside. */
async function followTargets(run: SourceRun, targets: readonly ChainTarget[], recognise: Recognise, outputs: Record<string, any>): Promise<{ line: HopLine; target: ChainTarget }[]> {
  const incidentLines = new Map<string, Promise<HopLine>>();
  const lines = targets.map(async (target) => {
    if (target.kind === "pagerduty") {
      const line = followTarget(run, target, recognise, outputs);
      incidentLines.set(target.serviceName, line);
      return line;
    }
    if (target.kind === "slack" && target.afterIncidentOf) {
      const incident = await incidentLines.get(target.afterIncidentOf);
      if (incident && incident.status !== "PASS") return { hop: describeTarget(target), status: "NOT REACHED" as const, detail: "after the broken hop: PagerDuty posts for an incident that did not open" };
    }
    return followTarget(run, target, recognise, outputs);
  });
  const done = await Promise.all(lines);
  return done.map((line, i) => ({ line, target: targets[i] }));
}

/** Why the first broken hop broke: the mocks' hop log in mock mode, what was found elsewhere in both. */
async function diagnosisOf(run: SourceRun, broken: { line: HopLine; target?: ChainTarget }, expected: readonly ChainTarget[]): Promise<string> {
  const expectedServices = new Set(expected.flatMap((t) => (t.kind === "pagerduty" ? [t.serviceId] : [])));
  const elsewhere = [...run.incidents.values()].filter((i) => broken.target?.kind === "pagerduty" && !expectedServices.has(i.service.id));
  const instead = elsewhere.length > 0 ? `the alert paged ${elsewhere.map((i) => `"${i.service.summary}" (${i.service.id})`).join(", ")} instead` : undefined;
  const mocks = run.options.endpoints.mocks;
  if (!mocks || !broken.target) return [instead, broken.line.detail].filter(Boolean).join(": ");
  const trace = await traceOf(mocks, run.marker);
  const why = whyNotReached(trace, broken.target);
  const sent = instead ? sentTowards(trace, broken.target.kind) : [];
  return [instead, ...sent.map((s) => `sent as ${s}`), why].filter(Boolean).join("; ") || `${broken.line.detail} (the mocks recorded no step towards it)`;
}

/**
 * One source's whole chain: raise the marked alert, follow it to every target on each hop's own
 * deadline, prove it reached nothing else, clean up everything it opened (also after a failure or
 * Ctrl-C), and name the first hop that broke and why.
 */
export async function runSource(source: ChainSource, options: ChainRunOptions, outputs: Record<string, any>): Promise<ChainResult> {
  const slug = source.kind === "sentry" ? nameSlug(source.service) : "datadog";
  const marker = `${options.runId}-${source.stack}-${slug}`;
  const run = new SourceRun(options, marker, `${source.stack}/${slug}`);
  const started = performance.now();
  let recognise: Recognise = (text) => text.includes(marker);
  let issue: { org: string; issueId: string } | undefined;
  let followed: { line: HopLine; target: ChainTarget }[] = [];
  let elsewhere: HopLine = { hop: "reached nothing else", status: "HOLD", detail: "not looked for: nothing was raised" };
  let cleanup: Awaited<ReturnType<typeof cleanUp>> = { cleanup: "none needed" };
  let broken: { hop: string; diagnosis: string } | undefined;
  try {
    let raised = false;
    if (source.kind === "sentry") {
      run.search = marker;
      const stored = await raiseSentryError(run, source);
      if (stored) issue = { org: source.organization, issueId: stored.issueId };
      raised = stored !== undefined;
    } else {
      const alerted = await raiseDatadogMonitors(run, source);
      // Datadog's notifications carry the monitor's name, not the point's tags.
      recognise = (text) => alerted.some((m) => text.includes(m.name));
      raised = alerted.length > 0;
    }
    if (raised) {
      followed = await followTargets(run, source.targets, recognise, outputs);
      elsewhere = await proveNotElsewhere(run, source.targets, recognise, outputs);
    } else {
      followed = source.targets.map((target) => ({ target, line: { hop: describeTarget(target), status: "NOT REACHED" as const, detail: "after the broken hop" } }));
    }
    for (const { line } of followed) run.add(line);
    // Named before the clean-up, whose own steps (a resolve posted to Slack) would blur the why.
    const first = [...run.hops.map((line) => ({ line, target: followed.find((f) => f.line === line)?.target })), { line: elsewhere, target: undefined }].find(({ line }) => line.status === "FAIL");
    if (first) broken = { hop: first.line.hop, diagnosis: await diagnosisOf(run, first, source.targets) };
  } finally {
    cleanup = await cleanUp(run, recognise, issue);
  }
  const result: ChainResult = {
    stack: source.stack,
    environment: source.environment,
    source: describeSource(source),
    marker,
    status: sourceStatus(run.hops, elsewhere, cleanup.cleanup),
    hops: run.hops,
    elsewhere,
    ...(broken ? { brokenHop: broken.hop, diagnosis: broken.diagnosis } : {}),
    cleanup: cleanup.cleanup,
    ...(cleanup.detail ? { cleanupDetail: cleanup.detail } : {}),
    durationMs: Math.round(performance.now() - started),
    requests: run.requests,
  };
  run.dispose();
  return result;
}
