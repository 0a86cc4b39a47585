import { type Integration, integrations, isIntegration } from "./integrations";
import { UsageError } from "./usageError";

/** Where a probe sends its test event: the local mock endpoints, or the vendor. */
export type ProbeMode = "mock" | "real";

/**
 * `OPERATOR_WIRING_MODE` (requirement V2): `mock` (the default), `real_all`, or
 * `real_<name>` — several may be joined with commas (`real_slack,real_sentry`). An
 * integration not named real runs against its mock.
 */
export function parseMode(value: string | undefined): Record<Integration, ProbeMode> {
  const text = (value ?? "mock").trim() || "mock";
  const modes = Object.fromEntries(integrations.map((name) => [name, "mock"])) as Record<Integration, ProbeMode>;
  for (const part of text.split(",").map((p) => p.trim())) {
    if (part === "mock") continue;
    if (part === "real_all") {
      for (const name of integrations) modes[name] = "real";
      continue;
    }
    const name = part.startsWith("real_") ? part.slice("real_".length) : "";
    if (!isIntegration(name)) {
      throw new UsageError(
        `OPERATOR_WIRING_MODE: "${part}" is not a mode.`,
        `use mock, real_all, or real_<name> with a name from ${integrations.join(", ")} (e.g. export OPERATOR_WIRING_MODE=real_slack).`,
      );
    }
    modes[name] = "real";
  }
  return modes;
}
