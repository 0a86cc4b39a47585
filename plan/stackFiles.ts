import { readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";

/** A declared project key in Pulumi.yaml. */
export interface ConfigDeclaration {
  type: "string" | "integer" | "boolean" | "array";
  items?: { type: string };
  description?: string;
  secret?: boolean;
  default?: unknown;
}

export interface ProjectFile {
  name: string;
  config: Record<string, ConfigDeclaration>;
}

export interface StackConfigValues {
  /** Full key → text, as the CLI passes config to the program (JSON for non-strings). */
  values: Record<string, string>;
  /** Keys whose values are `secure:` ciphertext in the stack file. */
  secretKeys: string[];
}

export const projectRoot = path.resolve(__dirname, "..");

export function readProjectFile(root = projectRoot): ProjectFile {
  const doc = parse(readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as Partial<ProjectFile>;
  return { name: String(doc.name), config: doc.config ?? {} };
}

export function readStackFile(stack: string, root = projectRoot): Record<string, unknown> {
  const doc = parse(readFileSync(path.join(root, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> } | null;
  return doc?.config ?? {};
}

/** How the CLI turns a YAML config value into the text the program reads. */
export function configText(value: unknown): string {
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A stack's config the way the Pulumi CLI would hand it to the program: the project's
 * declared defaults, overlaid by the stack file. `secure:` values cannot be decrypted
 * without the stack's secrets provider, so offline they are reported by key and left out;
 * the committed stack files hold none.
 */
export function stackConfigValues(stack: string, root = projectRoot): StackConfigValues {
  const project = readProjectFile(root);
  const values: Record<string, string> = {};
  for (const [key, declaration] of Object.entries(project.config)) {
    if (declaration.default !== undefined) values[key] = configText(declaration.default);
  }
  const secretKeys: string[] = [];
  for (const [key, value] of Object.entries(readStackFile(stack, root))) {
    if (value !== null && typeof value === "object" && "secure" in value) {
      secretKeys.push(key);
      continue;
    }
    values[key] = configText(value);
  }
  return { values, secretKeys };
}
