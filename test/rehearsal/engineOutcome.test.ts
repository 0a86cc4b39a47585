import { describe, expect, it } from "vitest";
import { classifyEngineFailure, missingPluginsIn } from "../../rehearsal/engineOutcome";
import { StepBlocked } from "../../rehearsal/steps";
import type { PulumiCli } from "../../toolchain/locatePulumi";
import { moduleParts } from "../../toolchain/toolchainParts";

const part = (id: string) => {
  const found = moduleParts.find((p) => p.id === id);
  if (!found) throw new Error(id);
  return found;
};
const cli: PulumiCli = {
  source: "toolchain",
  version: "3.248.0",
  env: {},
  missing: [
    { part: part("pulumi-resource-pagerduty"), reason: "the module proxy refuses github.com/pulumi/pulumi-pagerduty/provider/v3@v3.0.0-x (403 Forbidden)" },
    { part: part("pulumi-resource-datadog"), reason: "the module proxy refuses github.com/pulumi/pulumi-datadog@v5.11.0+incompatible (403 Forbidden)" },
  ],
};

// The CLI's MissingError texts (sdk/go/common/workspace/plugins_test.go, v3.248.0).
describe("missing plugins in the engine's error", () => {
  it.each([
    ["no resource plugin 'pulumi-resource-pagerduty' found in the workspace at version v3.4.0 or on your $PATH", { kind: "resource", name: "pagerduty", version: "3.4.0" }],
    ["no resource plugin 'pulumi-resource-sentry' found in the workspace at version v0.0.9 from github://api.github.com/pulumiverse", { kind: "resource", name: "sentry", version: "0.0.9" }],
    ["no language plugin 'pulumi-language-nodejs' found in the workspace or on your $PATH", { kind: "language", name: "nodejs", version: undefined }],
    // A policy pack: the language host runs it; the CLI names the legacy runner it falls back to.
    ["no analyzer plugin 'pulumi-analyzer-policy-nodejs' found in the workspace or on your $PATH", { kind: "language", name: "nodejs" }],
  ])("reads %s", (text, expected) => {
    expect(missingPluginsIn(`error: could not load plugin: ${text}\n`)).toEqual([expected]);
  });

  it("finds none in another error", () => {
    expect(missingPluginsIn("error: Stack \"dev\" has 1 configuration problem")).toEqual([]);
  });
});

describe("an engine failure", () => {
  const repeated = [1, 2, 3].map(() => "error: no resource plugin 'pulumi-resource-pagerduty' found in the workspace at version v3.4.0 or on your $PATH").join("\n");

  it("is BLOCKED, once per plugin, when every plugin it missed is one the toolchain could not build", () => {
    const outcome = classifyEngineFailure(new Error(repeated), cli, "the engine ran the program");
    expect(outcome).toBeInstanceOf(StepBlocked);
    expect(outcome.message).toBe(
      "the engine ran the program, then stopped where it needs pulumi-resource-pagerduty 3.4.0 (the module proxy refuses github.com/pulumi/pulumi-pagerduty/provider/v3@v3.0.0-x (403 Forbidden))",
    );
  });

  it("is BLOCKED when a policy pack needs the Node.js language host the toolchain could not build", () => {
    const withoutHost: PulumiCli = { ...cli, missing: [...cli.missing, { part: part("pulumi-language-nodejs"), reason: "the module proxy refuses it (403 Forbidden)" }] };
    const text =
      'error: could not start policy pack "/work/policy" because the built-in analyzer plugin that runs policy plugins is missing. This might occur when the plugin directory is not on your $PATH, when the installed version of the Pulumi SDK does not support resource policies, or when the required analyzer plugin has not been installed: no analyzer plugin \'pulumi-analyzer-policy-nodejs\' found in the workspace or on your $PATH';
    const outcome = classifyEngineFailure(new Error(text), withoutHost, "the CLI read the stack");
    expect(outcome).toBeInstanceOf(StepBlocked);
    expect(outcome.message).toBe("the CLI could not start the policy pack before running the program: it runs in pulumi-language-nodejs (the module proxy refuses it (403 Forbidden))");
    expect(classifyEngineFailure(new Error(text), cli, "ran")).not.toBeInstanceOf(StepBlocked);
  });

  it("is a failure when it missed a plugin the toolchain says it has", () => {
    const text = "error: no resource plugin 'pulumi-resource-sentry' found in the workspace at version v0.0.9";
    const outcome = classifyEngineFailure(new Error(text), cli, "ran");
    expect(outcome).not.toBeInstanceOf(StepBlocked);
    expect(outcome.message).toBe(text);
  });

  it("is a failure, showing the error lines, for anything else", () => {
    const outcome = classifyEngineFailure(new Error("Previewing update (rehearsal-dev):\n\nerror: Stack \"rehearsal-dev\" has 1 configuration problem\nResources:\n"), cli, "ran");
    expect(outcome).not.toBeInstanceOf(StepBlocked);
    expect(outcome.message).toBe('error: Stack "rehearsal-dev" has 1 configuration problem');
  });
});
