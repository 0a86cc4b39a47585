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
 * environment variable. A credential stored in plain text is not used: findPlainCredentialKeys
 * has refused it already (it is in git history, and the fix is to rotate it).
 */
export function resolveCredential(
  raw: RawStackConfig,
  spec: CredentialSpec,
  problems: ConfigProblem[],
): SecretValue | undefined {
  const fromConfig = raw.values[spec.configKey];
  if (fromConfig !== undefined) {
    if (!raw.secretKeys.has(spec.configKey)) return undefined;
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

/**
 * Every key that holds a credential, whether or not the feature that reads it is on: a
 * plain-text value is in git history the moment the file is committed, so it is refused even
 * where the stack would not use it. `sentry:token` is not read by the stack (it gives the
 * Sentry provider $SENTRY_AUTH_TOKEN), so its fix is the environment variable.
 */
const credentialKeys: readonly { key: string; what: string; store?: (stack: string) => string }[] = [
  ...Object.values(credentialSpecs).map((s) => ({ key: s.configKey, what: s.what })),
  { key: "operator-wiring:splunkHecToken", what: "Splunk HEC token" },
  {
    key: "sentry:token",
    what: "Sentry auth token",
    store: (stack) => `pulumi config rm sentry:token -s ${stack}, and export the new token as SENTRY_AUTH_TOKEN (the stack reads only that)`,
  },
];

/** Names that say a key holds a credential, in any namespace (`datadog:api_key`, `slack:webhookUrl`). */
const credentialName = /(token|secret|password|passwd|api_?key|app_?key|application_?key|routing_?key|integration_?key|webhook|dsn)$/i;

/** A plain-text credential's hint: rotate, because git keeps the old value, then store the new one encrypted. */
export function rotateHint(key: string, stack: string, store?: string): string {
  return `rotate it (it is in git history now), then ${store ?? `store the new one encrypted: pulumi config set --secret ${key} <new value> -s ${stack}`}.`;
}

/**
 * Refuses a credential key whose value is in plain text, and any other key outside this
 * project's own namespace whose name says it holds a credential (a provider key spelled
 * another way, another provider's key): either way the value is in git history now.
 */
export function findPlainCredentialKeys(raw: RawStackConfig): ConfigProblem[] {
  const problems: ConfigProblem[] = [];
  for (const [key, value] of Object.entries(raw.values)) {
    if (raw.secretKeys.has(key) || value.trim() === "") continue;
    const known = credentialKeys.find((c) => c.key === key);
    if (known) {
      problems.push({
        key,
        problem: `holds the ${known.what} in plain text in Pulumi.${raw.stack}.yaml.`,
        hint: rotateHint(key, raw.stack, known.store?.(raw.stack)),
      });
    } else if (!key.startsWith("operator-wiring:") && credentialName.test(key.split(":").pop() ?? "") && !credentialShapeOf(value)) {
      // A credential-shaped value is reported by findPlainCredentials, naming its shape.
      problems.push({
        key,
        problem: `holds a value in plain text in Pulumi.${raw.stack}.yaml, and its name says it is a credential.`,
        hint: rotateHint(key, raw.stack, `remove the key (pulumi config rm ${key} -s ${raw.stack}); a credential goes only in a key this stack reads, encrypted: pulumi config set --secret <key> <new value> -s ${raw.stack}`),
      });
    }
  }
  return problems;
}

/**
 * Refuses credentials pasted into plain keys (a description, a name, a provider setting):
 * a plain value lands in git. Secret-flagged keys are skipped; their values are encrypted.
 * Structured values are searched string by string, so the problem names the exact place.
 */
export function findPlainCredentials(raw: RawStackConfig): ConfigProblem[] {
  return Object.entries(raw.values)
    .filter(([key]) => !raw.secretKeys.has(key) && !credentialKeys.some((c) => c.key === key))
    .flatMap(([key, text]) => [{ key, value: key }, ...stringsIn(parseJsonOrText(text), key)])
    .flatMap(({ key, value }) => {
      const shape = credentialShapeOf(value);
      if (!shape) return [];
      return [
        {
          key,
          problem: `contains ${shape} in plain text in Pulumi.${raw.stack}.yaml.`,
          hint: `remove it and rotate it (it is in git history now); a credential goes only in a key the stack reads, encrypted (pulumi config set --secret <key> <new value> -s ${raw.stack}), or in .env.local for verify.`,
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

/** Every string inside a config value, field names included, with its config-key path (`ns:key[0].field`). */
function stringsIn(value: unknown, key: string): { key: string; value: string }[] {
  if (typeof value === "string") return [{ key, value }];
  if (Array.isArray(value)) return value.flatMap((item, i) => stringsIn(item, `${key}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([field, item]) => [{ key: `${key}.${field}`, value: field }, ...stringsIn(item, `${key}.${field}`)]);
  }
  return [];
}
