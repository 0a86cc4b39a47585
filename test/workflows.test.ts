/**
 * The CI/CD contract of .github/workflows/preview.yml and deploy.yml (requirement P11), and
 * that docs/ci.md documents every secret and variable they read. The workflows are not run
 * here (no GitHub, no Pulumi CLI): this test and the offline schema check below are all the
 * checking they get in this repository.
 */
import { validateWorkflow } from "@action-validator/core";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { credentialSpecs } from "../config/checkCredentials";
import { parseStackConfig } from "../config/parseStackConfig";
import { stackConfigValues } from "../plan/stackFiles";

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  with?: Record<string, unknown>;
  env?: Record<string, unknown>;
}

interface Job {
  name?: string;
  needs?: string | string[];
  if?: string;
  environment?: unknown;
  permissions?: Record<string, string>;
  concurrency?: { group?: string; "cancel-in-progress"?: unknown };
  strategy?: {
    "fail-fast"?: unknown;
    matrix?: { stack?: unknown; include?: Array<Record<string, unknown>> };
  };
  env?: Record<string, unknown>;
  steps: Step[];
}

interface Workflow {
  name?: string;
  on: Record<string, unknown>;
  permissions?: Record<string, string>;
  env?: Record<string, unknown>;
  jobs: Record<string, Job>;
}

const root = path.resolve(__dirname, "..");
const read = (relative: string) => readFileSync(path.join(root, relative), "utf8");

const files = {
  preview: ".github/workflows/preview.yml",
  deploy: ".github/workflows/deploy.yml",
} as const;

const text = { preview: read(files.preview), deploy: read(files.deploy) };
const workflow = {
  preview: parse(text.preview) as Workflow,
  deploy: parse(text.deploy) as Workflow,
};
const docs = read("docs/ci.md");

const STACKS = ["dev", "staging", "prod"];

const PULUMI_ACTION = "pulumi/actions@v7";

/**
 * Every environment variable the program reads a credential from when the stack's config does not
 * hold it: the providers' (config/checkCredentials.ts) and the dynamic resources' and lookups'
 * (config/checkSentry.ts, checkOpsgenie.ts, checkSplunk.ts).
 */
const PROGRAM_CREDENTIALS = [
  ...new Set([
    ...Object.values(credentialSpecs).flatMap((spec) => spec.envVars),
    "SENTRY_AUTH_TOKEN",
    "OPSGENIE_ACCOUNT_API_KEY",
    "SPLUNK_MGMT_TOKEN",
    "SPLUNK_MGMT_USERNAME",
    "SPLUNK_MGMT_PASSWORD",
  ]),
];

/** Environment variables that carry a credential or backend location. */
const CREDENTIAL_ENV = [...PROGRAM_CREDENTIALS, "PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE", "PULUMI_CONFIG_PASSPHRASE_FILE", "PULUMI_BACKEND_URL"];

/** What the Pulumi step sets besides the program's credentials. */
const PULUMI_ENV = {
  PULUMI_ACCESS_TOKEN: "${{ secrets.PULUMI_ACCESS_TOKEN }}",
  PULUMI_CONFIG_PASSPHRASE: "${{ secrets.PULUMI_CONFIG_PASSPHRASE }}",
  PULUMI_NODEJS_TRANSPILE_ONLY: "true",
};

/**
 * The configuration problems of a committed stack (Pulumi.yaml defaults and Pulumi.<stack>.yaml,
 * as the CLI passes them) when the environment holds exactly these variables: what the program
 * would stop the job with. The values are placeholders; only presence is checked before deploy.
 */
function problemsWith(stack: string, envNames: string[]): string[] {
  const { values, secretKeys } = stackConfigValues(stack);
  const env = Object.fromEntries(envNames.map((name) => [name, "set-by-ci"]));
  const parsed = parseStackConfig({ stack, values, secretKeys: new Set(secretKeys), env });
  return parsed.ok ? [] : parsed.problems.map((p) => `${p.key}: ${p.problem}`);
}

