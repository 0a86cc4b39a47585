import * as pulumi from "@pulumi/pulumi";

/** A resource the program declared, as the mock runtime saw it. */
export interface DeclaredResource {
  type: string;
  name: string;
  custom: boolean;
  inputs: Record<string, unknown>;
}

/**
 * A secret input as the program passed it. Its JSON form is `[secret]`, so a plan sent
 * between processes or printed never carries the value; in-process tests can read it.
 */
export class SecretInput {
  constructor(readonly value: unknown) {}
  toJSON(): string {
    return "[secret]";
  }
}

/** A value with every SecretInput replaced by what it holds, deep (the plan's placeholders are no secrets). */
export function plainValue(value: unknown): unknown {
  if (value instanceof SecretInput) return plainValue(value.value);
  if (Array.isArray(value)) return value.map(plainValue);
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, plainValue(v)]));
  return value;
}

/** A value with every string that `values` has replaced by its value there, deep: the placeholders a deploy fills. */
export function replaceStrings(value: unknown, values: ReadonlyMap<string, unknown>): unknown {
  if (typeof value === "string") return values.has(value) ? values.get(value) : value;
  if (Array.isArray(value)) return value.map((v) => replaceStrings(v, values));
  if (value !== null && typeof value === "object") return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, replaceStrings(v, values)]));
  return value;
}


/** Inputs with every secret replaced by a SecretInput. */
export function markSecrets(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(markSecrets);
  if (value !== null && typeof value === "object") {
    const record = value as Record<string, unknown>;
    // How the SDK serializes a secret to the engine: `{ [specialSigKey]: specialSecretSig, value }`.
    if (record[pulumi.runtime.specialSigKey] === pulumi.runtime.specialSecretSig) return new SecretInput(markSecrets(record.value));
    return Object.fromEntries(Object.entries(record).map(([k, v]) => [k, markSecrets(v)]));
  }
  return value;
}

export interface DeclaredInvoke {
  token: string;
  args: Record<string, unknown>;
}

/** What a deploy would compute and the mock runtime cannot know: shown as such in the plan. */
export const assignedAtDeploy = (what: string): string => `(${what}: assigned at deploy)`;

/**
 * Pulumi mocks that record every declaration and answer the way the engine would on a
 * fresh stack: inputs echoed back as state, ids and generated keys as labelled
 * placeholders. Strict: an invoke the program is not known to make throws, so a new
 * lookup cannot slip into a plan or a test unnoticed.
 */
export class RecordingMocks implements pulumi.runtime.Mocks {
  readonly resources: DeclaredResource[] = [];
  readonly invokes: DeclaredInvoke[] = [];

  newResource(args: pulumi.runtime.MockResourceArgs): { id: string; state: Record<string, unknown> } {
    if (args.type !== "pulumi:pulumi:Stack") {
      this.resources.push({ type: args.type, name: args.name, custom: args.custom ?? true, inputs: markSecrets(args.inputs) as Record<string, unknown> });
    }
    const state: Record<string, unknown> = { ...args.inputs };
    if (args.type === "pagerduty:index/serviceIntegration:ServiceIntegration") {
      // PagerDuty generates the routing key; the placeholder is unique per resource so
      // tests can follow it to every consumer.
      state.integrationKey = `offline-routing-key-for-${args.name}`;
    }
    if (args.type === "pulumi-nodejs:dynamic/opsgenie:Team") state.teamId = assignedAtDeploy(`team "${String(args.inputs.name)}" id`);
    if (args.type === "pulumi-nodejs:dynamic/opsgenie:ApiIntegration") {
      state.integrationId = assignedAtDeploy(`${args.name} id`);
      state.apiKey = `offline-opsgenie-key-for-${args.name}`;
    }
    if (args.type === "pulumi-nodejs:dynamic/sentry:ServiceTableRow" || args.type === "pulumi-nodejs:dynamic/sentry:OpsgenieTeamRow") {
      // Sentry assigns the row id; the placeholder names the row so tests can follow it to the alert.
      state.rowId = assignedAtDeploy(`${args.name} row id`);
    }
    if (args.type === "pulumi-nodejs:dynamic/sentry:Workflow") {
      state.workflowId = assignedAtDeploy(`${args.name} id`);
      state.detectorId = assignedAtDeploy(`error detector of project "${String(args.inputs.project)}"`);
    }
    if (args.type === "pulumi-nodejs:dynamic/splunk:HecToken") {
      // Splunk generates the HEC token on create.
      state.token = `offline-hec-token-for-${args.name}`;
    }
    return { id: assignedAtDeploy(`${args.name} id`), state };
  }

  call(args: pulumi.runtime.MockCallArgs): Record<string, unknown> {
    this.invokes.push({ token: args.token, args: args.inputs });
    if (args.token === "pagerduty:index/getEscalationPolicy:getEscalationPolicy") {
      const name = String(args.inputs.name);
      return { id: `(escalation policy "${name}": looked up at deploy)`, name };
    }
    throw new Error(`Unexpected invoke ${args.token}: the mocks answer only lookups the program is known to make.`);
  }
}
