/**
 * Child-process entry of the plan worker "planStackWorker" (runPlanWorker): evaluates one stack
 * and sends the result to the parent, for callers whose own process runs a Pulumi program of its
 * own (the rehearsal). It runs from its bundle under plain Node (no source maps to map traces
 * with), and evaluateStack captures none while the program runs.
 */
// First: the SDK, loaded by what follows, finds what it loads but need not deferred (deferSdkModules.ts).
import "./deferSdkModules";
import { planInThisProcess, type PlanRequest } from "./planStacks";

process.once("message", (request: PlanRequest) => {
  void planInThisProcess(request).then((evaluation) => {
    process.send?.(evaluation, () => process.exit(0));
  });
});
