/**
 * The rehearsal's steps after a successful preview, each a real engine operation followed by a
 * check of the mocks' state: up, a preview that must plan nothing, key rotation, drift
 * (refresh, then up), the one-flag rollback, destroy. Shared by the whole-stack chain and
 * the dynamic-provider chain; what differs is passed in.
 */
import type { Stack } from "@pulumi/pulumi/automation";
import { isDeepStrictEqual } from "node:util";
import { projectName } from "../config/projectKeys";
import type { StackSettings } from "../config/stackSettings";
import type { RunningMocks } from "../mock-endpoints/startMocks";
import { resourceRecorder } from "./engineOutcome";
import { type ExpectedState, type Inventory, expectedInventory, readInventory } from "./mockInventory";
import { rehearsalCredentialEnv } from "./rehearsalCredentials";
import { type StepChain, StepFailed } from "./steps";

export interface LifecycleContext {
  stack: Stack;
  mocks: RunningMocks;
  settings: StackSettings;
  policyPacks: string[];
  /** The routing key of every service at a key generation, as the stack's Sentry rows must hold it. */
  routingKeys: (generation: number) => Promise<(serviceName: string) => string>;
}

function describeInventory(found: Inventory): string {
  const count = (n: number, what: string) => (n > 0 ? [`${n} ${what}`] : []);
  const parts = [
    ...count(found.sentryRows.length, "Sentry table rows"),
    ...count(found.sentryWorkflows.length, "Sentry workflows"),
    ...count(found.opsgenieTeams.length, "Opsgenie teams"),
    ...count(found.opsgenieIntegrations.length, "Opsgenie integrations"),
    ...count(found.splunkTokens.length, "Splunk HEC tokens"),
  ];
  return parts.length > 0 ? parts.join(", ") : "nothing";
}

/** Compares the mocks' state with what the settings declare; the whole difference on a mismatch. */
async function checkInventory(context: LifecycleContext, expected: ExpectedState): Promise<string> {
  const found = await readInventory(context.mocks);
  const wanted = expectedInventory(context.settings, found, expected);
  if (!isDeepStrictEqual(found, wanted)) {
    const differing = (Object.keys(wanted) as (keyof Inventory)[]).filter((k) => !isDeepStrictEqual(found[k], wanted[k]));
    // Keys are fakes, but a row's key is shown only as which one it is.
    const redact = (inv: Inventory) => JSON.stringify(Object.fromEntries(differing.map((k) => [k, inv[k]])), (key, value) => (key === "key" ? `…${String(value).slice(-4)}` : value));
    throw new StepFailed(`the mocks hold ${redact(found)}, but the configuration declares ${redact(wanted)}`);
  }
  return `the mocks hold exactly what is declared: ${describeInventory(found)}`;
}

function changes(summary: Record<string, number> | undefined): string {
  const entries = Object.entries(summary ?? {}).filter(([op, n]) => op !== "same" && n > 0);
  return entries.length > 0 ? entries.map(([op, n]) => `${n} ${op}`).join(", ") : "no changes";
}

async function setConfig(stack: Stack, key: string, value: unknown): Promise<void> {
  await stack.setConfig(`${projectName}:${key}`, { value: JSON.stringify(value) });
}

export async function rehearseLifecycle(chain: StepChain, context: LifecycleContext, extraAfterUp?: (chain: StepChain) => Promise<void>): Promise<void> {
  const { stack, policyPacks } = context;

  await chain.run("up", async () => {
    const result = await stack.up({ policyPacks });
    const done = changes(result.summary.resourceChanges);
    return `${done}; ${await checkInventory(context, { routingKeyOf: await context.routingKeys(1), routing: true })}`;
  });

  await extraAfterUp?.(chain);

  await chain.run("preview plans no change", async () => {
    await stack.preview({ expectNoChanges: true, policyPacks });
    return "a second preview planned no change (expectNoChanges)";
  });

  await chain.run("key rotation", async () => {
    const before = await stack.outputs();
    await setConfig(stack, "pagerdutyKeyGeneration", 2);
    const recorder = resourceRecorder();
    const result = await stack.up({ policyPacks, onEvent: recorder.onEvent });
    const after = await stack.outputs();
    // The rows are updated in place: the workflows keep pointing at the same row ids.
    if (!isDeepStrictEqual(before.services?.value, after.services?.value)) {
      throw new StepFailed(`ids changed in the rotation: ${JSON.stringify(before.services?.value)} became ${JSON.stringify(after.services?.value)}`);
    }
    return `${changes(result.summary.resourceChanges)}; ${await checkInventory(context, { routingKeyOf: await context.routingKeys(2), routing: true })}, the rows now holding the new keys`;
  });

  await chain.run("drift: refresh, then up", async () => {
    const workflows = Object.values((await stack.outputs()).services?.value ?? {}).flatMap((s) => {
      const id = (s as { sentryWorkflowId?: string | null; sentry?: { alertId?: string | null } | null }).sentryWorkflowId ?? (s as { sentry?: { alertId?: string | null } | null }).sentry?.alertId;
      return id ? [id] : [];
    });
    if (!context.settings.sentry || workflows.length === 0) return "no Sentry workflow in this stack to delete";
    const url = `${context.settings.sentry.apiUrl}/organizations/${context.settings.sentry.organization}/workflows/${workflows[0]}/`;
    const deleted = await fetch(url, { method: "DELETE", headers: { authorization: `Bearer ${rehearsalCredentialEnv.SENTRY_AUTH_TOKEN}` } });
    if (deleted.status !== 204) throw new Error(`could not delete workflow ${workflows[0]} behind Pulumi's back: Sentry mock answered ${deleted.status}`);
    const refreshed = await stack.refresh({ onEvent: () => {} });
    const seen = refreshed.summary.resourceChanges?.delete ?? 0;
    if (seen < 1) throw new StepFailed(`pulumi refresh did not report the deleted workflow (${changes(refreshed.summary.resourceChanges)})`);
    const result = await stack.up({ policyPacks });
    const recreated = result.summary.resourceChanges?.create ?? 0;
    if (recreated < 1) throw new StepFailed(`the next up did not recreate it (${changes(result.summary.resourceChanges)})`);
    return `refresh reported ${seen} deleted, up recreated ${recreated}; ${await checkInventory(context, { routingKeyOf: await context.routingKeys(2), routing: true })}`;
  });

  await chain.run("routingEnabled: false", async () => {
    await setConfig(stack, "routingEnabled", false);
    const result = await stack.up({ policyPacks });
    return `${changes(result.summary.resourceChanges)}; ${await checkInventory(context, { routingKeyOf: await context.routingKeys(2), routing: false })}, keys and rows kept`;
  });

  await chain.run("destroy", async () => {
    const result = await stack.destroy({ onEvent: () => {} });
    const kept = context.settings.retainCredentialsOnDelete ? " (prod retains its credential-bearing resources)" : "";
    return `${changes(result.summary.resourceChanges)}${kept}; ${await checkInventory(context, { routingKeyOf: await context.routingKeys(2), routing: false, destroyed: true })}`;
  });
}
