import { expect, vi } from "vitest";
import { type Evaluation, evaluateStack } from "../../plan/evaluateStack";
import { configText, stackConfigValues } from "../../plan/stackFiles";
import { offlineSentryOrganization } from "../../lookups/offlineSentryOrganization";
import { type DatadogTileCheck, offlineDatadogPagerdutyTile } from "../../lookups/datadogPagerdutyTile";
import { type OpsgenieKeyCheck, offlineOpsgenieKeyRegion } from "../../lookups/opsgenieKeyRegion";
import type { SentryOrganizationLookup } from "../../lookups/sentryOrganization";
import { testCredentials } from "./testCredentials";


export interface ProgramRun {
  stack: string;
  /** Project keys to set or replace (without the `operator-wiring:` prefix); undefined removes. */
  overrides?: Record<string, unknown>;
  /** Start from the committed stack file (default) or from nothing but Pulumi.yaml defaults. */
  fromStackFile?: boolean;
  /** Full keys of overrides that are secrets (e.g. `operator-wiring:splunkHecToken`). */
  extraSecretKeys?: string[];
  /** $SPLUNK_MGMT_TOKEN for the run; "" for none. @default a canary value */
  splunkManagementToken?: string;
  /** $OPSGENIE_ACCOUNT_API_KEY for the run; "" for none. @default a canary value */
  opsgenieAccountKey?: string;
  /** $SENTRY_AUTH_TOKEN for the run; "" for none. @default a canary value */
  sentryToken?: string;
  /** How the program learns the Sentry organization. @default the offline plan's assumptions */
  sentryOrganization?: SentryOrganizationLookup;
  /** How the program checks the Opsgenie key's region. @default the offline plan's (no check) */
  opsgenieKeyRegion?: OpsgenieKeyCheck;
  /** How a stack without the tile checks the org's Datadog PagerDuty tile. @default the offline plan's (no check) */
  datadogPagerdutyTile?: DatadogTileCheck;
}

/** Evaluations by test file and run: many tests of a file look at different parts of one plan. */
const evaluations = new Map<string, Promise<Evaluation>>();

/**
 * Runs the program (program.ts) under strict Pulumi mocks with a stack's committed config,
 * plus test credentials as secrets, and returns what it declared. The program is deterministic,
 * so a run asked for again (the same stack, overrides and credentials, and the offline
 * lookups) is the same evaluation; a run with lookups of its own is always made afresh.
 */
export function evaluateProgram(run: ProgramRun): Promise<Evaluation> {
  if (run.sentryOrganization || run.opsgenieKeyRegion || run.datadogPagerdutyTile) return evaluateAfresh(run);
  const key = `${expect.getState().testPath} ${JSON.stringify(run, (_, value: unknown) => (value === undefined ? "(undefined)" : value))}`;
  let evaluation = evaluations.get(key);
  if (!evaluation) evaluations.set(key, (evaluation = evaluateAfresh(run)));
  return evaluation;
}

async function evaluateAfresh(run: ProgramRun): Promise<Evaluation> {
  const base = run.fromStackFile === false ? stackConfigValues("dev") : stackConfigValues(run.stack);
  const values: Record<string, string> = { ...base.values, ...testCredentials };
  if (run.fromStackFile === false) delete values["operator-wiring:services"];
  for (const [key, value] of Object.entries(run.overrides ?? {})) {
    if (value === undefined) delete values[`operator-wiring:${key}`];
    else values[`operator-wiring:${key}`] = configText(value);
  }
  // The modules stay loaded from run to run: the program keeps no state in them (the offline plan
  // relies on that too, planning every stack in one process; test/offlinePlan.test.ts checks it).
  // The Splunk token resource reads this at deploy time; the program checks it is there.
  vi.stubEnv("SPLUNK_MGMT_TOKEN", run.splunkManagementToken === undefined ? "canary-splunk-management-token" : run.splunkManagementToken);
  vi.stubEnv("OPSGENIE_ACCOUNT_API_KEY", run.opsgenieAccountKey === undefined ? "canary-opsgenie-account-key" : run.opsgenieAccountKey);
  // PagerDuty's Slack connections need a user-level token besides the account key.
  vi.stubEnv("PAGERDUTY_USER_TOKEN", "canary-pagerduty-user-token");
  vi.stubEnv("SENTRY_AUTH_TOKEN", run.sentryToken === undefined ? "canary-sentry-auth-token" : run.sentryToken);
  try {
    return await evaluateRun(run, values, base.secretKeys, run.extraSecretKeys ?? []);
  } finally {
    vi.unstubAllEnvs();
  }
}

function evaluateRun(run: ProgramRun, values: Record<string, string>, baseSecrets: string[], extraSecrets: string[]): Promise<Evaluation> {
  return evaluateStack({
    project: "operator-wiring",
    stack: run.stack,
    values,
    secretKeys: [...baseSecrets, ...Object.keys(testCredentials), ...extraSecrets],
    loadProgram: async () => {
      const { declareOperatorWiring } = await import("../../program");
      return declareOperatorWiring({
        sentryOrganization: run.sentryOrganization ?? offlineSentryOrganization,
        opsgenieKeyRegion: run.opsgenieKeyRegion ?? offlineOpsgenieKeyRegion,
        datadogPagerdutyTile: run.datadogPagerdutyTile ?? offlineDatadogPagerdutyTile,
      });
    },
  });
}

/** The evaluation, or a failed test naming the program's error. */
export function planned(evaluation: Evaluation): Extract<Evaluation, { ok: true }> {
  if (!evaluation.ok) throw new Error(`expected the program to plan, but it stopped: ${evaluation.error}`);
  return evaluation;
}