/** The program's credentials a step's env gives it. */
const credentialsIn = (env: Record<string, unknown> | undefined): string[] => Object.keys(env ?? {}).filter((name) => PROGRAM_CREDENTIALS.includes(name));

/** A whole value that is one secret reference: `${{ secrets.NAME }}`. */
const STATIC_SECRET = /^\$\{\{ secrets\.([A-Z][A-Z0-9_]*) \}\}$/;
/** A whole value that is one per-stack secret reference, see the preview matrix. */
const MATRIX_SECRET = /^\$\{\{ secrets\[format\('([A-Z][A-Z0-9_]*)\{0\}', matrix\.secret-suffix\)\] \}\}$/;

/** `${{ vars.PULUMI_ORG && format('{0}/<stack>', vars.PULUMI_ORG) || '<stack>' }}` and the matrix form. */
const stackNameFor = (stack: string) => `\${{ vars.PULUMI_ORG && format('{0}/${stack}', vars.PULUMI_ORG) || '${stack}' }}`;
const MATRIX_STACK_NAME = "${{ vars.PULUMI_ORG && format('{0}/{1}', vars.PULUMI_ORG, matrix.stack) || matrix.stack }}";

const needsOf = (job: Job): string[] => (job.needs === undefined ? [] : ([] as string[]).concat(job.needs));
const runsOf = (job: Job): string[] => job.steps.flatMap((s) => (s.run === undefined ? [] : [s.run.trim()]));
const pulumiSteps = (job: Job): Step[] => job.steps.filter((s) => s.uses?.startsWith("pulumi/actions"));

function onlyPulumiStep(job: Job): Step {
  const steps = pulumiSteps(job);
  expect(steps).toHaveLength(1);
  return steps[0];
}

/** Every string in a parsed document (keys excluded), with its path. */
function strings(value: unknown, at = ""): Array<{ at: string; value: string }> {
  if (typeof value === "string") return [{ at, value }];
  if (Array.isArray(value)) return value.flatMap((v, i) => strings(v, `${at}[${i}]`));
  if (value !== null && typeof value === "object") {
    return Object.entries(value).flatMap(([k, v]) => strings(v, at ? `${at}.${k}` : k));
  }
  return [];
}

/** Every env map of a workflow: workflow level, job level and step level. */
function envMaps(wf: Workflow): Array<{ at: string; env: Record<string, unknown> }> {
  const maps: Array<{ at: string; env: Record<string, unknown> }> = [];
  if (wf.env) maps.push({ at: "env", env: wf.env });
  for (const [id, job] of Object.entries(wf.jobs)) {
    if (job.env) maps.push({ at: `jobs.${id}.env`, env: job.env });
    job.steps.forEach((step, i) => {
      if (step.env) maps.push({ at: `jobs.${id}.steps[${i}].env`, env: step.env });
    });
  }
  return maps;
}

/**
 * The secret names a workflow reads. `secrets[format('P_{0}', matrix.secret-suffix)]` is
 * expanded with every `secret-suffix` of the job's matrix. Any other `secrets` expression is
 * an error, so no reference escapes the documentation check.
 */
function secretNames(wf: Workflow): string[] {
  const names = new Set<string>();
  for (const [id, job] of Object.entries(wf.jobs)) {
    const suffixes = (job.strategy?.matrix?.include ?? []).flatMap((entry) =>
      typeof entry["secret-suffix"] === "string" ? [entry["secret-suffix"]] : [],
    );
    for (const { at, value } of strings(job, `jobs.${id}`)) {
      for (const expr of value.match(/\$\{\{.*?\}\}/g) ?? []) {
        if (!/\bsecrets\b/.test(expr)) continue;
        const whole = STATIC_SECRET.exec(expr);
        const perStack = MATRIX_SECRET.exec(expr);
        if (whole) names.add(whole[1]);
        else if (perStack) {
          expect(suffixes, `${at}: per-stack secret without matrix secret-suffix`).not.toEqual([]);
          for (const suffix of suffixes) names.add(`${perStack[1]}${suffix}`);
        } else throw new Error(`${at}: unrecognised secrets expression ${expr}`);
      }
    }
  }
  return [...names].sort();
}

