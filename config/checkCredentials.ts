import type { ConfigProblem } from "./stackConfigError";
import { SecretValue } from "./secretValue";
import { credentialShapeOf } from "./credentialShapes";

/** What the program was given to read config from; see readStackConfig.ts. */
export interface RawStackConfig {
  stack: string;
  /** Every config value as the CLI passes it: full key (`ns:key`) → text (JSON for non-strings). */
  values: Readonly<Record<string, string>>;
  /** The full keys whose values are encrypted secrets in the stack file. */
  secretKeys: ReadonlySet<string>;
  env: Readonly<Record<string, string | undefined>>;
}

interface CredentialSpec {
  configKey: string;
  envVars: readonly string[];
  what: string;
}

export const credentialSpecs = {
  pagerdutyToken: { configKey: "pagerduty:token", envVars: ["PAGERDUTY_TOKEN"], what: "PagerDuty REST API key" },
  pagerdutyUserToken: {
    configKey: "pagerduty:userToken",
    envVars: ["PAGERDUTY_USER_TOKEN"],
    what: "PagerDuty user-level API token (PagerDuty's Slack connections accept no other)",
  },
  datadogApiKey: { configKey: "datadog:apiKey", envVars: ["DATADOG_API_KEY", "DD_API_KEY"], what: "Datadog API key" },
  datadogAppKey: { configKey: "datadog:appKey", envVars: ["DATADOG_APP_KEY", "DD_APP_KEY"], what: "Datadog application key" },
} as const satisfies Record<string, CredentialSpec>;

/**
 * A provider credential from the stack's encrypted config, else from the provider's
 * environment variable. A credential stored in plain text is refused rather than used:
 * it is already in git history, and the fix is to rotate it.
 */
export function resolveCredential(
  raw: RawStackConfig,
  spec: CredentialSpec,
  problems: ConfigProblem[],
): SecretValue | undefined {
  const fromConfig = raw.values[spec.configKey];
  if (fromConfig !== undefined) {
    if (!raw.secretKeys.has(spec.configKey)) {
      problems.push({
        key: spec.configKey,
        problem: `holds the ${spec.what} in plain text in Pulumi.${raw.stack}.yaml.`,
        hint: `rotate the key, then store the new one encrypted: pulumi config set --secret ${spec.configKey} <value> -s ${raw.stack}.`,
      });
      return undefined;
    }
    if (fromConfig.trim() === "") {
      problems.push({ key: spec.configKey, problem: "is set but empty.", hint: `pulumi config set --secret ${spec.configKey} <value> -s ${raw.stack}.` });
      return undefined;
    }
    return new SecretValue(fromConfig, spec.configKey);
  }
  for (const name of spec.envVars) {
    const value = raw.env[name];
    if (value !== undefined && value.trim() !== "") return new SecretValue(value, `$${name}`);
  }
  problems.push({
    key: spec.configKey,
    problem: `is not set, and neither is ${spec.envVars.map((v) => `$${v}`).join(" nor ")}; the ${spec.what} is needed to deploy.`,
    hint: `pulumi config set --secret ${spec.configKey} <value> -s ${raw.stack}, or export ${spec.envVars[0]}.`,
  });
  return undefined;
}

/** Keys that are credentials however they are spelled in the stack file; each has its own plain-text check. */
const credentialKeys = new Set<string>([...Object.values(credentialSpecs).map((s) => s.configKey), "operator-wiring:splunkHecToken"]);

/**
 * Refuses credentials pasted into plain keys (a description, a name, a provider setting):
 * a plain value lands in git. Secret-flagged keys are skipped; their values are encrypted.
 * Structured values are searched string by string, so the problem names the exact place.
 */
export function findPlainCredentials(raw: RawStackConfig): ConfigProblem[] {
  return Object.entries(raw.values)
    .filter(([key]) => !raw.secretKeys.has(key) && !credentialKeys.has(key))
    .flatMap(([key, text]) => stringsIn(parseJsonOrText(text), key))
    .flatMap(({ key, value }) => {
      const shape = credentialShapeOf(value);
      if (!shape) return [];
      return [
        {
          key,
          problem: `contains ${shape} in plain text in Pulumi.${raw.stack}.yaml.`,
          hint: "remove it and rotate it; credentials go in encrypted config (pulumi config set --secret) or in .env.local for verify.",
        },
      ];
    });
}

function parseJsonOrText(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

/** Every string inside a config value, with its config-key path (`ns:key[0].field`). */
function stringsIn(value: unknown, key: string): { key: string; value: string }[] {
  if (typeof value === "string") return [{ key, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsIn(item, `${key}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([field, item]) => stringsIn(item, `${key}.${field}`));
  }
  return [];
}
