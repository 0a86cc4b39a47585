import { fork } from "node:child_process";
import path from "node:path";
import type { Evaluation } from "./evaluateStack";
import type { PlanRequest } from "./planStackWorker";
import { credentialSpecs } from "../config/checkCredentials";

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

const worker = path.join(__dirname, "planStackWorker.ts");

/**
 * Evaluates one stack in its own process and returns the evaluation, or what `otherWorker` (a
 * module that answers a PlanRequest the same way, e.g. the routing map's) sends back.
 */
export function planStack<T = Evaluation>(request: PlanRequest, otherWorker?: string): Promise<T> {
  return runPlanWorker<T>(otherWorker ?? worker, request);
}

/**
 * Runs a plan worker (a module that evaluates the stack on the request it is sent and answers
 * once) in its own process, without the caller's credentials, and gives its answer.
 */
export function runPlanWorker<T>(workerPath: string, request: PlanRequest): Promise<T> {
  return new Promise((resolve, reject) => {
    const child = fork(workerPath, [], {
      execArgv: ["--import", "tsx"],
      // The program must not see real credentials from the caller's shell.
      // The credentials dynamic providers read at deploy time are checked for presence only;
      // the mock runtime never runs those providers, and the plan's Sentry lookup asks no one.
      env: {
        ...process.env,
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
      },
      stdio: ["ignore", "inherit", "inherit", "ipc"],
    });
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