function varNames(source: string): string[] {
  return [...new Set([...source.matchAll(/\bvars\.([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]))].sort();
}

/** A 32-digit hex run: the shape of a Datadog API key, and of many other tokens. */
const HEX_CREDENTIAL = /[0-9a-f]{32}/i;

/** The credentials the committed stacks need between them, as the deploy jobs pass them (checked against the stacks below). */
const stackCredentials = [...new Set(STACKS.flatMap((stack) => pulumiSteps(workflow.deploy.jobs[`deploy-${stack}`]).flatMap((step) => credentialsIn(step.env))))].sort();

describe.each([["preview"], ["deploy"]] as const)("%s workflow: check job", (which) => {
  const job = workflow[which].jobs.check;

  it("checks out, sets up Node 20 with the npm cache, then runs npm ci, tsc --noEmit and npm test in that order", () => {
    expect(job.steps.map((s) => s.uses ?? s.run)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "npm ci",
      "npx tsc --noEmit",
      "npm test",
    ]);
    expect(job.steps[1].with).toEqual({ "node-version": 20, cache: "npm" });
  });

  it("needs nothing and reads no secret", () => {
    expect(needsOf(job)).toEqual([]);
    expect(JSON.stringify(job)).not.toContain("secrets");
  });

  it("reads at most the repository contents", () => {
    expect(workflow[which].permissions).toEqual({ contents: "read" });
    expect(job.permissions).toBeUndefined();
  });
});

describe("preview workflow", () => {
  const wf = workflow.preview;
  const job = wf.jobs.preview;

  it("runs on pull requests only (never pull_request_target)", () => {
    expect(Object.keys(wf.on)).toEqual(["pull_request"]);
  });

  it("has exactly the jobs check, preview and rehearsal; preview and rehearsal need check", () => {
    expect(Object.keys(wf.jobs)).toEqual(["check", "preview", "rehearsal"]);
    expect(needsOf(job)).toEqual(["check"]);
    expect(needsOf(wf.jobs.rehearsal)).toEqual(["check"]);
  });

  it("previews each of dev, staging and prod, and one failure does not cancel the others", () => {
    expect(job.strategy?.matrix?.stack).toEqual(["dev", "staging", "prod"]);
    expect(job.strategy?.["fail-fast"]).toBe(false);
    // `include` only adds the secret suffix to the three stacks; it adds no combination.
    expect(job.strategy?.matrix?.include).toEqual(
      STACKS.map((stack) => ({ stack, "secret-suffix": stack.toUpperCase() })),
    );
  });

  it("may write pull request comments and read contents, nothing else", () => {
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });

  it("cancels a superseded preview of the same pull request and stack", () => {
    expect(job.concurrency).toEqual({
      group: "preview-pr-${{ github.event.pull_request.number }}-${{ matrix.stack }}",
      "cancel-in-progress": true,
    });
  });

  it("installs its own dependencies before the preview", () => {
    expect(job.steps.slice(0, 3).map((s) => s.uses ?? s.run)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "npm ci",
    ]);
    expect(job.steps[1].with).toEqual({ "node-version": 20, cache: "npm" });
    expect(job.steps.at(-1)?.uses).toBe(PULUMI_ACTION);
  });

  it("runs pulumi preview of the matrix stack and comments the plan on the pull request", () => {
    const step = onlyPulumiStep(job);
    expect(step.uses).toBe(PULUMI_ACTION);
    expect(step.with).toEqual({
      command: "preview",
      "stack-name": MATRIX_STACK_NAME,
      "cloud-url": "${{ secrets.PULUMI_BACKEND_URL }}",
      "comment-on-pr": true,
      "github-token": "${{ secrets.GITHUB_TOKEN }}",
    });
  });

  it("gives the preview the backend, the passphrase and each credential as the stack's preview secret", () => {
    const env = onlyPulumiStep(job).env ?? {};
    const credentials = credentialsIn(env);
    expect(env).toEqual({
      ...PULUMI_ENV,
      ...Object.fromEntries(credentials.map((name) => [name, `\${{ secrets[format('PREVIEW_${name}_{0}', matrix.secret-suffix)] }}`])),
    });
  });

  it.each(STACKS)("gives the %s preview every credential its committed configuration needs", (stack) => {
    expect(problemsWith(stack, credentialsIn(onlyPulumiStep(job).env))).toEqual([]);
  });

  it("passes no credential that no committed stack needs", () => {
    const credentials = credentialsIn(onlyPulumiStep(job).env);
    const unneeded = credentials.filter((name) => STACKS.every((stack) => problemsWith(stack, credentials.filter((n) => n !== name)).length === 0));
    expect(unneeded).toEqual([]);
  });
});

