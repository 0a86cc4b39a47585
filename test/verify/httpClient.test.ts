import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { Deadline } from "../../verify/deadline";
import { HttpClient, retryAfterMs } from "../../verify/http/httpClient";
import { DeadlineExceeded, HttpStatusError, NetworkError } from "../../verify/http/httpErrors";
import { recordedWaits } from "../support/recordedWaits";

/** A server that answers from a script: one entry per request, then 200. */
let script: { status: number; headers?: Record<string, string>; body?: string; hang?: boolean; drop?: boolean }[] = [];
let hits = 0;
let server: Server;
let url: string;

beforeAll(async () => {
  server = createServer((req, res) => {
    hits += 1;
    const step = script.shift() ?? { status: 200, body: "ok" };
    if (step.hang) return;
    // The request arrived and took effect, but the answer never leaves: a gateway timing out after the work.
    if (step.drop) return req.socket.destroy();
    res.writeHead(step.status, step.headers).end(step.body ?? "");
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/thing`;
});
afterAll(() => {
  server.closeAllConnections();
  server.close();
});
beforeEach(() => {
  script = [];
  hits = 0;
});

/** A client whose back-off and Retry-After pauses return at once; `waits.asked` has what it asked for. */
function client(deadlineMs = 5_000) {
  const lines: string[] = [];
  const deadline = new Deadline(deadlineMs);
  const waits = recordedWaits();
  return { http: new HttpClient({ integration: "test", deadline, log: (l) => lines.push(l), waits }), lines, deadline, waits };
}

describe("HttpClient", () => {
  it("logs one line per request: method, URL, label, whether a write may be resent, status, body and time", async () => {
    const { http, lines } = client();
    expect((await http.send({ label: "say hello", method: "POST", url, json: { a: 1 } })).status).toBe(200);
    expect((await http.send({ label: "trigger", method: "POST", url, json: { a: 1 }, resendSafe: "the dedup key" })).status).toBe(200);
    expect((await http.send({ label: "read", method: "GET", url })).status).toBe(200);
    expect(lines.map((l) => l.replace(/\(\d+ ms\)$/, "(n ms)"))).toEqual([
      `[test] POST ${url} (say hello; at most once: no idempotency key) → 200 ok (n ms)`,
      `[test] POST ${url} (trigger; resend-safe: the dedup key) → 200 ok (n ms)`,
      `[test] GET ${url} (read) → 200 ok (n ms)`,
    ]);
  });

  it("sends a write without an idempotency key at most once: no resend after a 5xx, and says why", async () => {
    script = [{ status: 500, body: "oops" }];
    const lines: string[] = [];
    const notes: string[] = [];
    const http = new HttpClient({ integration: "test", deadline: new Deadline(5_000), log: (l) => lines.push(l), note: (l) => notes.push(l), waits: recordedWaits() });
    await expect(http.send({ label: "post message", method: "POST", url, json: {} })).rejects.toMatchObject({ status: 500 });
    expect(hits).toBe(1);
    expect(lines).toHaveLength(1);
    expect(notes).toEqual(['[test]   not resending "post message" after 500: the vendor may have taken it, and a second copy would be a duplicate']);
  });

  it("does not resend such a write when the connection drops after it was sent", async () => {
    script = [{ status: 0, drop: true }];
    const { http, lines } = client();
    const error = await http.send({ label: "post message", method: "POST", url, json: {} }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect(hits).toBe(1);
    // undici names a socket closed mid-exchange UND_ERR_SOCKET, Node ECONNRESET.
    expect(lines[1]).toMatch(/^\[test\] {3}not resending "post message" after (UND_ERR_SOCKET|ECONNRESET): the vendor may have taken it, and a second copy would be a duplicate$/);
  });

  it("resends a write the vendor de-duplicates after a 5xx or a dropped connection", async () => {
    script = [{ status: 503 }, { status: 0, drop: true }];
    const { http } = client();
    expect((await http.send({ label: "trigger", method: "POST", url, json: {}, resendSafe: "the dedup key" })).status).toBe(200);
    expect(hits).toBe(3);
  });

  it("resends any write after a 429, and after an answer the request marks as a refusal", async () => {
    script = [{ status: 429 }, { status: 503, body: '{"code":9}' }];
    const { http } = client();
    const busy = (status: number, body: string) => status === 503 && body.includes('"code":9');
    expect((await http.send({ label: "send event", method: "POST", url, json: {}, refused: busy })).status).toBe(200);
    expect(hits).toBe(3);
  });

  it("retries 5xx with back-off, one line per attempt, until it succeeds", async () => {
    script = [{ status: 503, body: "busy" }, { status: 502, body: "gateway" }];
    const { http, lines } = client();
    expect((await http.send({ label: "x", method: "GET", url })).status).toBe(200);
    expect(lines.map((l) => l.replace(/\(\d+ ms\)/, ""))).toEqual([
      `[test] GET ${url} (x) → 503 busy `,
      `[test] GET ${url} (x) → 502 gateway `,
      `[test] GET ${url} (x) → 200 ok `,
    ]);
  });

  it("does not retry a 4xx other than 429", async () => {
    script = [{ status: 404, body: "no_service" }];
    const { http } = client();
    await expect(http.send({ label: "x", method: "GET", url })).rejects.toMatchObject({ name: "HttpStatusError", status: 404, body: "no_service" });
    expect(hits).toBe(1);
  });

  it("honours Retry-After on 429: waits exactly what it says, instead of the back-off", async () => {
    script = [{ status: 429, headers: { "retry-after": "1" }, body: "slow down" }];
    const { http, lines, waits } = client();
    expect((await http.send({ label: "x", method: "GET", url })).status).toBe(200);
    expect(waits.asked).toEqual([1_000]);
    expect(lines[1]).toBe("[test]   honouring Retry-After: waiting 1000 ms");
  });

  it("gives up at once when Retry-After is past the deadline", async () => {
    script = [{ status: 429, headers: { "retry-after": "60" } }];
    const { http, lines } = client(3_000);
    await expect(http.send({ label: "x", method: "GET", url })).rejects.toBeInstanceOf(HttpStatusError);
    expect(hits).toBe(1);
    expect(lines[1]).toBe("[test]   Retry-After 60 s is past the deadline: not retrying");
  });

  it("stops after four attempts", async () => {
    script = Array(10).fill({ status: 500 });
    const { http } = client(20_000);
    await expect(http.send({ label: "x", method: "GET", url })).rejects.toMatchObject({ status: 500 });
    expect(hits).toBe(4);
  });

  it("turns a hung request into DeadlineExceeded at the deadline", async () => {
    script = [{ status: 0, hang: true }];
    const { http, lines, deadline } = client(400);
    await expect(http.send({ label: "hang", method: "GET", url })).rejects.toBeInstanceOf(DeadlineExceeded);
    expect(deadline.elapsed()).toBeLessThan(400 + 300);
    expect(lines[0]).toMatch(/→ no answer before the deadline/);
  });

  it("reports a refused connection as a NetworkError with Node's code, after retrying", async () => {
    // A port that was just free: fetch blocks well-known ports such as 1 before connecting.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise((resolve) => closed.close(resolve));
    const { http, lines } = client();
    // 127.0.0.2: loopback that no test binds, so a parallel test cannot have reused the port.
    const error = await http.send({ label: "x", method: "GET", url: `http://127.0.0.2:${port}/none` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(NetworkError);
    expect((error as NetworkError).code).toBe("ECONNREFUSED");
    expect(lines).toHaveLength(4);
  });

  it("does not retry when told not to", async () => {
    script = [{ status: 503 }];
    const { http } = client();
    await expect(http.send({ label: "x", method: "GET", url, retry: false })).rejects.toMatchObject({ status: 503 });
    expect(hits).toBe(1);
  });

  it("reads Retry-After as seconds or an HTTP date", () => {
    expect(retryAfterMs(new Headers({ "retry-after": "2" }))).toBe(2000);
    expect(retryAfterMs(new Headers({ "retry-after": new Date(Date.now() + 5_000).toUTCString() }))).toBeGreaterThan(3_000);
    expect(retryAfterMs(new Headers())).toBeUndefined();
    expect(retryAfterMs(new Headers({ "x-ratelimit-reset": "3" }))).toBe(3000);
  });
});
