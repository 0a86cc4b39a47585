import type { RawStackConfig } from "./checkCredentials";
import { describeKey } from "./describeValue";
import { nearestName } from "./nearestName";
import { projectKeys, projectName } from "./projectKeys";
import type { ConfigProblem } from "./stackConfigError";

/**
 * The provider keys the program reads. Its providers are explicit (components/providers.ts), so
 * every other key in these namespaces would be ignored by them: refused instead, so that
 * nobody believes it took effect. `pulumi:` keys are the engine's own and left to it.
 */
const providerKeys: Record<string, readonly string[]> = {
  pagerduty: ["token", "userToken", "serviceRegion"],
  datadog: ["apiKey", "appKey", "apiUrl"],
  sentry: ["token", "baseUrl"],
};
const namespaces = [projectName, ...Object.keys(providerKeys)];

/**
 * Keys in a namespace this stack does not read (`operator-wirng:`, `aws:`), keys without a
 * namespace, and provider keys the explicit providers would ignore. A misspelt namespace would
 * otherwise leave the default in force silently (the rollback flag stays on). Keys of this
 * project's own namespace are checked by the schema.
 */
export function checkNamespaces(raw: RawStackConfig): ConfigProblem[] {
  return Object.keys(raw.values).flatMap((key): ConfigProblem[] => {
    if (!key.includes(":")) {
      // The CLI never passes such a key: it reads a bare key in a stack file as the project's
      // (sdk/go/common/workspace/loaders.go, stackConfigNamespacedWithProject).
      return [{ key, problem: "has no namespace.", hint: `write ${projectName}:${describeKey(key)} (project keys live under the project's name).` }];
    }
    const [namespace, ...rest] = key.split(":");
    const name = rest.join(":");
    if (namespace === projectName || namespace === "pulumi") return [];
    const known = providerKeys[namespace];
    if (known) {
      if (known.includes(name)) return [];
      const suggestion = nearestName(name, known);
      return [
        {
          key,
          problem: `is not read by this stack: it configures the ${namespace} provider itself, from ${known.map((k) => `${namespace}:${k}`).join(", ")} and ${projectName}:* keys.`,
          hint: suggestion ? `did you mean ${namespace}:${suggestion}? Rename or remove the key.` : "remove it.",
        },
      ];
    }
    const namespaceSuggestion = nearestName(namespace, namespaces);
    if (namespaceSuggestion) {
      const candidates = providerKeys[namespaceSuggestion] ?? Object.keys(projectKeys);
      const fixedName = nearestName(name, candidates) ?? name;
      return [{ key, problem: `is in the namespace "${describeKey(namespace)}", which this stack does not read.`, hint: `did you mean ${namespaceSuggestion}:${describeKey(fixedName)}? Rename the key.` }];
    }
    return [
      {
        key,
        problem: `is in the namespace "${describeKey(namespace)}", which this stack does not read.`,
        hint: `remove it; this stack reads ${namespaces.map((n) => `${n}:*`).join(", ")} (and pulumi:* is the engine's own).`,
      },
    ];
  });
}
