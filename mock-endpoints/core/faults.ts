import type { MockReply, MockRequest, NamedFault } from "./types";

/** Faults every service has, whatever the vendor: they act on the connection, not the body. */
export const transportFaults = ["delay", "hang", "reset", "status", "lost-reply"] as const;

/** What a switched-on fault does to a matching request. */
export type FaultAction =
  | { kind: "reply"; reply: (request: MockRequest) => MockReply }
  /** Answer normally, but only after `ms` milliseconds. */
  | { kind: "delay"; ms: number }
  /** Accept the request and never answer. */
  | { kind: "hang" }
  /** Drop the connection with a TCP reset. */
  | { kind: "reset" }
  /**
   * Handle the request as the vendor would (it takes effect), then drop the connection before the
   * answer: what a client sees when a gateway times out after the vendor did the work. A client
   * that resends a write without an idempotency key makes a duplicate.
   */
  | { kind: "lost-reply" };

/** A fault as asked for through the control API. */
export interface FaultSpec {
  /** `"POST /v2/enqueue"`; `*` matches any one path segment, a method of `*` any method. Unset: every vendor route. */
  route?: string;
  /** A vendor fault name (see the catalogue) or one of `delay`, `hang`, `reset`, `status`, `lost-reply`. */
  fault: string;
  /** Apply to this many matching requests, then switch off. Unset: until cleared. */
  times?: number;
  /** For `delay`. */
  ms?: number;
  /** For `status`: the reply to send. */
  status?: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export interface ActiveFault extends FaultSpec {
  id: number;
  /** How many requests it has hit so far. */
  hits: number;
}

export class FaultSpecError extends Error {}

function routeMatcher(route: string | undefined): (method: string, path: string) => boolean {
  if (!route) return () => true;
  const [method, pattern] = route.includes(" ") ? route.split(/\s+/, 2) : ["*", route];
  const segments = pattern.split("/").map((s) => (s === "*" ? "[^/]+" : s.replace(/[.+?^${}()|[\]\\]/g, "\\$&")));
  const regex = new RegExp(`^${segments.join("/")}/?$`);
  return (m, p) => (method === "*" || method.toUpperCase() === m) && regex.test(p);
}

/** The faults switched on for one service, consulted before each vendor request. */
export class FaultRegistry {
  #nextId = 1;
  #active: { fault: ActiveFault; matches: (method: string, path: string) => boolean; action: FaultAction }[] = [];

  constructor(private readonly catalogue: Record<string, NamedFault>) {}

  add(spec: FaultSpec): ActiveFault {
    const action = this.#actionFor(spec);
    if (spec.times !== undefined && (!Number.isInteger(spec.times) || spec.times < 1)) {
      throw new FaultSpecError(`"times" must be a whole number of requests, at least 1`);
    }
    const route = spec.route ?? this.catalogue[spec.fault]?.route;
    const fault: ActiveFault = { ...spec, route, id: this.#nextId++, hits: 0 };
    this.#active.push({ fault, matches: routeMatcher(route), action });
    return fault;
  }

  /** The action for this request, if a fault matches; counts the hit. */
  take(method: string, path: string): { fault: ActiveFault; action: FaultAction } | undefined {
    const index = this.#active.findIndex((f) => f.matches(method, path));
    if (index < 0) return undefined;
    const entry = this.#active[index];
    entry.fault.hits += 1;
    if (entry.fault.times !== undefined && entry.fault.hits >= entry.fault.times) this.#active.splice(index, 1);
    return { fault: entry.fault, action: entry.action };
  }

  list(): ActiveFault[] {
    return this.#active.map((f) => f.fault);
  }

  remove(id: number): boolean {
    const before = this.#active.length;
    this.#active = this.#active.filter((f) => f.fault.id !== id);
    return this.#active.length < before;
  }

  clear(): void {
    this.#active = [];
  }

  #actionFor(spec: FaultSpec): FaultAction {
    switch (spec.fault) {
      case "delay":
        if (typeof spec.ms !== "number" || spec.ms < 0) throw new FaultSpecError(`"delay" needs "ms", a number of milliseconds`);
        return { kind: "delay", ms: spec.ms };
      case "hang":
        return { kind: "hang" };
      case "reset":
        return { kind: "reset" };
      case "lost-reply":
        return { kind: "lost-reply" };
      case "status": {
        const status = spec.status;
        if (typeof status !== "number" || status < 100 || status > 599) throw new FaultSpecError(`"status" needs "status", an HTTP status code`);
        return { kind: "reply", reply: () => ({ status, headers: spec.headers, body: (spec.body ?? "") as object }) };
      }
      default: {
        const named = this.catalogue[spec.fault];
        if (!named) {
          const known = [...Object.keys(this.catalogue), ...transportFaults].join(", ");
          throw new FaultSpecError(`unknown fault "${spec.fault}"; this service knows ${known}`);
        }
        return { kind: "reply", reply: (request) => named.reply(request) };
      }
    }
  }
}
