/**
 * Child-process entry of the plan worker "planStackWorker" (runPlanWorker): evaluates one stack and sends the result to the parent,
 * for callers whose own process runs a Pulumi program of its own (the rehearsal).
 */
import { planInThisProcess, type PlanRequest } from "./planStacks";

// The SDK captures a stack trace per resource and promise (source positions, leak
// reports); with tsx's source maps on, mapping those traces costs ~5 ms a resource.
// The plan reports errors by message only, so traces stay unmapped.
process.setSourceMapsEnabled(false);

process.once("message", (request: PlanRequest) => {
  void planInThisProcess(request).then((evaluation) => {
    process.send?.(evaluation, () => process.exit(0));
  });
});
