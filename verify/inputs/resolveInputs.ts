import type { Integration } from "../integrations";
import type { ProbeMode } from "../mode";
import type { Redactor } from "../redactor";
import type { EnvValues } from "./envSources";
import { type InputProblem, type InputsByIntegration, mockInputs } from "./integrationInputs";
import { realInputs } from "./realInputs";

/** Every missing or malformed input at once (exit code 2), before any request is made. */
export class InputsError extends Error {
  override name = "InputsError";
  constructor(readonly problems: InputProblem[]) {
    super(problems.map((p) => `${p.variable} ${p.problem} Hint: ${p.hint}`).join("\n"));
  }
}

export type ResolvedInputs = { [N in Integration]?: InputsByIntegration[N] };

/** The inputs' secret values, registered with the redactor before anything is printed. */
function secretsOf(inputs: ResolvedInputs): (string | undefined)[] {
  return [
    ...(inputs.slack?.webhookUrls ?? []),
    inputs.sentry?.dsn,
    inputs.sentry?.api?.token,
    inputs.pagerduty?.routingKey,
    inputs.pagerduty?.api?.token,
    inputs.opsgenie?.apiKey,
    inputs.datadog?.apiKey,
    inputs.datadog?.appKey,
    inputs.splunk?.token,
    inputs.splunk?.search?.token,
  ];
}

/**
 * The inputs of every integration in scope: mock-mode ones from the mock defaults, real
 * ones from the environment. Registers every secret with the redactor; throws InputsError
 * listing every problem.
 */
export function resolveInputs(
  scope: readonly Integration[],
  modes: Record<Integration, ProbeMode>,
  env: EnvValues,
  redactor: Redactor,
  stack: string | undefined,
): ResolvedInputs {
  const problems: InputProblem[] = [];
  const mocks = mockInputs(env);
  const resolved: Record<string, unknown> = {};
  for (const name of scope) {
    resolved[name] = modes[name] === "mock" ? mocks[name] : realInputs[name](env, problems);
  }
  const inputs = resolved as ResolvedInputs;
  if (inputs.splunk?.insecure && modes.splunk === "real" && stack !== undefined && stack !== "dev") {
    problems.push({
      variable: "SPLUNK_HEC_INSECURE",
      problem: `skips TLS verification, which is allowed only for the dev stack (this is "${stack}").`,
      hint: "install the HEC's CA certificate (NODE_EXTRA_CA_CERTS=<file>) and unset SPLUNK_HEC_INSECURE.",
    });
  }
  for (const secret of secretsOf(inputs)) redactor.add(secret);
  if (problems.length > 0) throw new InputsError(problems);
  return inputs;
}
