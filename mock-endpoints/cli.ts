/**
 * `npm run mocks`: the six SaaS stand-ins in the foreground, each on its default port,
 * until Ctrl-C. Prints each service's base URL, then one line per request no route matched.
 *
 * Usage: npm run mocks -- [--only slack,pagerduty] [--host 0.0.0.0] [--port slack=5811 ...] [--peer pagerduty=http://pagerduty:4813 ...]
 * (`--help` says more).
 *
 * Mocks started together send their vendor-to-vendor hops to each other; one started alone (a
 * compose container) learns the others' addresses from `--peer` or OPERATOR_WIRING_MOCK_PEERS.
 */
import Table from "cli-table3";
import { Command, InvalidArgumentError, Option } from "commander";
import { type PeerUrls, parsePeers } from "./core/peers";
import { type ServiceName, serviceNames } from "./core/types";
import { mockServices } from "./services";
import { startMocks } from "./startMocks";

function serviceName(name: string): ServiceName {
  if ((serviceNames as readonly string[]).includes(name)) return name as ServiceName;
  throw new InvalidArgumentError(`there is no mock "${name}"; the mocks are ${serviceNames.join(", ")}.`);
}

const onlyList = (value: string): ServiceName[] => value.split(",").map((name) => serviceName(name.trim()));

function portPair(pair: string, earlier: Partial<Record<ServiceName, number>>): Partial<Record<ServiceName, number>> {
  const [name, port] = pair.split("=");
  if (port === undefined || !/^\d+$/.test(port) || Number(port) > 65_535) throw new InvalidArgumentError(`--port takes NAME=PORT (0 for any free port), e.g. slack=5811; got "${pair}".`);
  return { ...earlier, [serviceName(name)]: Number(port) };
}

const command = new Command("npm run mocks --")
  .description("The six SaaS stand-ins in the foreground, each on its default port, until Ctrl-C. Prints each service's base URL, then a line per request no route matched.")
  .addOption(new Option("--only <names>", `only these mocks, comma-separated (${serviceNames.join(",")})`).argParser(onlyList))
  .option("--host <address>", "the address to listen on (0.0.0.0 in a container)", "127.0.0.1")
  .addOption(new Option("--port <NAME=PORT...>", "a mock's port instead of its default (repeatable)").argParser(portPair).default({}, "each mock's own port"))
  .option("--peer <NAME=URL...>", "where a mock started alone finds another one (repeatable; also OPERATOR_WIRING_MOCK_PEERS)")
  // Errors as the other commands print them (`mocks: <what>`, then the usage), exit 2 before any
  // port is opened. Commander itself, not plan/parseCommandLine.ts: the mocks' image holds
  // mock-endpoints/ only (test/mocks/compose.test.ts).
  .showHelpAfterError()
  .configureOutput({ outputError: (text, write) => write(`mocks: ${text.replace(/^error: /, "")}`) })
  .exitOverride((error) => process.exit(error.exitCode === 0 ? 0 : 2));

command.parse(process.argv.slice(2), { from: "user" });
const values = command.opts<{ only?: ServiceName[]; host: string; port: Partial<Record<ServiceName, number>>; peer?: string[] }>();

let peers: PeerUrls = {};
try {
  peers = parsePeers([process.env.OPERATOR_WIRING_MOCK_PEERS ?? "", ...(values.peer ?? [])]);
} catch (error) {
  command.error(`--peer: ${(error as Error).message}.`);
}

async function main(): Promise<void> {
  const mocks = await startMocks({
    peers,
    only: values.only,
    ports: values.port,
    host: values.host,
    onUnmatched: (service, method, path) => console.warn(`[${service}] no route for ${method} ${path} (answered 404)`),
  });
  const table = new Table({ head: ["service", "base URL", "control API"], style: { head: [], border: [] } });
  for (const [name, url] of Object.entries(mocks.urls)) table.push([mockServices[name as ServiceName]?.title ?? name, url, `${url}/__mock/requests`]);
  console.log(table.toString());
  console.log("Mock endpoints are up. Ctrl-C stops them.");

  const stop = (signal: string) => {
    console.log(`\n${signal}: stopping the mock endpoints.`);
    void mocks.close().then(() => process.exit(0));
  };
  process.once("SIGINT", () => stop("SIGINT"));
  process.once("SIGTERM", () => stop("SIGTERM"));
}

main().catch((error: NodeJS.ErrnoException) => {
  if (error.code === "EADDRINUSE") {
    console.error(`Port ${(error as { port?: number }).port ?? ""} is already in use, perhaps by another \`npm run mocks\`. Stop it, or pick ports with --port NAME=PORT.`);
  } else {
    console.error(error.message);
  }
  process.exit(2);
});
