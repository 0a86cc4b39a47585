/**
 * Reading what the engine did: the resources a preview or update touched (from its event
 * stream) and, when it failed, whether it failed only for a plugin this machine cannot have.
 */
import type { EngineEvent, OpType } from "@pulumi/pulumi/automation";
import type { PulumiCli } from "../toolchain/locatePulumi";
import { StepBlocked } from "./steps";

export interface TouchedResource {
  type: string;
  name: string;
  op: OpType;
}

/** Collects every resource step of one engine run, in order. */
export function resourceRecorder(): { onEvent: (event: EngineEvent) => void; touched: TouchedResource[] } {
  const touched: TouchedResource[] = [];
  return {
    touched,
    onEvent: (event) => {
      const metadata = event.resourcePreEvent?.metadata;
      if (!metadata) return;
      // urn:pulumi:<stack>::<project>::<qualified type>::<name>
      const name = metadata.urn.split("::").slice(3).join("::");
      touched.push({ type: metadata.type, name, op: metadata.op });
    },
  };
}

/** The CLI's MissingError (sdk/go/common/workspace/plugins.go): "no resource plugin 'pulumi-resource-x' found in the workspace at version vN". */
const missingPlugin = /no (resource|language) plugin 'pulumi-(?:resource|language)-([a-z0-9-]+)' found in the workspace(?: at version v(\S+?))?(?: or on your \$PATH)?(?:[ \n]|$)/g;

/**
 * A policy pack (`--policy-pack`): the CLI runs it through its runtime's language host, and looks
 * for the legacy `pulumi-analyzer-policy-<runtime>` script only when that host is missing
 * (sdk/go/common/resource/plugin/analyzer_plugin.go, NewPolicyAnalyzer): the language host is
 * what is missing, and this is how the CLI says so.
 */
const missingPolicyRunner = /no analyzer plugin 'pulumi-analyzer-policy-([a-z0-9-]+)' found/g;

export function missingPluginsIn(text: string): { kind: string; name: string; version?: string }[] {
  return [
    ...[...text.matchAll(missingPlugin)].map((m) => ({ kind: m[1], name: m[2], version: m[3] })),
    ...[...text.matchAll(missingPolicyRunner)].map((m) => ({ kind: "language", name: m[1] })),
  ];
}

/**
 * The failure as a step outcome: BLOCKED when every plugin the engine missed is one the
 * toolchain reported it cannot build (saying which module the proxy refused), otherwise the
 * error itself, for a FAIL.
 */
export function classifyEngineFailure(error: unknown, cli: PulumiCli, didBefore: string): Error {
  const text = error instanceof Error ? error.message : String(error);
  // The engine repeats the error for every resource waiting on the plugin: once each.
  const missing = [...new Map(missingPluginsIn(text).map((m) => [`${m.kind}-${m.name}`, m])).values()];
  const explained = missing.map((m) => cli.missing.find((p) => p.part.kind === m.kind && p.part.name === m.name));
  if (missing.length > 0 && explained.every((p) => p !== undefined)) {
    const which = explained.map((p) => `pulumi-${p?.part.kind}-${p?.part.name}${p?.part.version ? ` ${p.part.version}` : ""} (${p?.reason})`).join("; ");
    // The CLI starts a policy pack before the program: nothing ran yet.
    if (new RegExp(missingPolicyRunner.source).test(text)) return new StepBlocked(`the CLI could not start the policy pack before running the program: it runs in ${which}`);
    return new StepBlocked(`${didBefore}, then stopped where it needs ${which}`);
  }
  const diagnostics = text.split("\n").filter((line) => /error|Error/.test(line)).slice(0, 8).join("\n");
  return new Error(diagnostics || text.slice(-2000));
}
