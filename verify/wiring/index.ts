/** The runbook's wiring checks (requirement V10): what verify calls. */
export { runWiringChecks, wiringChecks, type RunWiringChecksOptions } from "./runWiringChecks";
export type { WiringCheckResult, WiringIntegration, WiringModes } from "./wiringCheck";
export { type WiringTarget, wiringTargetFrom } from "./wiringTarget";
