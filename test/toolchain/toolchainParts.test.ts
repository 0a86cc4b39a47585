import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { cacheRoot, lockedPulumiVersion, repositoryRoot, toolchainDir } from "../../toolchain/toolchainCache";
import { cliPart, launcherPart, moduleParts } from "../../toolchain/toolchainParts";

/** The plugin name and version an SDK makes the engine request (the language host's rules: main.go getPluginName/getPluginVersion). */
function requestedPlugin(sdkPackage: string): { name: string; version: string } {
  const manifest = JSON.parse(readFileSync(path.join(repositoryRoot, "node_modules", sdkPackage, "package.json"), "utf8")) as {
    name: string;
    version: string;
    pulumi?: { name?: string; version?: string };
  };
  return {
    name: manifest.pulumi?.name ?? manifest.name.replace(/^@pulumi\//, ""),
    version: (manifest.pulumi?.version ?? manifest.version).replace(/^v/, ""),
  };
}

describe("toolchain parts", () => {
  it.each(moduleParts.filter((part) => part.kind === "resource").map((part) => [part.id, part] as const))(
    "%s is the plugin and version its SDK requests",
    (_, part) => {
      expect(requestedPlugin(part.sdkPackage)).toEqual({ name: part.name, version: part.version });
    },
  );

  it("builds the CLI at the version of @pulumi/pulumi that package-lock.json installs", () => {
    const goMod = readFileSync(path.join(repositoryRoot, cliPart.wrapperDir, "go.mod"), "utf8");
    const version = lockedPulumiVersion();
    expect(goMod).toContain(`github.com/pulumi/pulumi/pkg/v3 v${version}`);
    expect(goMod).toContain(`github.com/pulumi/pulumi/sdk/v3 v${version}`);
    expect(goMod).toContain(`tool ${cliPart.mainPackage}`);
  });

  it("pins the language host at the commit of the same CLI release", () => {
    // v3.248.0 = sdk/v3.248.0 = a88168d865b7, committed 2026-06-24 12:07:34 UTC.
    expect(lockedPulumiVersion()).toBe("3.248.0");
    expect(moduleParts.find((p) => p.id === "pulumi-language-nodejs")?.modules[0].version).toBe("v3.0.0-20260624120734-a88168d865b7");
  });

  it("takes the dynamic-provider launcher that runs @pulumi/pulumi's dynamic-provider host", () => {
    const script = readFileSync(require.resolve(launcherPart.fromPackageFile, { paths: [repositoryRoot] }), "utf8");
    expect(script.split("\n")[0]).toBe("#!/bin/sh");
    expect(script).toContain("require.resolve('@pulumi/pulumi/cmd/dynamic-provider')");
  });

  it("caches outside the repository, where OPERATOR_WIRING_CACHE or XDG_CACHE_HOME say", () => {
    expect(cacheRoot({ OPERATOR_WIRING_CACHE: "/var/cache/ow" })).toBe("/var/cache/ow");
    expect(cacheRoot({ XDG_CACHE_HOME: "/xdg" })).toBe("/xdg/operator-wiring");
    expect(path.relative(repositoryRoot, toolchainDir()).startsWith("..")).toBe(true);
    expect(path.basename(toolchainDir(repositoryRoot, { OPERATOR_WIRING_CACHE: "/c" }))).toMatch(/^pulumi-v3\.248\.0-[0-9a-f]{12}$/);
  });
});
