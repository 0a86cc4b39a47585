import type { ResourceValidationPolicy } from "@pulumi/policy";
import { findCredential } from "../config/credentialShapes";
import { credentialHolders, credentialInputs, credentialOutputs, environmentConfigSchema, notCredentials, resourceEnvironment } from "./policyEnvironment";

/** Every string inside a value, with its path (`config.urls[0]`). */
function strings(value: unknown, at: string): { path: string; text: string }[] {
  if (typeof value === "string") return [{ path: at, text: value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value !== null && typeof value === "object") return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  return [];
}

/**
 * Mandatory: a key or token a resource outputs is read by everyone who reads the stack (its
 * state, `pulumi stack output`, the console) unless it is secret.
 */
export const credentialOutputsSecret: ResourceValidationPolicy = {
  name: "credential-outputs-secret",
  description: "Every integration key and token a resource outputs is secret (additionalSecretOutputs).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const output = credentialOutputs[args.type];
    if (!output) return;
    if (!args.opts.additionalSecretOutputs.includes(output)) {
      reportViolation(`${args.name} outputs its credential ${output} in plain text: add "${output}" to the resource's additionalSecretOutputs (the PagerDuty SDK does not make it secret itself).`);
    }
  },
};

/**
 * Mandatory: in prod a destroy must not revoke a key that applications still send with (README,
 * Rollback: prod retains every credential-holding resource). The engine of Pulumi 3.248 passes
 * no retainOnDelete to a policy pack (AnalyzerResourceOptions has protect, ignoreChanges,
 * deleteBeforeReplace, additionalSecretOutputs, aliases, customTimeouts and parent), so in a
 * real preview this policy says it cannot see it; where the options are known (the pack's
 * tests evaluate the program under Pulumi's mock runtime) it decides.
 */
export const prodRetainsCredentials: ResourceValidationPolicy = {
  name: "prod-retains-credentials",
  description: "In prod, every resource whose deletion revokes a credential in use is retained on destroy (retainOnDelete).",
  enforcementLevel: "mandatory",
  configSchema: environmentConfigSchema,
  validateResource: (args, reportViolation) => {
    if (!credentialHolders.includes(args.type)) return;
    if (resourceEnvironment(args) !== "prod") return;
    const retain = (args.opts as typeof args.opts & { retainOnDelete?: boolean }).retainOnDelete;
    if (retain === undefined) args.notApplicable("this Pulumi engine passes no retainOnDelete to policy packs; npm test checks it under the mock runtime");
    if (!retain) reportViolation(`${args.name} holds a credential in use and is not retained in prod: a pulumi destroy would revoke it under the senders. Hint: declare it with retainOnDelete: true in prod.`);
  },
};

/**
 * Mandatory: a credential in an input other than the ones made to hold it (secret in the
 * provider's schema, or passed as a secret by the program) sits in plain text in the state, the
 * preview and the vendor's UI: a routing key pasted into a monitor message, a token in a name.
 */
export const noPlainCredentials: ResourceValidationPolicy = {
  name: "no-plain-credentials",
  description: "No credential in any resource input other than those that hold one by design (secret there).",
  enforcementLevel: "mandatory",
  validateResource: (args, reportViolation) => {
    const allowed = new Set([...(credentialInputs[args.type] ?? []), ...(notCredentials[args.type] ?? []), "__provider"]);
    for (const [field, value] of Object.entries(args.props)) {
      if (allowed.has(field)) continue;
      for (const { path, text } of strings(value, field)) {
        const found = findCredential(text);
        // The value is never quoted: it is the secret.
        if (found) reportViolation(`${args.name}: input ${path} holds what looks like ${found.what}, in plain text. Hint: keep credentials in secret config or the environment, and pass them only where they are made secret.`);
      }
    }
  },
};
