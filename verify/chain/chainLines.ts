import { reportTable } from "../reportTable";
import type { ChainReport, ChainResult, HopLine } from "./chainResult";

const latency = (hop: HopLine): string => (hop.latencyMs === undefined ? "" : `${hop.latencyMs} ms`);

/** One source's block: a heading, one line per hop with its latency, the negative proof, the clean-up, the broken hop and why. */
export function sourceLines(result: ChainResult): string[] {
  const hop = (h: HopLine) => `  ${h.status.padEnd(11)} ${latency(h).padStart(8)}  ${h.hop}: ${h.detail}`;
  return [
    `[chain] ${result.stack} · ${result.source} → ${result.status} (marker ${result.marker})`,
    ...result.hops.map(hop),
    hop(result.elsewhere),
    `  clean-up: ${result.cleanup}${result.cleanupDetail ? ` (${result.cleanupDetail})` : ""}`,
    ...(result.brokenHop ? [`  first broken hop: ${result.brokenHop}`, `  why: ${result.diagnosis ?? "(unknown)"}`] : []),
  ];
}

/** The summary table, the notes, then the verdict. */
export function chainSummaryLines(report: ChainReport): string[] {
  const table = reportTable(["stack", "source", "result", "hops", "time", "clean-up", "first broken hop"], [9, 40, 8, 7, 9, 10, 50]);
  for (const r of report.results) {
    const passed = r.hops.filter((h) => h.status === "PASS").length;
    table.push([r.stack, r.source, r.status, `${passed}/${r.hops.length}`, `${(r.durationMs / 1000).toFixed(2)} s`, r.cleanup, r.brokenHop ?? ""]);
  }
  const failed = report.results.filter((r) => r.status === "FAIL");
  const verdict =
    report.verdict === "PASS"
      ? `Chain verdict: PASS (${report.results.length} of ${report.results.length} alerts reached every target, and nothing else)`
      : report.verdict === "HOLD"
        ? `Chain verdict: HOLD (${report.results.filter((r) => r.status === "PASS").length} of ${report.results.length} confirmed; the rest are unconfirmed${report.results.length === 0 ? ": nothing was raised" : ""})`
        : `Chain verdict: FAIL (${failed.map((r) => `${r.stack} ${r.source}: ${r.brokenHop ?? "clean-up"}`).join("; ")})`;
  return [table.toString(), ...report.notes.map((n) => `note: ${n}`), verdict];
}
