import { reportTable } from "./reportTable";
import { integrationTitles } from "./integrations";
import type { ProbeResult, RunReport } from "./probeResult";

/**
 * V13: PASS only if every integration in scope passed (and every wiring check asked for);
 * a FAIL fails; anything unconfirmed holds.
 */
export function verdictOf(results: readonly ProbeResult[], wiring: readonly { status: string }[] = []): RunReport["verdict"] {
  const all = [...results, ...wiring];
  if (all.some((r) => r.status === "FAIL")) return "FAIL";
  if (results.length === 0 || all.some((r) => r.status !== "PASS")) return "HOLD";
  return "PASS";
}

function wiringLines(report: RunReport): string[] {
  if (!report.wiring) return [];
  const table = reportTable(["wiring check (runbook)", "result", "what was found"], [52, 8, 60]);
  for (const w of report.wiring) table.push([w.check, w.status, w.detail]);
  const diagnoses = report.wiring.filter((w) => w.diagnosis).map((w) => `  ${w.check}: ${w.diagnosis}`);
  return [table.toString(), ...diagnoses];
}

/** The summary table, the diagnoses, then the verdict, as lines. */
export function summaryLines(report: RunReport): string[] {
  const table = reportTable(["integration", "mode", "result", "time", "requests", "clean-up", "what happened"], [13, 6, 8, 9, 10, 13, 60]);
  for (const r of report.results) {
    table.push([integrationTitles[r.integration], r.mode, r.status, `${(r.durationMs / 1000).toFixed(2)} s`, r.requests, r.cleanup, r.summary]);
  }
  const diagnoses = report.results.filter((r) => r.diagnosis).map((r) => `${integrationTitles[r.integration]}: ${r.diagnosis}`);
  const passed = report.results.filter((r) => r.status === "PASS").length;
  const verdict =
    report.verdict === "PASS"
      ? `Verdict: PASS (${passed} of ${report.results.length} integrations passed)`
      : report.verdict === "HOLD"
        ? `Verdict: HOLD (${passed} of ${report.results.length} passed; the rest are unconfirmed, and partial green is not a pass)`
        : `Verdict: FAIL (${report.results.filter((r) => r.status === "FAIL").map((r) => integrationTitles[r.integration]).join(", ") || "no probe"} failed)`;
  const failedChecks = (report.wiring ?? []).filter((w) => w.status !== "PASS").length;
  const wiringNote = report.wiring && failedChecks > 0 ? `; ${failedChecks} wiring check(s) not passed` : "";
  return [
    table.toString(),
    ...(diagnoses.length > 0 ? ["Diagnosis:", ...diagnoses.map((d) => `  ${d}`)] : []),
    ...wiringLines(report),
    `${verdict}${report.verdict === "PASS" ? "" : wiringNote}`,
  ];
}
