import http from "node:http";
import https from "node:https";

/** An answer's headers as verify reads them: the part of the WHATWG `Headers` it uses (a `Headers` fits too). */
export interface ResponseHeaders {
  get(name: string): string | null;
  forEach(callback: (value: string, name: string) => void): void;
}

class MessageHeaders implements ResponseHeaders {
  constructor(private readonly raw: http.IncomingHttpHeaders) {}

  get(name: string): string | null {
    const value = this.raw[name.toLowerCase()];
    return value === undefined ? null : Array.isArray(value) ? value.join(", ") : value;
  }

  forEach(callback: (value: string, name: string) => void): void {
    for (const [name, value] of Object.entries(this.raw)) if (value !== undefined) callback(Array.isArray(value) ? value.join(", ") : value, name);
  }
}

export interface Exchanged {
  status: number;
  headers: ResponseHeaders;
  text: string;
}

export interface ExchangeInit {
  method: string;
  headers: Record<string, string>;
  body?: string;
  signal: AbortSignal;
  /** For a server whose certificate Node does not trust (a dev Splunk): an https.Agent that skips verification. */
  agent?: http.Agent;
}

/** Keep-alive connections per protocol: a probe's requests to one vendor reuse theirs. */
const agents: Record<string, http.Agent> = { "http:": new http.Agent({ keepAlive: true }), "https:": new https.Agent({ keepAlive: true }) };

/**
 * One HTTP request and its whole answer, through Node's http/https modules. Not `fetch`: Node's
 * fetch loads its implementation on first use (~50-100 ms) and costs several times the CPU per
 * request, which verify's short run pays on every request (issue 12). Like a `redirect: "manual"`
 * fetch it follows no redirect; a dropped connection or an abort rejects with Node's error
 * (`code` ECONNRESET, ECONNREFUSED, ENOTFOUND, a TLS code, or ABORT_ERR).
 */
export function exchange(url: string, init: ExchangeInit): Promise<Exchanged> {
  const target = new URL(url);
  const transport = target.protocol === "https:" ? https : http;
  const headers = init.body === undefined ? init.headers : { ...init.headers, "content-length": String(Buffer.byteLength(init.body)) };
  return new Promise((resolve, reject) => {
    const request = transport.request(target, { method: init.method, headers, agent: init.agent ?? agents[target.protocol], signal: init.signal }, (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("close", () => {
        if (!response.complete) reject(Object.assign(new Error("the connection closed before the whole answer came"), { code: "ECONNRESET" }));
      });
      response.on("end", () => resolve({ status: response.statusCode ?? 0, headers: new MessageHeaders(response.headers), text: Buffer.concat(chunks).toString("utf8") }));
    });
    request.on("error", reject);
    request.end(init.body);
  });
}