describe("preview workflow: rehearsal job", () => {
  const job = workflow.preview.jobs.rehearsal;
  const steps = job.steps.map((s) => s.uses ?? s.run);

  it("reads no secret, so pull requests from forks get it too", () => {
    expect(JSON.stringify(job)).not.toContain("secrets");
  });

  it("builds the toolchain with Go 1.26, caching Go's downloads and the built CLI, then rehearses every stack", () => {
    expect(steps.slice(0, 7)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "actions/setup-go@v5",
      "actions/cache@v4",
      "npm ci",
      "npm run toolchain",
      "npm run rehearse -- --json rehearsal.json --markdown rehearsal.md || [ $? -eq 3 ]",
    ]);
    expect(job.steps[2].with).toEqual({ "go-version": "1.26", "cache-dependency-path": "toolchain/go/cli/go.sum" });
    expect(job.steps[3].with?.path).toBe("~/.cache/operator-wiring");
  });

  it("posts the table in the job summary and as a pull request comment it updates, even after a failure", () => {
    const [summary, comment] = job.steps.slice(-2) as (Step & { if?: string; "continue-on-error"?: boolean })[];
    expect([summary.if, summary.run]).toEqual(["always()", expect.stringContaining('>> "$GITHUB_STEP_SUMMARY"')]);
    expect([comment.if, comment.uses, comment["continue-on-error"]]).toEqual(["always()", "actions/github-script@v7", true]);
    expect(String(comment.with?.script)).toContain("updateComment");
    expect(job.permissions).toEqual({ contents: "read", "pull-requests": "write" });
  });
});

