import Table from "cli-table3";

/**
 * A report's table as verify, its chain and reconcile print it: no colours (the output goes to
 * logs and cron mail), fixed column widths, long cells wrapped.
 */
export function reportTable(head: string[], colWidths: number[]): InstanceType<typeof Table> {
  return new Table({ head, style: { head: [], border: [] }, colWidths, wordWrap: true });
}
