import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { parse } from "yaml";
import { encryptedOffline } from "../config/encryptedOffline";
import { StackFileError } from "./stackFileError";
import { parseStackFile } from "./parseStackFile";

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
  /** Keys whose values are (or hold) `secure:` ciphertext in the stack file; their text is encryptedOffline there. */
  secretKeys: string[];
}

/**
 * The project folder: the nearest folder above this module that holds Pulumi.yaml. Found, not
 * assumed one level up, because the bundles (build/bundles.mjs) put this code in dist/ or, when
 * it is loaded late, in dist/chunks/.
 */
export const projectRoot = findProjectRoot(__dirname);

function findProjectRoot(from: string): string {
  for (let folder = from; ; folder = path.dirname(folder)) {
    if (existsSync(path.join(folder, "Pulumi.yaml"))) return folder;
    if (path.dirname(folder) === folder) return path.resolve(__dirname, "..");
  }
}

export function readProjectFile(root = projectRoot): ProjectFile {
  const doc = parse(readFileSync(path.join(root, "Pulumi.yaml"), "utf8")) as Partial<ProjectFile>;
  return { name: String(doc.name), config: doc.config ?? {} };
}

/** The stacks of a project: the names of its `Pulumi.<stack>.yaml` files, sorted. */
export function stackNames(root = projectRoot): string[] {
  return readdirSync(root)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((name): name is string => name !== undefined)
    .sort();
}

/**
 * A stack file's config, keyed as the CLI keys it (parseStackFile.ts), or a StackFileError
 * naming file, line, column and key for each problem. A missing file is an empty config, as
 * for the CLI (sdk/go/common/workspace/loaders.go, LoadProjectStack).
 */
export function readStackFile(stack: string, root = projectRoot, project = readProjectFile(root).name): Record<string, unknown> {
  const file = `Pulumi.${stack}.yaml`;
  const full = path.join(root, file);
  if (!existsSync(full)) return {};
  const parsed = parseStackFile(readFileSync(full, "utf8"), file, project);
  if (!parsed.ok) throw new StackFileError(stack, parsed.problems);
  return parsed.config;
}

/**
 * How the CLI turns a YAML config value into the text the program reads: strings as they are,
 * anything else as JSON, and an empty value as "" (the CLI warns and reads it so:
 * sdk/go/common/workspace/loaders.go, checkForEmptyConfig).
 */
export function configText(value: unknown): string {
  if (value === null || value === undefined) return "";
  return typeof value === "string" ? value : JSON.stringify(value);
}

/**
 * A value with every `secure:` ciphertext in it replaced by encryptedOffline, and whether it
 * had one: only the CLI can decrypt them, with the stack's secrets provider.
 */
function withoutCiphertext(value: unknown): { value: unknown; encrypted: boolean } {
  if (value !== null && typeof value === "object" && !Array.isArray(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1 && entries[0][0] === "secure" && typeof entries[0][1] === "string") return { value: encryptedOffline, encrypted: true };
    const inner = entries.map(([k, v]) => [k, withoutCiphertext(v)] as const);
    return { value: Object.fromEntries(inner.map(([k, v]) => [k, v.value])), encrypted: inner.some(([, v]) => v.encrypted) };
  }
  if (Array.isArray(value)) {
    const inner = value.map(withoutCiphertext);
    return { value: inner.map((v) => v.value), encrypted: inner.some((v) => v.encrypted) };
  }
  return { value, encrypted: false };
}

/**
 * A stack's config the way the Pulumi CLI would hand it to the program: the project's
 * declared defaults, overlaid by the stack file. A `secure:` value is set, its value unknown
 * offline: it is passed as a secret holding encryptedOffline, never left out (left out, an
 * adopted HEC token would read as "not set", and a key exclusive with it would pass).
 */
export function stackConfigValues(stack: string, root = projectRoot): StackConfigValues {
  const project = readProjectFile(root);
  const values: Record<string, string> = {};
  for (const [key, declaration] of Object.entries(project.config)) {
    if (declaration.default !== undefined) values[key] = configText(declaration.default);
  }
  const secretKeys: string[] = [];
  for (const [key, raw] of Object.entries(readStackFile(stack, root, project.name))) {
    const { value, encrypted } = withoutCiphertext(raw);
    if (encrypted) secretKeys.push(key);
    values[key] = configText(value);
  }
  return { values, secretKeys };
}
