/**
 * `npm run mocks`: the six SaaS stand-ins in the foreground, each on its default port,
 * until Ctrl-C. Prints each service's base URL, then one line per request no route matched.
 *
 * Usage: npm run mocks -- [--only slack,pagerduty] [--host 0.0.0.0] [--port slack=5811 ...] [--peer pagerduty=http://pagerduty:4813 ...]
 *
 * Mocks started together send their vendor-to-vendor hops to each other; one started alone (a
 * compose container) learns the others' addresses from `--peer` or OPERATOR_WIRING_MOCK_PEERS.
 */
import { parseArgs } from "node:util";
import Table from "cli-table3";
import { type PeerUrls, parsePeers } from "./core/peers";
import { type ServiceName, serviceNames } from "./core/types";
import { mockServices } from "./services";
import { startMocks } from "./startMocks";

function usage(message: string): never {
  console.error(`${message}\nUsage: npm run mocks -- [--only ${serviceNames.join(",")}] [--host 127.0.0.1] [--port NAME=PORT ...] [--peer NAME=URL ...]`);
  process.exit(2);
}

function isServiceName(name: string): name is ServiceName {
  return (serviceNames as readonly string[]).includes(name);
}

const { values } = parseArgs({
  options: {
    only: { type: "string" },
    host: { type: "string", default: "127.0.0.1" },
    port: { type: "string", multiple: true, default: [] },
    peer: { type: "string", multiple: true, default: [] },
  },
});

const only = values.only?.split(",").map((s) => s.trim());
for (const name of only ?? []) if (!isServiceName(name)) usage(`Unknown service "${name}".`);
const ports: Partial<Record<ServiceName, number>> = {};
for (const pair of values.port) {
  const [name, port] = pair.split("=");
  if (!isServiceName(name) || !/^\d+$/.test(port ?? "")) usage(`--port takes NAME=PORT, e.g. slack=5811; got "${pair}".`);
  ports[name] = Number(port);
}

let peers: PeerUrls = {};
try {
  peers = parsePeers([process.env.OPERATOR_WIRING_MOCK_PEERS ?? "", ...values.peer]);
} catch (error) {
  usage(`--peer: ${(error as Error).message}.`);
}

async function main(): Promise<void> {
  const mocks = await startMocks({
    peers,
    only: only as ServiceName[] | undefined,
    ports,
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
