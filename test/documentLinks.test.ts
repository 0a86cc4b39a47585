import { execFileSync } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import path from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { projectRoot } from "../plan/stackFiles";

/** The repository's tracked files (what a user clones), plus the ones added in this working tree. */
const tracked = execFileSync("git", ["ls-files", "--cached", "--others", "--exclude-standard"], { cwd: projectRoot, encoding: "utf8" }).split("\n").filter(Boolean);
const markdown = tracked.filter((f) => f.endsWith(".md"));
const programSources = tracked.filter((f) => f.endsWith(".ts") && !f.startsWith("test/") && !f.endsWith(".d.ts"));
/** The mocks answer with the vendors' own bodies (their links, XML namespaces): not this program's messages. */
const messageSources = programSources.filter((f) => !f.startsWith("mock-endpoints/"));
const basenames = new Set(tracked.map((f) => path.basename(f)));
const topLevel = new Set(readdirSync(projectRoot));

/** Paths on the machine a file was written on: no user has them. */
const machinePath = /(?:^|[\s`'"(=])(\/(?:work|root|home|Users|private\/var)\/[^\s`'")]*|file:\/\/\/[^\s`'")]*|[A-Z]:\\[^\s`'")]*)/;
/**
 * Files a run creates, which a fresh clone does not have (state/, .env.local and logs are
 * git-ignored; --preserve writes report.json and post-mortem.md; npm run toolchain writes
 * manifest.json in its cache folder).
 */
/** Written by a run, not committed: state, reports, logs, and a bundle's remembered provider code (dist/<bundle>.providers.json). */
const createdAtRuntime = (p: string) =>
  p.startsWith("state/") || p.startsWith("dist/") || [".env.local", "report.json", "post-mortem.md", "manifest.json"].includes(p) || p.endsWith(".log") || p.endsWith(".providers.json");
const fileExtensions = /\.(md|ts|sh|ya?ml|json|example|log)$/;

