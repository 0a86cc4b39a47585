/**
 * What the rehearsal needs from outside npm, and where each part comes from. The machines
 * reach only the npm registry and the Go module proxy, so every part is a Go module built
 * with the ordinary `go` client, or a file that ships in an npm package we already install.
 *
 * Versions are the ones the installed SDKs make the engine request (a resource plugin must
 * match exactly: sdk/go/common/workspace/plugins.go, SelectCompatiblePlugin). The module
 * versions below were worked out for exactly these SDK versions (docs/toolchain.md);
 * test/toolchain/toolchainParts.test.ts fails when an SDK moves without them.
 */

/** The Pulumi CLI, from the wrapper module in toolchain/go/cli (which pins pkg/v3 and sdk/v3). */
export const cliPart = {
  id: "pulumi",
  description: "Pulumi CLI",
  /** The wrapper module's folder, relative to the repository. */
  wrapperDir: "toolchain/go/cli",
  mainPackage: "github.com/pulumi/pulumi/pkg/v3/cmd/pulumi",
  /** As the CLI's .goreleaser.yml builds it. */
  buildTags: "osusergo,grpcnotrace",
  versionVariable: "github.com/pulumi/pulumi/sdk/v3/go/common/version.Version",
} as const;

/**
 * The dynamic-provider launcher the CLI's distribution ships beside `pulumi`: a shell script
 * that runs @pulumi/pulumi's dynamic-provider host. components/dynamic/* run through it. It
 * is byte-identical to the copy in the @pulumi/pulumi npm package, which is where we take it.
 */
export const launcherPart = {
  id: "pulumi-resource-pulumi-nodejs",
  description: "dynamic-provider launcher",
  fromPackageFile: "@pulumi/pulumi/pulumi-resource-pulumi-nodejs",
} as const;

export type PluginKind = "language" | "resource";

export interface GoModule {
  path: string;
  /** A version, or "latest" where no version is known (asks the proxy for the module's list). */
  version: string;
  /** Why the build needs it. */
  role: string;
}

/** A plugin that would be built from a Go module, when the module proxy serves that module. */
export interface ModulePart {
  id: string;
  kind: PluginKind;
  /** Plugin name as the engine requests it (`pulumi-<kind>-<name>`). */
  name: string;
  /** The version the engine requests; "" for a plugin bundled with the CLI (no version check). */
  version: string;
  /** The npm package whose installed version decides `version`. */
  sdkPackage: string;
  /** The Go modules its build needs first, each at the version that matches `version`. */
  modules: readonly GoModule[];
  /** What the rehearsal does without it. */
  without: string;
}

export const moduleParts: readonly ModulePart[] = [
  {
    id: "pulumi-language-nodejs",
    kind: "language",
    name: "nodejs",
    version: "",
    sdkPackage: "@pulumi/pulumi",
    modules: [
      {
        path: "github.com/pulumi/pulumi/sdk/nodejs/cmd/pulumi-language-nodejs/v3",
        // No tags exist for this nested module: the pseudo-version of the sdk/v3.248.0 tag's commit.
        version: "v3.0.0-20260624120734-a88168d865b7",
        role: "the language host's main package",
      },
    ],
    without:
      "the rehearsal runs the program inline through the Automation API: the CLI connects to the language runtime it serves (pulumi preview --client), so no language host is started",
  },
  {
    id: "pulumi-resource-datadog",
    kind: "resource",
    name: "datadog",
    version: "5.11.0",
    sdkPackage: "@pulumi/datadog",
    modules: [
      // provider/v5 has no tags: the root's +incompatible version would name the release commit.
      { path: "github.com/pulumi/pulumi-datadog", version: "v5.11.0+incompatible", role: "the release commit of 5.11.0" },
      { path: "github.com/pulumi/pulumi-datadog/provider/v5", version: "latest", role: "the provider's main package" },
      // 5.11.0 pins an upstream newer than v4.19.0 through a git submodule, invisible to the proxy.
      { path: "github.com/DataDog/terraform-provider-datadog", version: "latest", role: "the upstream Terraform provider" },
    ],
    without: "every Datadog resource (service objects, monitors, Slack channels, the PagerDuty tile) cannot be previewed or created",
  },
  {
    id: "pulumi-resource-pagerduty",
    kind: "resource",
    name: "pagerduty",
    version: "3.4.0",
    sdkPackage: "@pulumi/pagerduty",
    modules: [
      { path: "github.com/pulumi/pulumi-pagerduty/provider/v3", version: "v3.0.0-20220406205023-175ca68a2779", role: "the provider at tag v3.4.0" },
      { path: "github.com/pulumi/terraform-provider-pagerduty", version: "v1.9.6-0.20220406164655-6a97d42457b2", role: "the upstream fork it replaces PagerDuty's with" },
    ],
    without: "every PagerDuty resource (escalation policies, services, Events v2 integrations, Slack connections) cannot be previewed or created",
  },
  {
    id: "pulumi-resource-sentry",
    kind: "resource",
    name: "sentry",
    version: "0.0.9",
    sdkPackage: "@pulumiverse/sentry",
    modules: [
      { path: "github.com/pulumiverse/pulumi-sentry/provider", version: "v0.0.0-20241115114034-7cc6887b084a", role: "the provider at tag v0.0.9" },
      { path: "github.com/jianyuan/terraform-provider-sentry", version: "v0.11.2", role: "the upstream Terraform provider" },
    ],
    without: "the @pulumiverse/sentry resources (rules-mode issue alerts, the Sentry → Datadog Webhooks plugin) cannot be previewed or created",
  },
];
