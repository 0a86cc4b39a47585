import { type IncomingMessage, type Server, type ServerResponse, createServer } from "node:http";
import type { AddressInfo, Socket } from "node:net";
import FindMyWay from "find-my-way";
import { controlPrefix, controlRoutes, type ServiceRuntime } from "./controlApi";
import { FaultRegistry } from "./faults";
import { HopLog } from "./hopLog";
import { type PeerUrls, Peers } from "./peers";
import { attachLinks } from "./stateLinks";
import { BodyTooLarge, readBody } from "./readBody";
import { RequestRecorder } from "./recorder";
import { json } from "./replies";
import type { MockReply, MockRequest, MockServiceDefinition, Route, ServiceName } from "./types";

export interface StartOptions {
  /** 0 picks a free port (tests). @default the service's default port */
  port?: number;
  /** @default "127.0.0.1" */
  host?: string;
  /** Called for each request no vendor route matched (the CLI prints it). */
  onUnmatched?: (method: string, path: string) => void;
  /** The other mocks' addresses, for the hops this one sends (see peers.ts). */
  peers?: PeerUrls;
}

/** A service answering on a real port. */
export interface RunningService<State = unknown> {
  name: string;
  url: string;
  port: number;
  /** The service's state, faults and recorded requests, for in-process tests. */
  runtime: ServiceRuntime<State>;
  close(): Promise<void>;
}

type Router = FindMyWay.Instance<FindMyWay.HTTPVersion.V1>;

function buildRouter(routes: Route[]): Router {
  const router = FindMyWay({ ignoreTrailingSlash: true, caseSensitive: true });
  for (const route of routes) {
    // find-my-way calls handlers itself; here it is only a lookup table, so the route rides along as the store.
    router.on(route.method, route.path, () => undefined, route);
  }
  return router;
}

function send(response: ServerResponse, reply: MockReply): void {
  const headers = { ...reply.headers };
  let payload: string | Buffer;
  if (reply.body === undefined) payload = "";
  else if (typeof reply.body === "string" || Buffer.isBuffer(reply.body)) payload = reply.body;
  else payload = JSON.stringify(reply.body);
  response.writeHead(reply.status, { "content-length": Buffer.byteLength(payload), ...headers });
  response.end(payload);
}

function toMockRequest(incoming: IncomingMessage, url: URL, params: Record<string, string | undefined>, body: Buffer): MockRequest {
  return {
    method: incoming.method ?? "GET",
    path: url.pathname,
    query: url.searchParams,
    params: Object.fromEntries(Object.entries(params).map(([k, v]) => [k, v ?? ""])),
    headers: incoming.headers,
    body,
    text: () => body.toString("utf8"),
    json: () => JSON.parse(body.toString("utf8")) as unknown,
  };
}

/**
 * Serves one mock service on loopback: the control API under `/__mock`, the vendor's
 * routes, switched-on faults in front of them, every vendor request recorded. A request no
 * route matches is answered 404 loudly (JSON naming the method and path) and recorded as such.
 */
export async function startService<State>(definition: MockServiceDefinition<State>, options: StartOptions = {}): Promise<RunningService<State>> {
  const peers = new Peers();
  peers.set(options.peers ?? {});
  const runtime: ServiceRuntime<State> = {
    definition,
    state: definition.createState(),
    faults: new FaultRegistry(definition.faults),
    recorder: new RequestRecorder(),
    links: { peers, hops: new HopLog(definition.name as ServiceName) },
    reset() {
      this.state = definition.createState();
      this.faults.clear();
      this.recorder.clear();
      this.links.hops.clear();
    },
  };
  const control = buildRouter(controlRoutes(runtime as ServiceRuntime));
  // Vendor routes close over the state object, so they are rebuilt when the state is replaced.
  let vendorState = runtime.state;
  let vendor = buildRouter(definition.routes(runtime.state, runtime.links));
  const sockets = new Set<Socket>();
  const timers = new Set<NodeJS.Timeout>();

  async function handle(incoming: IncomingMessage, response: ServerResponse): Promise<void> {
    // The state may have been replaced (reset, DELETE /__mock/state): it gets the links again.
    attachLinks(runtime.state as object, runtime.links);
    const url = new URL(incoming.url ?? "/", "http://mock.invalid");
    const method = incoming.method ?? "GET";
    let body: Buffer;
    try {
      body = await readBody(incoming);
    } catch (error) {
      const status = error instanceof BodyTooLarge ? 413 : 400;
      return send(response, json(status, { mock: definition.name, error: (error as Error).message }));
    }

    if (url.pathname === controlPrefix || url.pathname.startsWith(`${controlPrefix}/`)) {
      const found = control.find(method as FindMyWay.HTTPMethod, url.pathname);
      if (!found) return send(response, json(404, { mock: definition.name, error: "no such control route", method, path: url.pathname }));
      return send(response, await (found.store as Route).handle(toMockRequest(incoming, url, found.params, body)));
    }

    if (vendorState !== runtime.state) {
      vendorState = runtime.state;
      vendor = buildRouter(definition.routes(runtime.state, runtime.links));
    }
    const found = vendor.find(method as FindMyWay.HTTPMethod, url.pathname);
    const record = runtime.recorder.record({
      method,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: incoming.headers,
      body: body.toString("utf8"),
      unmatched: found ? undefined : true,
    });
    const request = toMockRequest(incoming, url, found?.params ?? {}, body);

    const taken = runtime.faults.take(method, url.pathname);
    let replyLost = false;
    if (taken) {
      record.fault = taken.fault.fault;
      const { action } = taken;
      replyLost = action.kind === "lost-reply";
      if (action.kind === "hang") return;
      if (action.kind === "reset") {
        incoming.socket.resetAndDestroy();
        return;
      }
      if (action.kind === "reply") {
        const reply = action.reply(request);
        record.status = reply.status;
        return send(response, reply);
      }
      if (action.kind === "delay") {
        await new Promise<void>((resolve) => {
          const timer = setTimeout(() => (timers.delete(timer), resolve()), action.ms);
          timers.add(timer);
        });
      }
    }

    if (!found) {
      options.onUnmatched?.(method, url.pathname);
      record.status = 404;
      return send(response, json(404, { mock: definition.name, error: "no such route in this mock", method, path: url.pathname }));
    }
    const reply = await (found.store as Route).handle(request);
    record.status = reply.status;
    // The vendor did the work; the client never hears of it.
    if (replyLost) incoming.socket.resetAndDestroy();
    else send(response, reply);
  }

  const server: Server = createServer((incoming, response) => {
    handle(incoming, response).catch((error: unknown) => {
      if (!response.headersSent) send(response, json(500, { mock: definition.name, error: `mock bug: ${(error as Error).message}` }));
    });
  });
  server.keepAliveTimeout = 5_000;
  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.once("close", () => sockets.delete(socket));
  });

  const host = options.host ?? "127.0.0.1";
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? definition.defaultPort, host, () => resolve());
  });
  const port = (server.address() as AddressInfo).port;

  return {
    name: definition.name,
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}`,
    port,
    runtime,
    close: () =>
      new Promise<void>((resolve) => {
        for (const timer of timers) clearTimeout(timer);
        // Hung requests and keep-alive connections would keep close() waiting forever.
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}
