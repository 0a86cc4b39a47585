/**
 * Child-process entry of the offline plan: evaluates one stack and sends the result to
 * the parent. One process per stack, as the Pulumi CLI runs one program per process,
 * because the program declares its resources when its module is first loaded.
 */
import { evaluateStack } from "./evaluateStack";
import type { StackConfigValues } from "./stackFiles";

export interface PlanRequest extends StackConfigValues {
  project: string;
  stack: string;
}

process.once("message", (request: PlanRequest) => {
  void evaluateStack({ ...request, loadProgram: () => import("../index") }).then((evaluation) => {
    process.send?.(evaluation, () => process.exit(0));
  });
});
