import type { PolicyResource, PolicyResourceOptions, ResourceValidationArgs, ResourceValidationPolicy, StackValidationArgs, StackValidationPolicy } from "@pulumi/policy";
import type { Evaluation, PlannedResource } from "../../plan/evaluateStack";
import { SecretInput } from "../../plan/recordingMocks";
import { policies } from "../../policy/policies";

export interface Violation {
  policy: string;
  enforcementLevel: string;
  message: string;
}

export interface PolicyRun {
  stack: string;
  /** Per policy, as `--policy-pack-config` gives it. */
  config?: Record<string, Record<string, unknown>>;
  /**
   * Whether the options include retainOnDelete. The engine of Pulumi 3.248 does not pass it to a
   * pack; the mock runtime knows it. @default true
   */
  retainOnDeleteKnown?: boolean;
}

class NotApplicable extends Error {}

/** Secrets as the policy SDK hands them to a validation: unwrapped (deserialize.js, `proxySecrets: false`). */
function plain(value: unknown): unknown {
  if (value instanceof SecretInput) return plain(value.value);
  if (Array.isArray(value)) return value.map(plain);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plain(v)]));
  return value;
}

function configOf(policy: { name: string; configSchema?: { properties: Record<string, { default?: unknown }> } }, run: PolicyRun): Record<string, unknown> {
  const defaults = Object.fromEntries(Object.entries(policy.configSchema?.properties ?? {}).flatMap(([k, v]) => (v.default === undefined ? [] : [[k, v.default]])));
  return { ...defaults, ...(run.config?.[policy.name] ?? {}) };
}

/**
 * A planned resource as a policy sees it in `pulumi preview --policy-pack`: type, name, URN, its
 * inputs with secrets unwrapped, and the options the engine passes (server.js,
 * getResourceOptions), plus retainOnDelete where the run says it is known.
 */
function asPolicyResource(resource: PlannedResource, run: PolicyRun): PolicyResource & { opts: PolicyResourceOptions & { retainOnDelete?: boolean } } {
  const qualified = resource.parentType === "pulumi:pulumi:Stack" ? resource.type : `${resource.parentType}$${resource.type}`;
  const type = resource.type;
  const props = plain(resource.inputs) as Record<string, unknown>;
  const opts = {
    protect: resource.options.protect,
    ignoreChanges: [],
    aliases: [],
    customTimeouts: { createSeconds: 0, updateSeconds: 0, deleteSeconds: 0 },
    additionalSecretOutputs: resource.options.additionalSecretOutputs,
    ...(run.retainOnDeleteKnown === false ? {} : { retainOnDelete: resource.options.retainOnDelete }),
  };
  const isType = (cls: { __pulumiType?: string }) => cls.__pulumiType === type;
  return {
    type,
    name: resource.name,
    urn: `urn:pulumi:${run.stack}::operator-wiring::${qualified}::${resource.name}`,
    props,
    opts,
    dependencies: [],
    propertyDependencies: {},
    isType: isType as PolicyResource["isType"],
    asType: ((cls: { __pulumiType?: string }) => (isType(cls) ? props : undefined)) as PolicyResource["asType"],
  };
}

/**
 * Every policy of the pack (policy/policies.ts) over what a program declared under Pulumi's mock
 * runtime, as the analyzer runs them at preview: each resource policy on each resource, each
 * stack policy on all of them. What it reports, in order; a policy that says it cannot decide
 * (notApplicable) reports nothing.
 */
export async function policyViolations(evaluation: Evaluation, run: PolicyRun): Promise<Violation[]> {
  if (!evaluation.ok) throw new Error(`the program did not plan: ${evaluation.error}`);
  const resources = evaluation.resources.map((r) => asPolicyResource(r, run));
  const violations: Violation[] = [];
  for (const policy of policies) {
    const report = (message: string) => violations.push({ policy: policy.name, enforcementLevel: policy.enforcementLevel ?? "advisory", message });
    const common = {
      stackTags: new Map<string, string>(),
      getConfig: <T extends object>() => configOf(policy as never, run) as T,
      notApplicable: (reason?: string): never => {
        throw new NotApplicable(reason);
      },
    };
    try {
      if ("validateStack" in policy) await (policy as StackValidationPolicy).validateStack({ ...common, resources } as StackValidationArgs, report);
      else {
        for (const resource of resources) {
          try {
            const validation = (policy as ResourceValidationPolicy).validateResource ?? [];
            for (const validate of Array.isArray(validation) ? validation : [validation]) await validate({ ...common, ...resource, provider: undefined } as ResourceValidationArgs, report);
          } catch (error) {
            if (!(error instanceof NotApplicable)) throw error;
          }
        }
      }
    } catch (error) {
      if (!(error instanceof NotApplicable)) throw error;
    }
  }
  return violations;
}
