/**
 * `npm start`, the README's main command: the offline plan of every stack, then the mock
 * endpoints, then the full verify in mock mode against them (the summary table, six PASS), then
 * the chain (verify --chain: the committed stacks deployed together into the mocks, one alert from
 * each source followed to every target and nowhere else), then the mocks stop. No credentials,
 * no network. Exits with the first failing step's code.
 *
 * The mocks listen on free ports here, so a `npm run mocks` already running does not clash.
 */
import { spawn } from "node:child_process";
import path from "node:path";
import { startMocks } from "./mock-endpoints/startMocks";
import { projectRoot } from "./plan/stackFiles";
import { mockUrlEnv } from "./verify/inputs/mockDefaults";

/** Runs a command from its bundle (build/bundles.mjs: `plan`, `verify`), as `npm run <name>` does. */
function run(bundle: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(projectRoot, "build/run.mjs"), bundle, ...args], { stdio: "inherit", env });
    child.once("exit", (code) => resolve(code ?? 1));
  });
}

async function main(): Promise<number> {
  console.log("== 1/3 Offline plan of dev, staging and prod ==\n");
  const planned = await run("plan", process.argv.slice(2));
  if (planned !== 0) return planned;

  console.log("\n== 2/3 Verify every integration against the mock endpoints ==\n");
  const mocks = await startMocks({ anyFreePort: true });
  try {
    const urls = mockUrlEnv(mocks.urls);
    const env = { ...process.env, ...urls, OPERATOR_WIRING_MODE: "mock" };
    const verified = await run("verify", [], env);
    if (verified !== 0) return verified;
    console.log("\n== 3/3 Follow one alert from each source to every target it pages, and nowhere else (verify --chain) ==\n");
    return await run("verify", ["--chain"], env);
  } finally {
    await mocks.close();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  },
);
