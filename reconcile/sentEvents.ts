import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import { logFileName, runHeaderLine } from "../verify/preserve";
import { sendLabels } from "../verify/probes/markedEvent";

/** The integrations whose received events a vendor can count (O5); the others have no count to ask for. */
export const counted = ["pagerduty", "opsgenie", "datadog", "splunk"] as const;
export type Counted = (typeof counted)[number];

/** The request that carries each probe's marked event, and the status that means the vendor took it. */
const sendingRequest: Record<Counted, { label: string; accepted: number }> = {
  pagerduty: { label: sendLabels.pagerduty, accepted: 202 },
  opsgenie: { label: sendLabels.opsgenie, accepted: 202 },
  datadog: { label: sendLabels.datadog, accepted: 202 },
  splunk: { label: sendLabels.splunk, accepted: 200 },
};

/** One marked event verify sent to a vendor, as its log shows. */
export interface SentEvent {
  integration: Counted;
  stack: string;
  runId: string;
  day: string;
}

/** A request line: `[<integration>] POST <url> (<label>…) → <status> …`. */
const request = /^\[([a-z]+)\] (?:POST|PUT) \S+ \(([^;)]+)[;)].* → (\d{3})\b/;

/**
 * The marked events verify sent to the vendors between two days (inclusive, `YYYYMMDD`), from its
 * logs (`verify --log`): per run, each integration probed in real mode whose sending request the
 * vendor accepted. Mock-mode runs never reached a vendor and are not counted; a run whose send was
 * refused sent nothing to count.
 */
export function sentEvents(logDir: string, from: string, to: string): { events: SentEvent[]; files: string[] } {
  if (!existsSync(logDir)) return { events: [], files: [] };
  const files = readdirSync(logDir)
    .map((file) => ({ file, match: logFileName.exec(file) }))
    .filter(({ match }) => match !== null && match[2] >= from && match[2] <= to)
    .sort((a, b) => a.file.localeCompare(b.file));
  const events: SentEvent[] = [];
  for (const { file, match } of files) {
    const [, stack, day] = match as RegExpExecArray;
    let run: { id: string; real: Set<string> } | undefined;
    const seen = new Set<string>();
    for (const line of readFileSync(path.join(logDir, file), "utf8").split("\n")) {
      const started = runHeaderLine.exec(line);
      if (started) {
        run = { id: started[1], real: new Set(started[2].split(", ").filter((m) => m.endsWith("=real")).map((m) => m.split("=")[0])) };
        continue;
      }
      const sent = request.exec(line);
      if (!run || !sent) continue;
      const integration = sent[1] as Counted;
      const expected = sendingRequest[integration];
      if (!expected || !run.real.has(integration) || sent[2] !== expected.label || Number(sent[3]) !== expected.accepted) continue;
      // A retried send is one event (the vendor de-duplicates it, or it was never resent).
      const key = `${run.id}/${integration}`;
      if (seen.has(key)) continue;
      seen.add(key);
      events.push({ integration, stack, runId: run.id, day });
    }
  }
  return { events, files: files.map(({ file }) => file) };
}
