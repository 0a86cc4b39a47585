import { FaultSpecError, type FaultSpec, type FaultRegistry } from "./faults";
import type { RequestRecorder } from "./recorder";
import { empty, json } from "./replies";
import { type MockLinks, type MockRequest, type MockServiceDefinition, type Route, SeedError } from "./types";

/** Everything one running service holds, which the control API reads and changes. */
export interface ServiceRuntime<State = unknown> {
  definition: MockServiceDefinition<State>;
  state: State;
  faults: FaultRegistry;
  recorder: RequestRecorder;
  /** Peers and hops: kept when the state is replaced; a reset clears the hops. */
  links: MockLinks;
  /** Back to a fresh state: no requests, no faults, initial vendor state. */
  reset(): void;
}

/** Paths under this prefix are the mock's own; no vendor uses it. */
export const controlPrefix = "/__mock";

function parseJson(request: MockRequest): unknown {
  try {
    return request.body.length === 0 ? {} : request.json();
  } catch {
    throw new SeedError("the body is not JSON");
  }
}

/**
 * The control API, the same on every service: read and clear what was received, seed and
 * read state, switch faults on and off, health for compose.
 */
export function controlRoutes(runtime: ServiceRuntime): Route[] {
  const { definition, faults, recorder, links } = runtime;
  return [
    { method: "GET", path: `${controlPrefix}/health`, handle: () => json(200, { status: "ok", service: definition.name }) },
    {
      method: "GET",
      path: `${controlPrefix}/requests`,
      handle: (request) => {
        const since = request.query.get("since");
        const requests = recorder.list({
          method: request.query.get("method") ?? undefined,
          path: request.query.get("path") ?? undefined,
          since: since === null ? undefined : Number(since),
        });
        // ?count=1 answers only the numbers, for load checks over many thousands of requests.
        if (request.query.get("count")) return json(200, { total: requests.length, received: recorder.received });
        return json(200, { total: requests.length, received: recorder.received, requests });
      },
    },
    { method: "DELETE", path: `${controlPrefix}/requests`, handle: () => (recorder.clear(), empty(204)) },
    { method: "GET", path: `${controlPrefix}/faults`, handle: () => json(200, { faults: faults.list() }) },
    {
      method: "GET",
      path: `${controlPrefix}/faults/catalogue`,
      handle: () =>
        json(200, {
          vendor: Object.fromEntries(Object.entries(definition.faults).map(([name, f]) => [name, f.description])),
          transport: {
            delay: "answer normally after `ms` milliseconds",
            hang: "accept the request and never answer",
            reset: "drop the connection with a TCP reset",
            status: "answer `status` with `body` and `headers` as given",
            "lost-reply": "handle the request as usual (it takes effect), then drop the connection instead of answering",
          },
        }),
    },
    {
      method: "POST",
      path: `${controlPrefix}/faults`,
      handle: (request) => {
        try {
          return json(201, faults.add(parseJson(request) as FaultSpec));
        } catch (error) {
          if (error instanceof FaultSpecError || error instanceof SeedError) return json(400, { error: error.message });
          throw error;
        }
      },
    },
    { method: "DELETE", path: `${controlPrefix}/faults`, handle: () => (faults.clear(), empty(204)) },
    {
      method: "DELETE",
      path: `${controlPrefix}/faults/:id`,
      handle: (request) => (faults.remove(Number(request.params.id)) ? empty(204) : json(404, { error: "no such fault" })),
    },
    { method: "GET", path: `${controlPrefix}/state`, handle: () => json(200, definition.snapshot(runtime.state)) },
    {
      method: "POST",
      path: `${controlPrefix}/state`,
      handle: (request) => {
        try {
          definition.seed(runtime.state, parseJson(request));
          return json(200, definition.snapshot(runtime.state));
        } catch (error) {
          if (error instanceof SeedError) return json(400, { error: error.message });
          throw error;
        }
      },
    },
    {
      method: "DELETE",
      path: `${controlPrefix}/state`,
      handle: () => {
        runtime.state = definition.createState();
        return empty(204);
      },
    },
    { method: "POST", path: `${controlPrefix}/reset`, handle: () => (runtime.reset(), empty(204)) },
    // What this mock did for each chain (`?correlation=<id>`: one chain), oldest first.
    { method: "GET", path: `${controlPrefix}/hops`, handle: (request) => json(200, { hops: links.hops.list(request.query.get("correlation") ?? undefined) }) },
    { method: "DELETE", path: `${controlPrefix}/hops`, handle: () => (links.hops.clear(), empty(204)) },
    { method: "GET", path: `${controlPrefix}/peers`, handle: () => json(200, { peers: links.peers.all() }) },
    {
      method: "POST",
      path: `${controlPrefix}/peers`,
      handle: (request) => {
        try {
          links.peers.set(parseJson(request) as Record<string, string>);
          return json(200, { peers: links.peers.all() });
        } catch (error) {
          return json(400, { error: (error as Error).message });
        }
      },
    },
  ];
}
