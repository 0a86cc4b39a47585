import { type Document, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, visit, type YAMLError } from "yaml";
import { nearestName } from "../config/nearestName";
import type { ConfigProblem } from "../config/configProblem";

export type ParsedStackFile = { ok: true; config: Record<string, unknown> } | { ok: false; problems: ConfigProblem[] };

/**
 * The top-level keys of a stack file (sdk/go/common/workspace/project.go, ProjectStack). The
 * CLI ignores any other, so a config key written there by mistake would silently not apply.
 */
const stackFileKeys = ["secretsprovider", "encryptedkey", "encryptionsalt", "config", "environment"];

/**
 * What a YAML error means, in words, for the codes a hand-edited stack file produces. The
 * library's own message quotes the offending line, which may hold a credential: never used.
 */
const yamlErrors: Partial<Record<YAMLError["code"], { what: string; fix: string }>> = {
  BLOCK_AS_IMPLICIT_KEY: { what: "a value nests or continues where YAML does not allow it", fix: "quote a value that contains \": \", and indent a nested key under its parent" },
  MULTILINE_IMPLICIT_KEY: { what: "a key runs over more than one line", fix: "put the key and its colon on one line, or quote the value above it" },
  BAD_INDENT: { what: "the indentation does not match the keys around it", fix: "indent each key two spaces deeper than its parent, and its siblings equally" },
  TAB_AS_INDENT: { what: "a tab is used for indentation", fix: "indent with spaces; YAML does not allow tabs there" },
  MISSING_CHAR: { what: "a quote, bracket or brace is not closed", fix: "close it, or quote the value" },
  UNEXPECTED_TOKEN: { what: "a character YAML does not expect there", fix: "quote the value" },
  BAD_SCALAR_START: { what: "a value starts with a character YAML reserves (such as @, ` or %)", fix: "quote the value" },
  BLOCK_IN_FLOW: { what: "a block value inside [ ] or { }", fix: "write the list or map in one style" },
  BAD_ALIAS: { what: "an alias (*name) whose anchor (&name) is not defined before it", fix: "define the anchor first, or spell the alias like it" },
  MULTIPLE_DOCS: { what: "a second YAML document (---)", fix: "keep the stack's settings in one document" },
  BAD_DQ_ESCAPE: { what: "an invalid escape in a double-quoted value", fix: "use single quotes, or escape the backslash as \\\\" },
};

