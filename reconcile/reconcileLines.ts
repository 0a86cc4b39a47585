import { reportTable } from "../verify/reportTable";
import { driftLimit, type ReconcileReport } from "./runReconcile";

/** The table, then the verdict, as lines. */
export function reconcileLines(report: ReconcileReport): string[] {
  const table = reportTable(["integration", "stack", "sent", "received", "drift", "result", "detail"], [13, 10, 7, 10, 9, 8, 60]);
  for (const r of report.rows) table.push([r.integration, r.stack, r.sent, r.received ?? "?", r.driftPercent === undefined ? "?" : `${r.driftPercent.toFixed(2)} %`, r.status, r.detail]);
  const flagged = report.rows.filter((r) => r.status === "DRIFT");
  const verdict =
    report.verdict === "PASS"
      ? `Reconciliation ${report.since} to ${report.until}: PASS (every count within ${driftLimit * 100} %)`
      : report.verdict === "FAIL"
        ? `Reconciliation ${report.since} to ${report.until}: FAIL (drift over ${driftLimit * 100} %: ${flagged.map((r) => `${r.integration} ${r.stack} ${r.driftPercent?.toFixed(2)} %`).join(", ")})`
        : `Reconciliation ${report.since} to ${report.until}: HOLD (${report.rows.length === 0 ? "no marked event sent to a vendor in the logs of these days: run verify in real mode with --log" : "some counts could not be made"})`;
  return [`Log files read: ${report.logFiles.length === 0 ? "none" : report.logFiles.join(", ")}`, table.toString(), verdict];
}
