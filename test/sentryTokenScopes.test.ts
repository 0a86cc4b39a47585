/**
 * One SENTRY_AUTH_TOKEN serves every Sentry call of a stack, so every place that tells a user
 * which scopes to give it must name all of them. `project:write` is the one lists forgot: the
 * Datadog forwarding configures each project's Webhooks plugin with it (issue 9, defect 8).
 */
import { readdirSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { sentryToken } from "../vendors/sentry/sentryApi";

const root = path.resolve(__dirname, "..");
const tokenScopes = ["org:read", "org:integrations", "project:write", "alerts:write"];

/** The files a user reads or sees messages from: docs, workflows and the program's sources (not tests). */
function userFacingFiles(): string[] {
  const walk = (dir: string): string[] =>
    readdirSync(path.join(root, dir), { withFileTypes: true }).flatMap((entry) => {
      const relative = path.join(dir, entry.name);
      if (entry.isDirectory()) return entry.name === "node_modules" ? [] : walk(relative);
      return /\.(ts|md|ya?ml)$/.test(entry.name) ? [relative] : [];
    });
  return [
    "README.md",
    "program.ts",
    ...["docs", "setup-runbooks", "config", "components", "lookups", "verify", "plan", "mock-endpoints", ".github"].flatMap(walk),
  ];
}

/** Lines that list the token's scopes: they name both the integration scope and the alert scope. */
function scopeLists(): { at: string; line: string }[] {
  return userFacingFiles().flatMap((file) =>
    readFileSync(path.join(root, file), "utf8")
      .split("\n")
      .map((line, i) => ({ at: `${file}:${i + 1}`, line }))
      .filter(({ line }) => line.includes("org:integrations") && line.includes("alerts:write")),
  );
}

afterEach(() => {
  vi.unstubAllEnvs();
});

describe("SENTRY_AUTH_TOKEN scopes", () => {
  it("are listed in full wherever the token's scopes are listed, project:write included", () => {
    const lists = scopeLists();
    expect(lists.length).toBeGreaterThanOrEqual(3);
    const incomplete = lists.filter(({ line }) => tokenScopes.some((scope) => !line.includes(scope))).map(({ at }) => at);
    expect(incomplete).toEqual([]);
  });

  it("are named in full when the token is missing at deploy", () => {
    vi.stubEnv("SENTRY_AUTH_TOKEN", "");
    expect(() => sentryToken()).toThrow(/with the org:read, org:integrations, project:write \(the Datadog forwarding's Webhooks plugins\) and alerts:write scopes/);
  });
});
