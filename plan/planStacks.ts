import { fork } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { credentialSpecs } from "../config/checkCredentials";
import { offlineDatadogPagerdutyTile } from "../lookups/datadogPagerdutyTile";
import { offlineOpsgenieKeyRegion } from "../lookups/opsgenieKeyRegion";
import { offlineSentryOrganization } from "../lookups/offlineSentryOrganization";
import type { ProgramLookups } from "../program";
import { type Evaluation, evaluateStack } from "./evaluateStack";
import { projectRoot, type StackConfigValues } from "./stackFiles";

export interface PlanRequest extends StackConfigValues {
  project: string;
  stack: string;
}

/**
 * Stand-ins for the provider credentials, used only where the stack has none in its
 * config: the mock runtime contacts no vendor, so a real key is never needed and never
 * read. They are passed as secrets, exactly as `pulumi config set --secret` would.
 */
export function withOfflineCredentials(request: PlanRequest): PlanRequest {
  const values = { ...request.values };
  const secretKeys = new Set(request.secretKeys);
  for (const { configKey } of Object.values(credentialSpecs)) {
    if (values[configKey] === undefined) {
      values[configKey] = "offline-plan-placeholder";
      secretKeys.add(configKey);
    }
  }
  return { ...request, values, secretKeys: [...secretKeys] };
}

/**
 * The environment the program is planned in. The program must not see real credentials from the
 * caller's shell. The credentials dynamic providers read at deploy time are checked for presence
 * only; the mock runtime never runs those providers, and the plan's lookups ask no one.
 */
const offlineEnvironment: Record<string, string> = {
  PAGERDUTY_TOKEN: "",
  PAGERDUTY_USER_TOKEN: "",
  DATADOG_API_KEY: "",
  DD_API_KEY: "",
  DATADOG_APP_KEY: "",
  DD_APP_KEY: "",
  SPLUNK_MGMT_TOKEN: "offline-plan-placeholder",
  SPLUNK_MGMT_USERNAME: "",
  SPLUNK_MGMT_PASSWORD: "",
  OPSGENIE_ACCOUNT_API_KEY: "offline-plan-placeholder",
  SENTRY_AUTH_TOKEN: "offline-plan-placeholder",
};

/**
 * Evaluates one stack in this process, with the offline environment for as long as the program
 * runs. Stacks planned one after another share the loaded SDK and program (which keeps no
 * state in its modules) and get a fresh Pulumi runtime each (evaluateStack sets it up).
 * Not for a process that runs a Pulumi program of its own (the rehearsal): see runPlanWorker.
 * `lookups` replaces the offline plan's assumptions (the planned world tells the program its own
 * Sentry integrations).
 */
export async function planInThisProcess(request: PlanRequest, lookups: Partial<ProgramLookups> = {}): Promise<Evaluation> {
  const saved = Object.fromEntries(Object.keys(offlineEnvironment).map((name) => [name, process.env[name]]));
  Object.assign(process.env, offlineEnvironment);
  try {
    return await evaluateStack({
      ...request,
      loadProgram: async () =>
        (await import("../program")).declareOperatorWiring({
          sentryOrganization: offlineSentryOrganization,
          opsgenieKeyRegion: offlineOpsgenieKeyRegion,
          datadogPagerdutyTile: offlineDatadogPagerdutyTile,
          ...lookups,
        }),
    });
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}

/** The plan workers (build/bundles.mjs): modules that evaluate the stack on the request they are sent and answer once. */
export type PlanWorker = "planStackWorker" | "planWorldWorker" | "routesWorker";

const workerBundles = new Map<PlanWorker, Promise<string>>();

/**
 * The worker's bundle, built first when a source changed since (build/bundles.mjs, plain
 * JavaScript found from the project root); checked once per process, so stacks planned side by
 * side do not each rebuild it.
 */
function workerBundle(worker: PlanWorker): Promise<string> {
  let bundle = workerBundles.get(worker);
  if (!bundle) {
    bundle = import(pathToFileURL(path.join(projectRoot, "build", "bundles.mjs")).href).then((bundles: typeof import("../build/bundles.mjs")) => bundles.freshBundle(worker));
    workerBundles.set(worker, bundle);
  }
  return bundle;
}

/**
 * Runs a plan worker in its own process, in the offline environment (no caller credentials), and
 * gives its answer: for a caller whose own Pulumi runtime must stay untouched (the rehearsal), or
 * that plans stacks side by side (the routing map, the chain's planned world).
 */
export async function runPlanWorker<T>(worker: PlanWorker, request: PlanRequest): Promise<T> {
  const file = await workerBundle(worker);
  return new Promise((resolve, reject) => {
    const child = fork(file, [], { env: { ...process.env, ...offlineEnvironment }, stdio: ["ignore", "inherit", "inherit", "ipc"] });
    let answered = false;
    child.once("message", (answer: T) => {
      answered = true;
      resolve(answer);
    });
    child.once("error", reject);
    child.once("exit", (code) => {
      if (!answered) reject(new Error(`The plan of stack "${request.stack}" exited with code ${code} before answering.`));
    });
    child.send(request);
  });
}
