/**
 * Child-process entry of the offline plan: evaluates one stack and sends the result to
 * the parent. One process per stack, as the Pulumi CLI runs one program per process,
 * because the program declares its resources when its module is first loaded.
 */
import { offlineDatadogPagerdutyTile } from "../lookups/datadogPagerdutyTile";
import { offlineOpsgenieKeyRegion } from "../lookups/opsgenieKeyRegion";
import { offlineSentryOrganization } from "../lookups/offlineSentryOrganization";
import { evaluateStack } from "./evaluateStack";
import type { StackConfigValues } from "./stackFiles";

export interface PlanRequest extends StackConfigValues {
  project: string;
  stack: string;
}

// The SDK captures a stack trace per resource and promise (source positions, leak
// reports); with tsx's source maps on, mapping those traces costs ~5 ms a resource.
// The plan reports errors by message only, so traces stay unmapped.
process.setSourceMapsEnabled(false);

process.once("message", (request: PlanRequest) => {
  void evaluateStack({ ...request, loadProgram: async () => (await import("../program")).declareOperatorWiring({
      sentryOrganization: offlineSentryOrganization,
      opsgenieKeyRegion: offlineOpsgenieKeyRegion,
      datadogPagerdutyTile: offlineDatadogPagerdutyTile,
    }) }).then((evaluation) => {
    process.send?.(evaluation, () => process.exit(0));
  });
});
