import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { parseStackConfig } from "../config/parseStackConfig";
import { environments, projectConfigSchema, projectKeys, projectName } from "../config/projectKeys";
import { type ConfigDeclaration, projectRoot, readProjectFile, readStackFile, stackConfigValues } from "../plan/stackFiles";
import { rawConfig, validService } from "./support/rawConfig";

const project = readProjectFile();
const declaredTypes = ["string", "integer", "boolean", "array"];
const declarationFields = ["type", "items", "description", "secret", "default"];

/** Structured keys the project file cannot declare (it has no object type); see Pulumi.yaml. */
const undeclarable = ["services"];

function matchesType(value: unknown, declaration: Pick<ConfigDeclaration, "type" | "items">): boolean {
  switch (declaration.type) {
    case "string":
      return typeof value === "string";
    case "integer":
      return Number.isInteger(value);
    case "boolean":
      return typeof value === "boolean";
    case "array":
      return Array.isArray(value) && value.every((item) => matchesType(item, { type: declaration.items?.type as ConfigDeclaration["type"] }));
  }
}

describe("Pulumi.yaml", () => {
  it("is the operator-wiring project on the Node.js runtime", () => {
    expect(project.name).toBe(projectName);
  });

  it.each(Object.entries(project.config))("declares %s the way the CLI accepts", (key, declaration) => {
    expect(key.startsWith(`${projectName}:`)).toBe(true);
    expect(Object.keys(declaration).every((field) => declarationFields.includes(field))).toBe(true);
    expect(declaredTypes).toContain(declaration.type);
    if (declaration.type === "array") expect(declaredTypes).toContain(declaration.items?.type);
    expect(declaration.description?.length).toBeGreaterThan(20);
    if (declaration.default !== undefined) expect(matchesType(declaration.default, declaration)).toBe(true);
  });

  it("declares every project key the program reads, and no other", () => {
    const declared = Object.keys(project.config).map((k) => k.slice(projectName.length + 1)).sort();
    const read = Object.keys(projectKeys).filter((k) => !undeclarable.includes(k)).sort();
    expect(declared).toEqual(read);
  });

  it("declares the same defaults the program applies", () => {
    const result = projectConfigSchema.parse({ services: [validService] });
    for (const [key, declaration] of Object.entries(project.config)) {
      const name = key.slice(projectName.length + 1) as keyof typeof result;
      // An optional key's "" default is how "unset" arrives; the program reads it as undefined.
      const applied = projectKeys[name].optional ? "" : result[name];
      expect([key, applied]).toEqual([key, declaration.default]);
    }
  });

  // The CLI refuses to run a stack that leaves unset a key declared without a default, and
  // refuses a `secret: true` key whose value is plain, the default included
  // (sdk/go/common/workspace/config.go: mergeConfig, validateStackConfigValue).
  it("gives every key a default, so that no stack must set keys it does not use", () => {
    const required = Object.entries(project.config).filter(([, declaration]) => declaration.default === undefined);
    expect(required.map(([key]) => key)).toEqual([]);
  });

  it("marks no key secret, since a secret key cannot have a default", () => {
    const secret = Object.entries(project.config).filter(([, declaration]) => declaration.secret);
    expect(secret.map(([key]) => key)).toEqual([]);
  });

  it('declares exactly the optional keys with default "", which the program reads as unset', () => {
    const emptyDefault = Object.entries(project.config).filter(([, d]) => d.default === "").map(([key]) => key.slice(projectName.length + 1));
    const optional = Object.entries(projectKeys).filter(([, k]) => k.optional).map(([key]) => key);
    expect(emptyDefault.sort()).toEqual(optional.sort());
  });

  it("declares JSON-valued keys as non-strings so the CLI passes them as JSON", () => {
    for (const [key, declaration] of Object.entries(project.config)) {
      const name = key.slice(projectName.length + 1) as keyof typeof projectKeys;
      expect([key, projectKeys[name].kind]).toEqual([key, declaration.type === "string" ? "string" : "json"]);
    }
  });
});

describe("stack files", () => {
  const stackFiles = readdirSync(projectRoot).filter((f) => /^Pulumi\.[^.]+\.yaml$/.test(f));

  it("exist for exactly dev, staging and prod", () => {
    expect(stackFiles.sort()).toEqual(environments.map((e) => `Pulumi.${e}.yaml`).sort());
  });

  it.each(environments)("%s gives every declared key a value of its declared type", (stack) => {
    for (const [key, value] of Object.entries(readStackFile(stack))) {
      const declaration = project.config[key];
      if (declaration) expect([key, matchesType(value, declaration)]).toEqual([key, true]);
      else expect([key, undeclarable.map((k) => `${projectName}:${k}`)]).toEqual([key, expect.arrayContaining([key])]);
    }
  });

  it.each(environments)("%s holds no secret, encrypted or not", (stack) => {
    expect(stackConfigValues(stack).secretKeys).toEqual([]);
    const values = stackConfigValues(stack).values;
    for (const key of ["pagerduty:token", "pagerduty:userToken", "datadog:apiKey", "datadog:appKey"]) expect(values[key]).toBeUndefined();
  });

  it.each(environments)("%s is valid once credentials are supplied", (stack) => {
    const { values } = stackConfigValues(stack);
    // Credentials the dynamic providers (and prod's PagerDuty Slack connections) read from the environment.
    const raw = rawConfig(stack, {}, { env: { SPLUNK_MGMT_TOKEN: "x", OPSGENIE_ACCOUNT_API_KEY: "x", SENTRY_AUTH_TOKEN: "x", PAGERDUTY_USER_TOKEN: "x" } });
    const result = parseStackConfig({ ...raw, values: { ...values, ...Object.fromEntries([...raw.secretKeys].map((k) => [k, raw.values[k]])) } });
    expect(result.ok ? [] : result.problems).toEqual([]);
  });
});
