/**
 * A rehearsal stack's configuration: the committed stack file's `config:` as it is, plus the
 * environment (the rehearsal stack's name is not one of dev/staging/prod) and the mock
 * endpoints; the provider credentials are the rehearsal's fakes, stored as secrets.
 */
import type { Environment } from "../config/projectKeys";
import { parseStackConfig } from "../config/parseStackConfig";
import { type RehearsalEndpoints, rehearsalEndpointsKey, rehearsalStackName } from "../config/rehearsalEndpoints";
import type { StackSettings } from "../config/stackSettings";
import type { RunningMocks } from "../mock-endpoints/startMocks";
import { configText, readProjectFile, readStackFile } from "../plan/stackFiles";
import { rehearsalCredentialEnv, rehearsalSecretConfig } from "./rehearsalCredentials";

export interface RehearsalStackConfig {
  stackName: string;
  /** The stack file's `config:`. */
  config: Record<string, unknown>;
  secrets: Record<string, string>;
  /** The settings the program will build from (for seeding the mocks and checking the result). */
  settings: StackSettings;
  /** Config as the CLI hands it to the program (full key → text), secrets included. */
  values: Record<string, string>;
}

export function mockEndpoints(mocks: RunningMocks): RehearsalEndpoints {
  const url = (service: keyof RunningMocks["urls"]) => {
    const found = mocks.urls[service];
    if (!found) throw new Error(`the ${service} mock is not running`);
    return found;
  };
  // Splunk serves HEC and the management API on one mock port.
  return { pagerduty: url("pagerduty"), datadog: url("datadog"), sentry: url("sentry"), opsgenie: url("opsgenie"), splunkHec: url("splunk"), splunkManagement: url("splunk") };
}

export function rehearsalStackConfig(environment: Environment, endpoints: RehearsalEndpoints, overrides: Record<string, unknown> = {}): RehearsalStackConfig {
  const stackName = rehearsalStackName(environment);
  const config = { ...readStackFile(environment), "operator-wiring:environment": environment, [rehearsalEndpointsKey]: endpoints, ...overrides };
  // As the CLI hands config to the program: Pulumi.yaml's defaults under the stack's values, as text.
  const values: Record<string, string> = {};
  for (const [key, declaration] of Object.entries(readProjectFile().config)) {
    if (declaration.default !== undefined) values[key] = configText(declaration.default);
  }
  for (const [key, value] of Object.entries(config)) values[key] = configText(value);
  const secrets = { ...rehearsalSecretConfig };
  const parsed = parseStackConfig({ stack: stackName, values: { ...values, ...secrets }, secretKeys: new Set(Object.keys(secrets)), env: rehearsalCredentialEnv });
  if (!parsed.ok) throw new Error(`the rehearsal configuration of ${environment} is refused: ${parsed.problems.map((p) => `${p.key}: ${p.problem}`).join("; ")}`);
  return { stackName, config, secrets, settings: parsed.settings, values: { ...values, ...secrets } };
}