/** GitHub's heading anchors: lower case, punctuation dropped, spaces as dashes. */
function anchorsOf(file: string): Set<string> {
  const text = readFileSync(path.join(projectRoot, file), "utf8").replace(/```[\s\S]*?```/g, "");
  return new Set(
    [...text.matchAll(/^#{1,6}\s+(.+)$/gm)].map((m) =>
      m[1]
        .trim()
        .toLowerCase()
        .replace(/[^\p{L}\p{N}\s_-]/gu, "")
        .replace(/\s/g, "-"),
    ),
  );
}

/**
 * Whether a reference resolves for someone with a clone: a repository path (from `from`'s
 * folder, or from the root), with its #anchor a heading there; an http(s) URL well formed.
 */
function problemWith(reference: string, from: string): string | undefined {
  if (/^[a-z][a-z0-9+.-]*:/i.test(reference)) {
    if (!/^https?:\/\//.test(reference)) return undefined;
    if (reference.includes("<") || reference.includes("…") || /^https?:\/\/$/.test(reference)) return undefined;
    try {
      const url = new URL(reference);
      if (url.protocol === "http:" && !["127.0.0.1", "localhost"].includes(url.hostname)) return "is a plain-http link";
      return undefined;
    } catch {
      return "is not a well-formed URL";
    }
  }
  const [target, anchor] = reference.split("#");
  // A bare file name ("cli.ts", "deploy.yml") names a file of the folder the text is about.
  if (!target.includes("/") && target !== "" && basenames.has(target)) return undefined;
  const file = target === "" ? from : [path.join(path.dirname(from), target), target].map((p) => path.normalize(p)).find((p) => existsSync(path.join(projectRoot, p)));
  if (file === undefined) return createdAtRuntime(path.normalize(target)) ? undefined : "does not exist in the repository";
  if (anchor && file.endsWith(".md") && !anchorsOf(file).has(anchor)) return `has no heading for #${anchor}`;
  return undefined;
}

/** Backticked or plain tokens that name a repository file: a known extension, or a top-level folder first. */
function repositoryPaths(text: string): string[] {
  return [...text.matchAll(/(?:^|[\s`'"(])((?:\.\.?\/)*[A-Za-z0-9_.-]+(?:\/[A-Za-z0-9_.-]+)*\/?)(?=$|[\s`'"),;:])/g)]
    .map((m) => m[1].replace(/[.,;:]+$/, ""))
    .filter((token) => token.includes("/") || (fileExtensions.test(token) && /[A-Za-z0-9_-]\.[a-z]+$/.test(token) && !/^\.[a-z]+$/.test(token)))
    .filter((token) => fileExtensions.test(token) || topLevel.has(token.replace(/^(\.\.?\/)+/, "").split("/")[0]))
    .filter((token) => !/^\.?\/?(node_modules|\.git)\//.test(token));
}

function markdownReferences(file: string): string[] {
  const text = readFileSync(path.join(projectRoot, file), "utf8");
  const links = [...text.matchAll(/\]\(([^)\s]+)\)/g)].map((m) => m[1]);
  const code = [...text.matchAll(/`([^`\n]+)`/g)].map((m) => m[1]);
  return [...links, ...code.flatMap(repositoryPaths)];
}

/** The program's string literals: every message it prints is built from them. */
function stringLiterals(file: string): string[] {
  const source = ts.createSourceFile(file, readFileSync(path.join(projectRoot, file), "utf8"), ts.ScriptTarget.Latest, true);
  const found: string[] = [];
  const visit = (node: ts.Node) => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) || ts.isTemplateHead(node) || ts.isTemplateMiddle(node) || ts.isTemplateTail(node)) {
      found.push(node.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  // Module specifiers are code, not messages.
  return found.filter((text) => !/^\.{1,2}\//.test(text) || text.includes(" "));
}

describe("references a user of the repository can follow", () => {
  it("finds the Markdown and the program to check", () => {
    expect(markdown).toEqual(expect.arrayContaining(["README.md", "docs/integrations.md", "setup-runbooks/README.md", "setup-runbooks/slack.md"]));
    expect(programSources.length).toBeGreaterThan(50);
  });

  it.each(markdown)("%s links and names only what resolves", (file) => {
    const broken = markdownReferences(file).flatMap((reference) => {
      const problem = problemWith(reference, file);
      return problem ? [`${reference} ${problem}`] : [];
    });
    expect(broken).toEqual([]);
  });

  it("no Markdown file and no program source holds a path of the machine it was written on", () => {
    const found = [...markdown, ...programSources].flatMap((file) =>
      readFileSync(path.join(projectRoot, file), "utf8")
        .split("\n")
        .flatMap((line, i) => (machinePath.test(line) ? [`${file}:${i + 1}`] : [])),
    );
    expect(found).toEqual([]);
  });

  it("the program's messages name only repository paths and README sections that exist", () => {
    const readmeSections = anchorsOf("README.md");
    const broken = messageSources.flatMap((file) =>
      stringLiterals(file).flatMap((text) => [
        ...repositoryPaths(text)
          .filter((reference) => problemWith(reference, "README.md") !== undefined)
          .map((reference) => `${file}: "${reference}" ${problemWith(reference, "README.md")}`),
        ...[...text.matchAll(/README, section ([A-Z][\w ]*[\w])/g)]
          .filter((m) => !readmeSections.has(m[1].toLowerCase().replace(/\s/g, "-")))
          .map((m) => `${file}: README has no section ${m[1]}`),
        ...[...text.matchAll(/https?:\/\/[^\s"'`)<>]+/g)]
          .map((m) => m[0].replace(/[.,;:]+$/, ""))
          .filter((url) => problemWith(url, "README.md") !== undefined)
          .map((url) => `${file}: ${url} ${problemWith(url, "README.md")}`),
      ]),
    );
    expect(broken).toEqual([]);
  });

  it("catches what it is for: a missing file, a missing heading, a machine path", () => {
    expect(problemWith("docs/nothing-here.md", "README.md")).toBe("does not exist in the repository");
    expect(problemWith("../docs/integrations.md#no-such-heading", "setup-runbooks/slack.md")).toBe("has no heading for #no-such-heading");
    expect(problemWith("../docs/integrations.md#opsgenie", "setup-runbooks/slack.md")).toBeUndefined();
    expect(problemWith("http://example.com/x", "README.md")).toBe("is a plain-http link");
    expect(machinePath.test("Vendor facts: `/work/shared/docs/integrations.md`")).toBe(true);
    expect(repositoryPaths("see setup-runbooks/slack.md and state/verify.log, or @pulumi/pulumi")).toEqual(["setup-runbooks/slack.md", "state/verify.log"]);
  });
});
