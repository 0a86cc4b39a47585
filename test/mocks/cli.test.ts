import { type ChildProcessWithoutNullStreams, spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { startService } from "../../mock-endpoints/core/mockServer";
import { slackMock } from "../../mock-endpoints/slack";
import { startMocks } from "../../mock-endpoints/startMocks";

const launcher = path.resolve(__dirname, "../../build/run.mjs");
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => children.forEach((c) => c.kill("SIGKILL")));

/** Starts `npm run mocks` (minus npm) and resolves once it says it is up. */
function startCli(...args: string[]): Promise<{ child: ChildProcessWithoutNullStreams; output: () => string; exit: Promise<number | null> }> {
  const child = spawn(process.execPath, [launcher, "mocks", ...args]);
  children.push(child);
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exit = new Promise<number | null>((resolve) => child.once("exit", resolve));
  return new Promise((resolve, reject) => {
    child.stdout.on("data", () => {
      if (output.includes("Ctrl-C stops them.")) resolve({ child, output: () => output, exit });
    });
    void exit.then((code) => reject(new Error(`the CLI exited with ${code} before it was up:\n${output}`)));
  });
}

describe("npm run mocks", () => {
  it("prints each service's base URL, serves it, and stops cleanly on Ctrl-C", async () => {
    const { child, output, exit } = await startCli("--only", "slack", "--port", "slack=0");
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output())?.[0];
    expect(output()).toMatch(/│ Slack +│ http:\/\/127\.0\.0\.1:\d+ +│ http:\/\/127\.0\.0\.1:\d+\/__mock\/requests │/);
    expect(await (await fetch(`${url}/__mock/health`)).json()).toEqual({ status: "ok", service: "slack" });
    child.kill("SIGINT");
    expect(await exit).toBe(0);
    expect(output()).toContain("SIGINT: stopping the mock endpoints.");
    await expect(fetch(`${url}/__mock/health`)).rejects.toThrow();
  });

  it("prints a line for each request no route matched", async () => {
    const { child, output, exit } = await startCli("--only", "slack", "--port", "slack=0");
    const url = /http:\/\/127\.0\.0\.1:\d+/.exec(output())?.[0];
    await fetch(`${url}/api/unknown`);
    child.kill("SIGTERM");
    await exit;
    expect(output()).toContain("[slack] no route for GET /api/unknown (answered 404)");
  });

  it("says which port is taken, and exits 2", async () => {
    const blocker = await startService(slackMock, { port: 0 });
    try {
      await expect(startCli("--only", "slack", "--port", `slack=${blocker.port}`)).rejects.toThrow(
        `the CLI exited with 2 before it was up:\nPort ${blocker.port} is already in use, perhaps by another \`npm run mocks\`. Stop it, or pick ports with --port NAME=PORT.`,
      );
    } finally {
      await blocker.close();
    }
  });

  it("refuses an unknown service name with the names there are and the usage, exit 2", async () => {
    await expect(startCli("--only", "jira")).rejects.toThrow(
      /exited with 2 before it was up:\nmocks: option '--only <names>' argument 'jira' is invalid\. there is no mock "jira"; the mocks are slack, sentry, pagerduty, opsgenie, datadog, splunk\.\n\nUsage: npm run mocks -- \[options\]/,
    );
  });

  it("refuses a port that is not NAME=PORT, and an unknown option, exit 2, no stack trace", async () => {
    for (const args of [["--port", "slack=x"], ["--port", "slack"], ["--port", "slack=70000"], ["--bogus"], ["--peer", "foo"]]) {
      const run = spawnSync(process.execPath, [launcher, "mocks", ...args], { encoding: "utf8" });
      expect([run.status, run.stdout]).toEqual([2, ""]);
      expect(run.stderr).toMatch(/^mocks: /);
      expect(run.stderr).toContain("Usage: npm run mocks -- [options]");
      expect(run.stderr).not.toMatch(/\n\s+at /);
    }
  });

  it("prints its usage for --help, exit 0", () => {
    const run = spawnSync(process.execPath, [launcher, "mocks", "--help"], { encoding: "utf8" });
    expect([run.status, run.stderr]).toEqual([0, ""]);
    expect(run.stdout).toMatch(/^Usage: npm run mocks -- \[options\]\n/);
    expect(run.stdout).toContain("--port <NAME=PORT...>");
  });
});

describe("startMocks in-process", () => {
  it("starts on free ports, returns the URLs, and stops", async () => {
    const mocks = await startMocks({ only: ["slack"], anyFreePort: true });
    expect(Object.keys(mocks.urls)).toEqual(["slack"]);
    expect((await fetch(`${mocks.urls.slack}/__mock/health`)).status).toBe(200);
    await mocks.close();
    await expect(fetch(`${mocks.urls.slack}/__mock/health`)).rejects.toThrow();
  });

  it("runs two sets side by side, as parallel tests do", async () => {
    const [a, b] = await Promise.all([startMocks({ only: ["slack"], anyFreePort: true }), startMocks({ only: ["slack"], anyFreePort: true })]);
    expect(a.urls.slack).not.toBe(b.urls.slack);
    await Promise.all([a.close(), b.close()]);
  });
});
