import type { IncomingHttpHeaders } from "node:http";
import type { HopLog } from "./hopLog";
import type { Peers } from "./peers";

/** The six SaaS the mocks stand in for, in the order the operator checklist takes them. */
export const serviceNames = ["slack", "sentry", "pagerduty", "opsgenie", "datadog", "splunk"] as const;
export type ServiceName = (typeof serviceNames)[number];

/** A request as a vendor handler sees it: body already read and decompressed. */
export interface MockRequest {
  method: string;
  /** The path without the query string. */
  path: string;
  query: URLSearchParams;
  /** Route parameters, e.g. `{ id: "PABC123" }` for `/services/:id`. */
  params: Record<string, string>;
  headers: IncomingHttpHeaders;
  body: Buffer;
  text(): string;
  /** The body parsed as JSON; throws SyntaxError when it is not JSON. */
  json(): unknown;
}

/** What a handler answers. A string or Buffer body is sent as is; anything else as JSON. */
export interface MockReply {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer | object;
}

export type Handler = (request: MockRequest) => MockReply | Promise<MockReply>;

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/** One vendor endpoint: the vendor's method and path (find-my-way syntax, `:param`). */
export interface Route {
  method: HttpMethod;
  path: string;
  handle: Handler;
}

/** A vendor failure mode that can be switched on through the control API. */
export interface NamedFault {
  /** What the vendor does in this case, in words, with the doc it comes from. */
  description: string;
  /**
   * The route it applies to when the control call names none (`"POST /v2/enqueue"`), for
   * faults that only make sense on one endpoint. Unset: every vendor route.
   */
  route?: string;
  reply(request: MockRequest): MockReply;
}

/**
 * What a running mock has besides its vendor state: the other mocks it sends to when it acts on
 * its wiring, and the hops it records for each chain (both survive a reset of the state).
 */
export interface MockLinks {
  peers: Peers;
  hops: HopLog;
}

/**
 * One SaaS stand-in: its routes, state and failure catalogue, as data. The same definition
 * is served in-process by tests and on a fixed port by `npm run mocks` and compose.
 */
export interface MockServiceDefinition<State> {
  name: ServiceName;
  /** The vendor's name as people write it. */
  title: string;
  /** The port `npm run mocks` and compose use; verify's mock mode expects it. */
  defaultPort: number;
  createState(): State;
  routes(state: State, links: MockLinks): Route[];
  /** Vendor failure modes by name; `rate-limited` and `server-error` are expected in each. */
  faults: Record<string, NamedFault>;
  /** Applies a control-API seed body to the state; throws SeedError on a bad body. */
  seed(state: State, body: unknown): void;
  /** The state as plain JSON, for the control API. */
  snapshot(state: State): unknown;
}

/** A seed body the service cannot apply; answered with 400 and this message. */
export class SeedError extends Error {
  override name = "SeedError";
}
