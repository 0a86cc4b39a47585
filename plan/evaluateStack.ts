import * as pulumi from "@pulumi/pulumi";
import { type DeclaredInvoke, RecordingMocks } from "./recordingMocks";

/** The options that decide what a destroy or a secret does, as the program set them. */
export interface DeclaredOptions {
  retainOnDelete: boolean;
  protect: boolean;
  additionalSecretOutputs: string[];
  replaceOnChanges: string[];
  dependsOn: string[];
}

export interface PlannedResource {
  type: string;
  name: string;
  /** The type of the parent resource (`pulumi:pulumi:Stack` at the top). */
  parentType: string;
  custom: boolean;
  inputs: Record<string, unknown>;
  options: DeclaredOptions;
}

export interface StackOutput {
  value: unknown;
  secret: boolean;
}

export type Evaluation =
  | { ok: true; stack: string; resources: PlannedResource[]; invokes: DeclaredInvoke[]; outputs: Record<string, StackOutput>; warnings: string[]; millis: number }
  | { ok: false; stack: string; error: string; resourcesDeclared: number; millis: number };

export interface EvaluateStackInput {
  project: string;
  stack: string;
  /** Config as the CLI passes it: full key → text (JSON for non-strings). */
  values: Record<string, string>;
  /** Full keys whose values are secrets. */
  secretKeys: string[];
  /** Runs the program afresh (declaring its resources) and gives its outputs. */
  loadProgram: () => Promise<Record<string, unknown>>;
}

/**
 * Runs the Pulumi program once under Pulumi's mock runtime, as `pulumi up` of a fresh
 * stack would run it, minus the engine: no CLI, no credentials, no network. Returns what
 * was declared (with the options the program gave) and the stack outputs, or the error
 * the program stopped with.
 */
export async function evaluateStack(input: EvaluateStackInput): Promise<Evaluation> {
  // The SDK captures a stack trace for every promise and resource it makes (leak reports, source
  // positions), which costs more than the rest of a registration (most of all with source maps
  // on, as under tsx and vitest). Nothing here reads them: errors are reported by message.
  const stackTraceLimit = Error.stackTraceLimit;
  Error.stackTraceLimit = 0;
  try {
    return await evaluateWithoutTraces(input);
  } finally {
    Error.stackTraceLimit = stackTraceLimit;
  }
}

async function evaluateWithoutTraces(input: EvaluateStackInput): Promise<Evaluation> {
  const mocks = new RecordingMocks();
  await pulumi.runtime.setMocks(mocks, input.project, input.stack, false);
  pulumi.runtime.setAllConfig(input.values, input.secretKeys);

  const options = new Map<string, { parentType: string; options: DeclaredOptions; order: number }>();
  const urns = new UrnRegistry(input.project, input.stack);
  const warnings: string[] = [];
  const started = performance.now();
  try {
    // The program's exports as it made them: the stack's own copy is unwrapped to plain
    // values, which would hide whether an output is secret.
    let exported: Record<string, unknown> = {};
    let programError: unknown;
    await pulumi.runtime.runInPulumiStack(async () => {
      // Options such as retainOnDelete and additionalSecretOutputs reach the engine, not
      // the mocks; a stack transformation sees them as the program set them.
      pulumi.runtime.registerStackTransformation((args) => {
        urns.register(args.resource, args.type, args.name, args.opts.parent);
        options.set(`${args.type}::${args.name}`, { parentType: parentTypeOf(args.opts), options: pickOptions(args.opts), order: options.size });
        return undefined;
      });
      // The program's own error is caught here rather than let through the stack
      // resource, whose derived promises would otherwise reject unhandled.
      try {
        exported = { ...(await withWarningsCaptured(warnings, input.loadProgram)) };
      } catch (error) {
        programError = error;
      }
      return exported;
    });
    // Drain every pending registration into this run's mocks, as the CLI does at the end
    // of a program, so none reaches the mocks of the next run.
    await pulumi.runtime.disconnect();
    if (programError !== undefined) throw programError;
    const outputs = await resolveOutputs(exported);
    // In the order the program declared them (the transformation above saw each as it was
    // constructed, in that order), not the order their registrations happened to reach the mocks.
    const resources = mocks.resources
      .map((r) => {
        const seen = options.get(`${r.type}::${r.name}`);
        return { ...r, parentType: seen?.parentType ?? "pulumi:pulumi:Stack", options: seen?.options ?? pickOptions({}), order: seen?.order ?? options.size };
      })
      .sort((a, b) => a.order - b.order)
      .map(({ order: _order, ...resource }) => resource);
    return { ok: true, stack: input.stack, resources, invokes: mocks.invokes, outputs, warnings, millis: performance.now() - started };
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    return { ok: false, stack: input.stack, error: message, resourcesDeclared: mocks.resources.length, millis: performance.now() - started };
  }
}