describe("deploy workflow", () => {
  const wf = workflow.deploy;
  const deployJobs = STACKS.map((stack) => ({ stack, id: `deploy-${stack}`, job: wf.jobs[`deploy-${stack}`] }));

  it("runs on pushes to main and on manual dispatch only", () => {
    expect(wf.on).toEqual({ push: { branches: ["main"] }, workflow_dispatch: null });
  });

  it("has exactly the jobs check, deploy-dev, deploy-staging, deploy-prod", () => {
    expect(Object.keys(wf.jobs)).toEqual(["check", "deploy-dev", "deploy-staging", "deploy-prod"]);
  });

  it("deploys in the order check → dev → staging → prod", () => {
    expect(deployJobs.map(({ job }) => needsOf(job))).toEqual([["check"], ["deploy-dev"], ["deploy-staging"]]);
  });

  it.each(STACKS)("binds deploy-%s to the GitHub environment of the same name", (stack) => {
    expect(wf.jobs[`deploy-${stack}`].environment).toBe(stack);
  });

  it.each(STACKS)("never runs two deploys of %s at once, and never cancels one that is running", (stack) => {
    expect(wf.jobs[`deploy-${stack}`].concurrency).toEqual({
      group: `pulumi-deploy-${stack}`,
      "cancel-in-progress": false,
    });
  });

  it.each(STACKS)("deploys %s from main only, even when dispatched on another branch", (stack) => {
    expect(wf.jobs[`deploy-${stack}`].if).toBe("github.ref == 'refs/heads/main'");
  });

  it.each(STACKS)("runs pulumi up on %s after installing dependencies", (stack) => {
    const job = wf.jobs[`deploy-${stack}`];
    expect(job.steps.map((s) => s.uses ?? s.run)).toEqual([
      "actions/checkout@v4",
      "actions/setup-node@v4",
      "npm ci",
      PULUMI_ACTION,
    ]);
    expect(job.steps[1].with).toEqual({ "node-version": 20, cache: "npm" });
    expect(onlyPulumiStep(job).with).toEqual({
      command: "up",
      "stack-name": stackNameFor(stack),
      "cloud-url": "${{ secrets.PULUMI_BACKEND_URL }}",
      "comment-on-summary": true,
    });
  });

  it("deploys prod with `up`", () => {
    expect(onlyPulumiStep(wf.jobs["deploy-prod"]).with?.command).toBe("up");
  });

  it.each(STACKS)("gives the %s deploy its environment's credentials, each from the secret of its name", (stack) => {
    const env = onlyPulumiStep(wf.jobs[`deploy-${stack}`]).env ?? {};
    const credentials = credentialsIn(env);
    expect(env).toEqual({ ...PULUMI_ENV, ...Object.fromEntries(credentials.map((name) => [name, `\${{ secrets.${name} }}`])) });
  });

  // Derived from the committed stack files: a stack change that needs another credential (or no
  // longer needs one) fails here, naming the key, until the workflow and docs/ci.md follow.
  it.each(STACKS)("gives the %s deploy exactly the credentials its committed configuration needs", (stack) => {
    const credentials = credentialsIn(onlyPulumiStep(wf.jobs[`deploy-${stack}`]).env);
    expect(problemsWith(stack, credentials)).toEqual([]);
    const unneeded = credentials.filter((name) => problemsWith(stack, credentials.filter((n) => n !== name)).length === 0);
    expect(unneeded).toEqual([]);
  });

  it("passes the credentials the review found missing: Sentry everywhere, Opsgenie and Splunk from staging, PagerDuty's user token in prod", () => {
    expect(STACKS.map((stack) => credentialsIn(onlyPulumiStep(wf.jobs[`deploy-${stack}`]).env).sort())).toEqual([
      ["DATADOG_API_KEY", "DATADOG_APP_KEY", "PAGERDUTY_TOKEN", "SENTRY_AUTH_TOKEN"],
      ["DATADOG_API_KEY", "DATADOG_APP_KEY", "OPSGENIE_ACCOUNT_API_KEY", "PAGERDUTY_TOKEN", "SENTRY_AUTH_TOKEN", "SPLUNK_MGMT_TOKEN"],
      ["DATADOG_API_KEY", "DATADOG_APP_KEY", "OPSGENIE_ACCOUNT_API_KEY", "PAGERDUTY_TOKEN", "PAGERDUTY_USER_TOKEN", "SENTRY_AUTH_TOKEN", "SPLUNK_MGMT_TOKEN"],
    ]);
  });

  it("does not run the post-deploy verify yet, and says where it goes", () => {
    for (const { job } of deployJobs) expect(runsOf(job).join("\n")).not.toMatch(/verify/);
    for (const stack of STACKS) {
      expect(text.deploy).toContain(`# TODO(verify issue): the post-deploy verify step (npm run verify -- --stack ${stack})`);
    }
  });
});

