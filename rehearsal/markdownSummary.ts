/**
 * The rehearsal's result as Markdown, for a pull request comment and the job summary: the
 * totals, then one row per step. Details are kept to their first line; the job log has the rest.
 */
import type { StepResult } from "./steps";

/** Marks the comment so that later pushes update it instead of adding another. */
export const commentMarker = "<!-- operator-wiring rehearsal -->";

const cell = (text: string) => text.split("\n")[0].replace(/\|/g, "\\|").slice(0, 300);

export function markdownSummary(results: readonly StepResult[], cli: { version: string; source: string }): string {
  const count = (status: StepResult["status"]) => results.filter((r) => r.status === status).length;
  return [
    commentMarker,
    `### Rehearsal: the real Pulumi engine against the mock endpoints`,
    "",
    `Pulumi CLI ${cli.version} (${cli.source}). **${count("PASS")} passed, ${count("FAIL")} failed, ${count("BLOCKED")} blocked** (BLOCKED: needs a provider plugin this machine cannot build; see the README, Rehearsal).`,
    "",
    "| stack | chain | step | status | s | detail |",
    "|---|---|---|---|---:|---|",
    ...results.map((r) => `| ${r.stack} | ${r.part} | ${r.step} | ${r.status} | ${r.seconds.toFixed(1)} | ${cell(r.detail)} |`),
    "",
  ].join("\n");
}
