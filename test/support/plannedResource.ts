import type { PlannedResource } from "../../plan/evaluateStack";

/**
 * The planned resource of that name, or a failed test listing the names there are. Its inputs
 * leave out `__provider`, the serialized code a dynamic resource carries: not a setting.
 */
export function byName(resources: PlannedResource[], name: string): PlannedResource {
  const found = resources.find((r) => r.name === name);
  if (!found) throw new Error(`no resource named ${name}; have ${resources.map((r) => r.name).join(", ")}`);
  const { __provider: _code, ...inputs } = found.inputs;
  return { ...found, inputs };
}
