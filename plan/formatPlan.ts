import Table from "cli-table3";
import { stringify } from "yaml";
import type { Evaluation, StackOutput } from "./evaluateStack";
import { offlineSentryAssumption } from "../lookups/offlineSentryOrganization";
import { offlineDatadogTileAssumption } from "../lookups/datadogPagerdutyTile";
import { offlineOpsgenieAssumption } from "../lookups/opsgenieKeyRegion";
import { shortType, summarize } from "./resourceSummary";
import { wrapWords } from "./wrapWords";

/** The table's columns, padding included; cells are wrapped to them here (wrapWords.ts), not by cli-table3. */
const colWidths = [22, 42, 64, 9];

/** One stack's plan as text: the resources a fresh `pulumi up` would create, then the outputs. */
export function formatPlan(evaluation: Evaluation): string {
  if (!evaluation.ok) {
    return `Stack ${evaluation.stack}: the program stopped before planning; nothing would be created.\n${evaluation.error}\n`;
  }
  const custom = evaluation.resources.filter((r) => r.custom);
  const components = evaluation.resources.length - custom.length;
  const table = new Table({
    head: ["Resource", "Pulumi name", "Key settings", "On destroy"].map((title, i) => wrapWords(title, colWidths[i] - 2)),
    style: { head: [], border: [] },
    colWidths,
  });
  for (const resource of custom) {
    const cells = [shortType(resource.type), resource.name, summarize(resource).join("\n"), resource.options.retainOnDelete ? "retain" : "delete"];
    // Each column less its padding (one space each side).
    table.push(cells.map((cell, i) => wrapWords(cell, colWidths[i] - 2)));
  }
  const lookups = evaluation.invokes.map((i) => `  lookup at deploy: ${i.token.split(":").pop()} ${JSON.stringify(i.args)}`);
  const outputs = Object.entries(evaluation.outputs).map(([key, output]) => `  ${key}: ${describeOutput(output)}`);
  const routing =
    evaluation.outputs.routingEnabled?.value === false
      ? "routing disabled (one-flag rollback): PagerDuty services and keys kept, no Datadog mappings or monitors"
      : "routing enabled";
  const retained = custom.filter((r) => r.options.retainOnDelete).length;
  return [
    `Stack ${evaluation.stack}: ${custom.length} resources to create (in ${components} components); ${routing}; ` +
      `pulumi destroy would ${retained > 0 ? `retain ${retained} resources (credential-bearing, or used by one) and delete the rest` : "delete everything"}.`,
    table.toString(),
    ...(lookups.length > 0 ? ["Lookups (answered by PagerDuty at deploy; placeholders here):", ...lookups] : []),
    ...(evaluation.outputs.sentry?.value ? [offlineSentryAssumption] : []),
    ...(evaluation.outputs.opsgenieRegion?.value ? [offlineOpsgenieAssumption] : []),
    ...(usesForeignTile(custom) ? [offlineDatadogTileAssumption] : []),
    ...(evaluation.warnings.length > 0 ? ["Warnings (pulumi preview shows these too):", ...evaluation.warnings.map((w) => `  - ${w}`)] : []),
    "Outputs:",
    ...outputs,
    "",
  ].join("\n");
}

/** Maps services in Datadog (PagerDuty service objects) without declaring the org's PagerDuty tile. */
function usesForeignTile(resources: { type: string }[]): boolean {
  const has = (type: string) => resources.some((r) => r.type === type);
  return has("datadog:pagerduty/serviceObject:ServiceObject") && !has("datadog:pagerduty/integration:Integration");
}

function describeOutput(output: StackOutput): string {
  if (output.secret) return "[secret]";
  if (output.value !== null && typeof output.value === "object") {
    return `\n${stringify(output.value).trimEnd().replace(/^/gm, "    ")}`;
  }
  return JSON.stringify(output.value);
}
