import { execFile } from "node:child_process";
import { promisify } from "node:util";
import type { EnvValues } from "./envSources";

export interface StackOutputs {
  /** Variables the stack's outputs provide, e.g. PAGERDUTY_ROUTING_KEY. */
  env: EnvValues;
  /** What happened, for the run's header: read, or why not. */
  note: string;
}

/**
 * Inputs from a deployed stack (`pulumi stack output --json --show-secrets`): the routing
 * key the stack just created, so verify checks what was deployed rather than a copy in
 * .env.local. Without the Pulumi CLI this is skipped with a note; a missing input is then
 * reported by name like any other.
 */
export async function readStackOutputs(stack: string, env: EnvValues): Promise<StackOutputs> {
  const read = await pulumiStackOutputs(stack);
  if ("why" in read) return { env: {}, note: `stack ${stack}: outputs not read (${read.why}); inputs come from the environment and .env.local` };
  return stackOutputsToEnv(stack, read.outputs as StackOutputValues, env);
}

/** `pulumi stack output --json --show-secrets` of a deployed stack, or why it could not be read. */
export async function pulumiStackOutputs(stack: string): Promise<{ outputs: Record<string, unknown> } | { why: string }> {
  try {
    const { stdout } = await promisify(execFile)("pulumi", ["stack", "output", "--json", "--show-secrets", "--stack", stack], { timeout: 60_000 });
    return { outputs: JSON.parse(stdout) as Record<string, unknown> };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { why: code === "ENOENT" ? "the Pulumi CLI is not installed" : `pulumi stack output failed: ${(error as { stderr?: string }).stderr?.trim() || code}` };
  }
}

/** The stack outputs verify reads (see program.ts), as `pulumi stack output --json --show-secrets` prints them. */
export interface StackOutputValues {
  pagerdutyRoutingKeys?: Record<string, string>;
  services?: Record<
    string,
    {
      pagerdutyServiceId?: string;
      pagerdutyServiceName?: string;
      validationMonitorId?: string | null;
      opsgenie?: { team?: string } | null;
      sentry?: { project?: string } | null;
    }
  >;
  splunkHec?: { url?: string; index?: string } | null;
  opsgenieApiKeys?: Record<string, string>;
  opsgenieRegion?: string | null;
  splunkHecToken?: string | null;
  sentry?: { organization?: string; apiUrl?: string } | null;
}

/**
 * The verify variables a stack's outputs provide. A stack with several services names the one
 * to probe in PAGERDUTY_SERVICE; its key, ids, Opsgenie team and Sentry project are taken.
 */
export function stackOutputsToEnv(stack: string, outputs: StackOutputValues, env: EnvValues): StackOutputs {
  const keys = outputs.pagerdutyRoutingKeys ?? {};
  const names = Object.keys(keys);
  // One service: its key. Several: PAGERDUTY_SERVICE names the one to probe.
  const chosen = names.length === 1 ? names[0] : env.PAGERDUTY_SERVICE;
  const routingKey = chosen ? keys[chosen] : undefined;
  const note =
    names.length > 1 && !routingKey
      ? `stack ${stack}: ${names.length} PagerDuty services (${names.join(", ")}); set PAGERDUTY_SERVICE to the one to probe`
      : `stack ${stack}: outputs read${chosen ? ` (PagerDuty service "${chosen}")` : ""}`;
  // The same service's identifiers, for the wiring checks (--wiring).
  const service = chosen ? outputs.services?.[chosen] : undefined;
  return {
    env: {
      PAGERDUTY_ROUTING_KEY: routingKey,
      PAGERDUTY_SERVICE_ID: service?.pagerdutyServiceId,
      PAGERDUTY_SERVICE_NAME: service?.pagerdutyServiceName,
      DATADOG_MONITOR_ID: service?.validationMonitorId ?? undefined,
      OPSGENIE_API_KEY: chosen ? outputs.opsgenieApiKeys?.[chosen] : undefined,
      OPSGENIE_TEAM: service?.opsgenie?.team,
      OPSGENIE_REGION: service?.opsgenie ? (outputs.opsgenieRegion ?? undefined) : undefined,
      SENTRY_ORG: outputs.sentry?.organization,
      // Verify takes Sentry's web root; the stack keeps the API base.
      SENTRY_URL: outputs.sentry?.apiUrl?.replace(/\/api\/0\/?$/, ""),
      SENTRY_PROJECT: service?.sentry?.project,
      SPLUNK_HEC_URL: outputs.splunkHec?.url,
      SPLUNK_HEC_INDEX: outputs.splunkHec?.index,
      SPLUNK_HEC_TOKEN: outputs.splunkHecToken ?? undefined,
    },
    note,
  };
}