describe.each([["preview"], ["deploy"]] as const)("%s workflow: credentials", (which) => {
  const wf = workflow[which];

  it("pins every action by major version tag", () => {
    const uses = Object.values(wf.jobs).flatMap((job) => job.steps.flatMap((s) => (s.uses ? [s.uses] : [])));
    expect(uses.length).toBeGreaterThan(0);
    for (const u of uses) expect(["actions/checkout@v4", "actions/setup-node@v4", "actions/setup-go@v5", "actions/cache@v4", "actions/github-script@v7", PULUMI_ACTION]).toContain(u);
  });

  it("takes every credential and backend variable from a secret, never from a literal", () => {
    const seen: string[] = [];
    for (const { at, env } of envMaps(wf)) {
      for (const [name, value] of Object.entries(env)) {
        if (!CREDENTIAL_ENV.includes(name)) continue;
        seen.push(name);
        expect(typeof value, `${at}.${name}`).toBe("string");
        const ok = STATIC_SECRET.test(String(value)) || MATRIX_SECRET.test(String(value));
        expect(ok, `${at}.${name} = ${String(value)}`).toBe(true);
      }
    }
    // The loop above must have had something to check.
    expect(new Set(seen)).toEqual(new Set([...stackCredentials, "PULUMI_ACCESS_TOKEN", "PULUMI_CONFIG_PASSPHRASE"]));
  });

  it("gives secrets only to the Pulumi steps (not to npm ci or the tests)", () => {
    for (const [id, job] of Object.entries(wf.jobs)) {
      expect(job.env, `jobs.${id}.env`).toBeUndefined();
      for (const step of job.steps) {
        if (step.uses === PULUMI_ACTION) continue;
        expect(JSON.stringify(step), `jobs.${id}: ${step.uses ?? step.run}`).not.toContain("secrets");
      }
    }
    expect(wf.env).toBeUndefined();
  });

  it("contains no 32-digit hex string (the shape of a Datadog key)", () => {
    expect(text[which]).not.toMatch(HEX_CREDENTIAL);
  });
});

describe("the hex credential detector", () => {
  it("flags a 32-digit hex key and passes the workflows' secret references", () => {
    expect(`DATADOG_API_KEY: ${"0123456789abcdef".repeat(2)}`).toMatch(HEX_CREDENTIAL);
    expect("DATADOG_API_KEY: ${{ secrets.DATADOG_API_KEY }}").not.toMatch(HEX_CREDENTIAL);
  });
});

describe("docs/ci.md", () => {
  it("the workflows read exactly these secrets", () => {
    expect(secretNames(workflow.preview)).toEqual(
      [
        "GITHUB_TOKEN",
        "PULUMI_ACCESS_TOKEN",
        "PULUMI_BACKEND_URL",
        "PULUMI_CONFIG_PASSPHRASE",
        ...STACKS.flatMap((s) => stackCredentials.map((k) => `PREVIEW_${k}_${s.toUpperCase()}`)),
      ].sort(),
    );
    expect(secretNames(workflow.deploy)).toEqual([...stackCredentials, "PULUMI_ACCESS_TOKEN", "PULUMI_BACKEND_URL", "PULUMI_CONFIG_PASSPHRASE"].sort());
  });

  it("says for each stack which credentials its deploy needs, as the workflow passes them", () => {
    for (const stack of STACKS) {
      const row = docs.split("\n").find((line) => line.startsWith(`| \`${stack}\` |`));
      expect(row, `a row for ${stack} in the table of credentials per stack`).toBeDefined();
      const documented = [...(row ?? "").matchAll(/`([A-Z][A-Z0-9_]+)`/g)].map((m) => m[1]).sort();
      expect(documented).toEqual(credentialsIn(onlyPulumiStep(workflow.deploy.jobs[`deploy-${stack}`]).env).sort());
    }
  });

  it.each([["preview"], ["deploy"]] as const)("documents every secret and variable the %s workflow reads", (which) => {
    const names = [...secretNames(workflow[which]), ...varNames(text[which])];
    expect(names).toContain("PULUMI_ORG");
    const undocumented = names.filter((n) => !docs.includes(`\`${n}\``));
    expect(undocumented).toEqual([]);
  });

  it("says the workflows were not run in this repository", () => {
    expect(docs).toMatch(/not been run/);
  });
});

describe("schema (action-validator, bundled SchemaStore schema, offline)", () => {
  it.each([["preview"], ["deploy"]] as const)("%s.yml is a valid workflow", (which) => {
    expect(validateWorkflow(text[which]).errors).toEqual([]);
  });

  it("rejects an invalid workflow (the validator is really validating)", () => {
    const broken = text.preview.replace("pull-requests: write", "pull-requests: writ");
    expect(broken).not.toBe(text.preview);
    expect(validateWorkflow(broken).errors).not.toEqual([]);
  });
});