function looksLikeMarkup(text: string): string | undefined {
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (/^<(!doctype html|html|head|body)\b/.test(start)) return "an HTML page (an error page or a page saved from a browser?)";
  if (/^<\?xml\b|^</.test(start)) return "XML or HTML";
  if (/^[{[]/.test(start) && /"(version|deployment|checkpoint)"/.test(text.slice(0, 2000))) return "JSON, such as a state export";
  return undefined;
}

type PathSegment = { segment: string | number; start: number };

/** The key path at an offset, each segment with where it starts: `config`, `operator-wiring:services`, 0, `name`. */
function pathAt(node: unknown, offset: number, path: PathSegment[] = []): PathSegment[] {
  if (isMap(node)) {
    const pair = node.items.filter((p) => isScalar(p.key) && (p.key.range?.[0] ?? Infinity) <= offset).pop();
    if (!pair) return path;
    const key = pair.key as Node & { value: unknown };
    const value = pair.value as Node | null;
    const next = [...path, { segment: String(key.value), start: key.range?.[0] ?? 0 }];
    return value && (value.range?.[0] ?? Infinity) <= offset ? pathAt(value, offset, next) : next;
  }
  if (isSeq(node)) {
    const index = node.items.map((item, i) => ({ i, start: (item as Node | null)?.range?.[0] ?? Infinity })).filter((x) => x.start <= offset).pop();
    return index === undefined ? path : pathAt(node.items[index.i], offset, [...path, { segment: index.i, start: index.start }]);
  }
  return path;
}

/**
 * The path at a syntax error, cut where the parser may have read text of a broken line as a
 * key: a key counts only when it opens its line (after indentation and "- ") and looks like a
 * key, so that nothing of a value reaches the message.
 */
function safePathAt(doc: Document, lines: LineCounter, source: string, offset: number): PathSegment[] {
  const safe: PathSegment[] = [];
  for (const { segment, start } of pathAt(doc.contents, offset)) {
    const lineStart = lines.lineStarts[lines.linePos(start).line - 1] ?? 0;
    const opensLine = /^[ -]*$/.test(source.slice(lineStart, start));
    if (typeof segment === "string" && !(opensLine && /^[A-Za-z0-9_.:<-]{1,64}$/.test(segment))) break;
    safe.push({ segment, start });
  }
  return safe;
}

/** A path under `config:` as a config key (`operator-wiring:services[0].name`); "" elsewhere. */
function keyOf(path: readonly (string | number)[], project: string): string {
  if (path[0] !== "config") return typeof path[0] === "string" ? path[0] : "";
  const [top, ...rest] = path.slice(1);
  if (top === undefined) return "config";
  let key = String(top).includes(":") ? String(top) : `${project}:${String(top)}`;
  for (const segment of rest) key += typeof segment === "number" ? `[${segment}]` : `.${segment}`;
  return key;
}

/**
 * The first YAML error, by place: the parser's later errors follow from it (the Pulumi CLI,
 * with gopkg.in/yaml.v3, stops at the first too). An alias without its anchor is found here
 * as well; the parser leaves it for later.
 */
function syntaxProblems(doc: Document, lines: LineCounter, source: string, file: string, project: string): ConfigProblem[] {
  const errors: { code: YAMLError["code"]; pos: [number, number] }[] = [...doc.errors];
  visit(doc, {
    Alias(_key, alias) {
      if (alias.resolve(doc) === undefined) errors.push({ code: "BAD_ALIAS", pos: [alias.range?.[0] ?? 0, alias.range?.[1] ?? 0] });
    },
  });
  return errors.slice(0, 1).map((error) => {
    const { line, col } = lines.linePos(error.pos[0]);
    const segments = safePathAt(doc, lines, source, error.pos[0]);
    const path = segments.map((s) => s.segment);
    // An unclosed quote or bracket is noticed at the end of the file; the key it follows says where it opens.
    const opened = error.code === "MISSING_CHAR" && segments.length > 0 ? lines.linePos(segments[segments.length - 1].start).line : undefined;
    const location = opened === undefined ? `${file} line ${line}, column ${col}` : `${file} line ${opened}, not closed by line ${line}`;
    if (error.code === "DUPLICATE_KEY") {
      const first = keyStart(doc, path.slice(0, -1), path.at(-1));
      const firstLine = first === undefined ? "" : ` at line ${lines.linePos(first).line}`;
      return { key: keyOf(path, project), location, problem: `repeats a key already set${firstLine}; YAML refuses a repeated key, and the Pulumi CLI with it.`, hint: "keep one of the two." };
    }
    const known = yamlErrors[error.code] ?? { what: `a YAML error (${error.code})`, fix: "correct the YAML there" };
    return { key: keyOf(path, project), location, problem: `is not valid YAML: ${known.what}.`, hint: `${known.fix}; the line is not shown here, so that a value on it stays private.` };
  });
}

/** Where the first key `name` of the mapping at `parentPath` starts. */
function keyStart(doc: Document, parentPath: readonly (string | number)[], name: string | number | undefined): number | undefined {
  const parent = parentPath.length === 0 ? doc.contents : doc.getIn(parentPath, true);
  if (!isMap(parent)) return undefined;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === String(name));
  return (pair?.key as Node | undefined)?.range?.[0];
}

/**
 * A stack file read as the Pulumi CLI reads it (sdk/go/common/workspace/loaders.go,
 * LoadProjectStackBytes, with gopkg.in/yaml.v3): a UTF-8 byte-order mark dropped, merge keys
 * (`<<`) and anchors resolved, a repeated key refused, and a config key without a namespace
 * taken as the project's (stackConfigNamespacedWithProject). Stricter than the CLI where the
 * CLI would silently ignore what the file says: a top-level key that is no stack-file key.
 * Messages name the file, line, column and key, and never quote the file's text.
 */
export function parseStackFile(text: string, file: string, project: string): ParsedStackFile {
  const source = text.replace(/^\uFEFF/, "");
  const markup = looksLikeMarkup(source);
  if (markup) return { ok: false, problems: [{ key: "", location: file, problem: `is not a stack file: it holds ${markup}.`, hint: `restore the stack file (git checkout -- ${file}), or write one with a config: mapping.` }] };
  const lines = new LineCounter();
  const doc = parseDocument(source, { merge: true, uniqueKeys: true, prettyErrors: false, lineCounter: lines });
  const syntax = syntaxProblems(doc, lines, source, file, project);
  if (syntax.length > 0) return { ok: false, problems: syntax };
  const content: unknown = doc.toJS({ maxAliasCount: 1000 });
  if (content === null || content === undefined) return { ok: true, config: {} };
  if (typeof content !== "object" || Array.isArray(content)) {
    const what = Array.isArray(content) ? "a list" : "a single value";
    return { ok: false, problems: [{ key: "", location: file, problem: `is not a stack file: it holds ${what}, where a stack file holds a mapping with config:.`, hint: "write the settings under config:, one key per line (README, section Configuration)." }] };
  }
  const problems: ConfigProblem[] = [];
  for (const key of Object.keys(content)) {
    // A key whose value carries an anchor (&base) holds what config merges in (<<: *base).
    if (stackFileKeys.includes(key) || (doc.getIn([key], true) as Node | undefined)?.anchor) continue;
    const where = `${file} line ${lines.linePos(keyStart(doc, [], key) ?? 0).line}`;
    const suggestion = nearestName(key, stackFileKeys);
    problems.push(
      key.includes(":")
        ? { key, location: where, problem: "is at the top level of the stack file, where the Pulumi CLI ignores it.", hint: "indent it under config:." }
        : { key, location: where, problem: "is not part of a stack file; the Pulumi CLI ignores it.", hint: suggestion ? `did you mean ${suggestion}?` : `remove it; a stack file holds ${stackFileKeys.join(", ")}.` },
    );
  }
  const record = content as Record<string, unknown>;
  if (record.environment !== undefined) {
    problems.push({ key: "environment", location: `${file} line ${lines.linePos(keyStart(doc, [], "environment") ?? 0).line}`, problem: "imports Pulumi ESC environments, which the offline plan cannot read (they live in Pulumi Cloud).", hint: "check this stack with pulumi preview, or set its config in the file." });
  }
  const config = record.config ?? {};
  if (typeof config !== "object" || config === null || Array.isArray(config)) {
    problems.push({ key: "config", location: file, problem: "is not a mapping of keys to values.", hint: "write one key per line under config:, e.g.   operator-wiring:routingEnabled: false" });
    return { ok: false, problems };
  }
  const lineOf = (key: string) => `${file} line ${lines.linePos(keyStart(doc, ["config"], key) ?? 0).line}`;
  const namespaced = namespacedConfig(config as Record<string, unknown>, project, lineOf, problems);
  return problems.length > 0 ? { ok: false, problems } : { ok: true, config: namespaced };
}

/**
 * Config keys as the CLI keys them: a bare key is the project's; `ns:config:name` is the old
 * spelling of `ns:name`; anything else with more than one colon cannot be parsed
 * (sdk/go/common/resource/config/key.go, ParseKey). A key given twice that way is refused: the
 * CLI would keep one of them, which one unspecified.
 */
function namespacedConfig(config: Record<string, unknown>, project: string, lineOf: (key: string) => string, problems: ConfigProblem[]): Record<string, unknown> {
  const result: Record<string, unknown> = {};
  const spelledAs = new Map<string, string>();
  for (const [written, value] of Object.entries(config)) {
    const parts = written.split(":");
    let key: string | undefined;
    if (parts.length === 1) key = `${project}:${written}`;
    else if (parts.length === 2) key = written;
    else if (parts.length === 3 && parts[1] === "config") key = `${parts[0]}:${parts[2]}`;
    if (key === undefined) {
      problems.push({ key: written, location: lineOf(written), problem: "cannot be parsed as a configuration key; the Pulumi CLI refuses it.", hint: "write it as <namespace>:<name>, e.g. operator-wiring:routingEnabled." });
      continue;
    }
    const earlier = spelledAs.get(key);
    if (earlier !== undefined) {
      problems.push({ key, location: lineOf(written), problem: `is set twice, as ${earlier} and as ${written}; the Pulumi CLI would keep one of them, which one is not defined.`, hint: "keep one." });
      continue;
    }
    spelledAs.set(key, written);
    result[key] = value;
  }
  return result;
}
