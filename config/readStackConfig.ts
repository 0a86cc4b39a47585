import * as pulumi from "@pulumi/pulumi";
import type { RawStackConfig } from "./checkCredentials";

/**
 * The SDK knows which config keys are encrypted (the CLI passes their names beside the
 * values) but exposes that only internally. It is the one way to tell a credential stored
 * with `--secret` from one pasted in plain text, so it is read here, in one place; if an
 * SDK upgrade removes it, this throws and the tests fail, rather than silently treating
 * every key as plain.
 */
function configSecretChecker(): (key: string) => boolean {
  const runtime = pulumi.runtime as unknown as { isConfigSecret?: (key: string) => boolean };
  if (typeof runtime.isConfigSecret !== "function") {
    throw new Error("@pulumi/pulumi no longer provides runtime.isConfigSecret; update config/readStackConfig.ts.");
  }
  return runtime.isConfigSecret;
}

/** Everything config validation reads, taken from the running Pulumi program. */
export function readStackConfig(): RawStackConfig {
  const values = pulumi.runtime.allConfig();
  const isSecret = configSecretChecker();
  return {
    stack: pulumi.getStack(),
    values,
    secretKeys: new Set(Object.keys(values).filter((key) => isSecret(key))),
    env: process.env,
  };
}