/**
 * The engine refuses a second resource with one URN (the stack's qualified type chain and the
 * name): "Duplicate resource URN '…'; try giving it a unique name" (sdk/go/common/diag/errors.go,
 * GetDuplicateResourceURNError). The mock runtime does not, so the plan does it here, with the
 * engine's words, and a name collision fails offline as it would at preview.
 */
class UrnRegistry {
  readonly #qualifiedTypes = new WeakMap<pulumi.Resource, string>();
  readonly #seen = new Set<string>();

  constructor(
    private readonly project: string,
    private readonly stack: string,
  ) {}

  register(resource: pulumi.Resource, type: string, name: string, parent: pulumi.Resource | undefined): void {
    const parentType = parent ? this.#qualifiedTypes.get(parent) : undefined;
    const qualified = parentType ? `${parentType}$${type}` : type;
    this.#qualifiedTypes.set(resource, qualified);
    const urn = `urn:pulumi:${this.stack}::${this.project}::${qualified}::${name}`;
    if (this.#seen.has(urn)) throw new Error(`Duplicate resource URN '${urn}'; try giving it a unique name`);
    this.#seen.add(urn);
  }
}

/** How pulumi.log.warn prints when no engine is connected, as under the mocks. */
const runtimeWarning = "warning: [runtime] ";

/**
 * Runs the program with its pulumi.log warnings collected (the engine would show them in the
 * preview; the mock runtime has no engine and prints them with console.warn instead).
 */
async function withWarningsCaptured<T>(warnings: string[], run: () => Promise<T>): Promise<T> {
  const original = console.warn;
  console.warn = (...args: unknown[]) => {
    const text = args.map(String).join(" ");
    if (text.startsWith(runtimeWarning)) warnings.push(text.slice(runtimeWarning.length));
    else original(...args);
  };
  try {
    return await run();
  } finally {
    console.warn = original;
  }
}

function parentTypeOf(opts: pulumi.ResourceOptions): string {
  const parent = opts.parent as (pulumi.Resource & { __pulumiType?: string }) | undefined;
  return parent?.__pulumiType ?? "pulumi:pulumi:Stack";
}

function pickOptions(opts: pulumi.CustomResourceOptions): DeclaredOptions {
  const dependsOn = opts.dependsOn;
  const list = Array.isArray(dependsOn) ? dependsOn : dependsOn ? [dependsOn] : [];
  return {
    retainOnDelete: opts.retainOnDelete ?? false,
    protect: opts.protect ?? false,
    additionalSecretOutputs: [...(opts.additionalSecretOutputs ?? [])],
    replaceOnChanges: [...(opts.replaceOnChanges ?? [])],
    dependsOn: list.map((d) => (d as pulumi.Resource & { __name?: string }).__name ?? "(unknown)"),
  };
}

async function resolveOutputs(exported: Record<string, unknown>): Promise<Record<string, StackOutput>> {
  const entries = await Promise.all(
    Object.entries(exported)
      .filter(([, value]) => value !== undefined)
      .map(async ([key, value]) => {
        const output: pulumi.Output<unknown> = pulumi.output(value as pulumi.Input<unknown>) as pulumi.Output<unknown>;
        const [resolved, secret] = await Promise.all([
          new Promise<unknown>((resolve) => output.apply((v: unknown) => resolve(v))),
          pulumi.isSecret(output),
        ]);
        return [key, { value: resolved, secret }] as const;
      }),
  );
  return Object.fromEntries(entries);
}
