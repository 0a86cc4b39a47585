import { request as httpRequest } from "node:http";
import { gzipSync } from "node:zlib";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MockControl } from "../../mock-endpoints/controlClient";
import { type RunningService, startService } from "../../mock-endpoints/core/mockServer";
import { slackMock } from "../../mock-endpoints/slack";

// The framework is exercised through the Slack mock, the smallest vendor.
const hook = `/services/T0MOCK01/B0MOCK01/${"mocksecret".padEnd(24, "x")}`;
const message = JSON.stringify({ text: "hello" });

let mock: RunningService;
let control: MockControl;
const post = (path = hook, init: RequestInit = {}) => fetch(`${mock.url}${path}`, { method: "POST", body: message, ...init });

beforeAll(async () => {
  mock = await startService(slackMock, { port: 0 });
  control = new MockControl(mock.url);
});
afterAll(() => mock.close());
beforeEach(() => control.reset());

/** A raw request that reports how the connection ended, for faults fetch would hide. */
function rawPost(path: string, timeoutMs: number): Promise<{ outcome: "answered" | "reset" | "timeout"; status?: number }> {
  return new Promise((resolve) => {
    const url = new URL(path, mock.url);
    const req = httpRequest(url, { method: "POST", timeout: timeoutMs }, (res) => {
      res.resume();
      res.on("end", () => resolve({ outcome: "answered", status: res.statusCode }));
    });
    req.on("timeout", () => {
      req.destroy();
      resolve({ outcome: "timeout" });
    });
    req.on("error", (error: NodeJS.ErrnoException) => resolve({ outcome: error.code === "ECONNRESET" ? "reset" : "timeout" }));
    req.end(message);
  });
}

describe("control API", () => {
  it("answers health for compose", async () => {
    expect(await control.health()).toEqual({ status: "ok", service: "slack" });
  });

  it("records every vendor request with method, path, query, headers and body, and clears them", async () => {
    await post(`${hook}?via=test`, { headers: { "content-type": "application/json", "x-probe": "1" } });
    const [recorded] = await control.requests();
    expect(recorded).toMatchObject({ method: "POST", path: hook, query: { via: "test" }, body: message, status: 200 });
    expect(recorded.headers["x-probe"]).toBe("1");
    await control.clearRequests();
    expect(await control.requests()).toEqual([]);
  });

  it("does not record its own control calls", async () => {
    await control.state();
    await control.faults();
    expect(await control.requestCount()).toBe(0);
  });

  it("filters recorded requests by method, path and sequence", async () => {
    await post();
    await fetch(`${mock.url}/elsewhere`);
    await post();
    // Sequence numbers keep counting across clears, so `since` stays meaningful to a poller.
    const first = (await control.requests())[0].seq;
    expect((await control.requests({ method: "POST" })).map((r) => r.seq - first)).toEqual([0, 2]);
    expect((await control.requests({ path: "/elsewhere" })).map((r) => r.seq - first)).toEqual([1]);
    expect((await control.requests({ since: first })).map((r) => r.seq - first)).toEqual([1, 2]);
    expect(await control.requestCount({ method: "POST" })).toBe(2);
  });

  it("answers an unknown route loudly and records it as unmatched", async () => {
    const response = await fetch(`${mock.url}/api/v2/nothing-here`, { method: "PUT" });
    expect([response.status, await response.json()]).toEqual([
      404,
      { mock: "slack", error: "no such route in this mock", method: "PUT", path: "/api/v2/nothing-here" },
    ]);
    expect((await control.requests())[0]).toMatchObject({ unmatched: true, status: 404 });
  });

  it("lists the fault catalogue", async () => {
    const response = await fetch(`${mock.url}/__mock/faults/catalogue`);
    const catalogue = (await response.json()) as { vendor: Record<string, string>; transport: Record<string, string> };
    expect(Object.keys(catalogue.vendor)).toEqual(Object.keys(slackMock.faults));
    expect(Object.keys(catalogue.transport)).toEqual(["delay", "hang", "reset", "status", "lost-reply"]);
  });

  it("refuses an unknown fault, naming the known ones", async () => {
    const response = await fetch(`${mock.url}/__mock/faults`, { method: "POST", body: JSON.stringify({ fault: "meltdown" }) });
    expect([response.status, await response.json()]).toEqual([
      400,
      { error: `unknown fault "meltdown"; this service knows ${[...Object.keys(slackMock.faults), "delay", "hang", "reset", "status", "lost-reply"].join(", ")}` },
    ]);
  });

  it.each([
    [{ fault: "delay" }, '"delay" needs "ms", a number of milliseconds'],
    [{ fault: "status", status: 42 }, '"status" needs "status", an HTTP status code'],
    [{ fault: "hang", times: 0 }, '"times" must be a whole number of requests, at least 1'],
  ])("refuses a malformed fault %j", async (spec, error) => {
    const response = await fetch(`${mock.url}/__mock/faults`, { method: "POST", body: JSON.stringify(spec) });
    expect([response.status, await response.json()]).toEqual([400, { error }]);
  });

  it("refuses a bad seed body with 400 and the reason", async () => {
    const response = await fetch(`${mock.url}/__mock/state`, { method: "POST", body: JSON.stringify({ webhooks: "all" }) });
    expect([response.status, await response.json()]).toEqual([400, { error: 'expected { "webhooks"?: [{ "path", "channel", "status" }], "workspaces"?: [{ "id": "T…", "name", "channels": [{ "id": "C…", "name", "status" }] }] }' }]);
  });

  it("resets state, faults and requests in one call", async () => {
    await post();
    await control.addFault({ fault: "no_service" });
    await control.reset();
    expect([await control.requestCount(), await control.faults(), await control.state()]).toEqual([0, [], { webhooks: [], workspaces: [], messages: [] }]);
  });

  it("replaces the vendor state on DELETE /__mock/state and keeps serving", async () => {
    await post();
    await fetch(`${mock.url}/__mock/state`, { method: "DELETE" });
    expect(await control.state()).toEqual({ webhooks: [], workspaces: [], messages: [] });
    expect((await post()).status).toBe(200);
    expect((await control.state<{ messages: unknown[] }>()).messages).toHaveLength(1);
  });
});

describe("transport faults", () => {
  it("status: answers the given status, body and headers, then passes through after `times`", async () => {
    await control.addFault({ fault: "status", status: 503, body: "down", headers: { "retry-after": "2" }, times: 2 });
    const answers = [];
    for (let i = 0; i < 3; i++) {
      const response = await post();
      answers.push([response.status, response.headers.get("retry-after"), await response.text()]);
    }
    expect(answers).toEqual([
      [503, "2", "down"],
      [503, "2", "down"],
      [200, null, "ok"],
    ]);
    expect(await control.faults()).toEqual([]);
  });

  it("delay: answers normally after the delay, and the request is recorded at once", async () => {
    await control.addFault({ fault: "delay", ms: 150, times: 1 });
    const pending = post();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(await control.requests()).toMatchObject([{ fault: "delay" }]);
    const response = await pending;
    expect([response.status, await response.text()]).toEqual([200, "ok"]);
  });

  it("hang: accepts the request and never answers", async () => {
    await control.addFault({ fault: "hang" });
    expect(await rawPost(hook, 300)).toEqual({ outcome: "timeout" });
    const [recorded] = await control.requests();
    expect([recorded.fault, recorded.status]).toEqual(["hang", undefined]);
  });

  it("reset: drops the connection", async () => {
    await control.addFault({ fault: "reset", times: 1 });
    expect(await rawPost(hook, 2000)).toEqual({ outcome: "reset" });
    expect(await rawPost(hook, 2000)).toEqual({ outcome: "answered", status: 200 });
  });

  it("lost-reply: the vendor takes the request, then the connection drops before the answer", async () => {
    await control.addFault({ fault: "lost-reply", times: 1 });
    expect(await rawPost(hook, 2000)).toEqual({ outcome: "reset" });
    // The message was posted all the same: a client that resends it posts it twice.
    expect((await control.state<{ messages: unknown[] }>()).messages).toHaveLength(1);
    const [recorded] = await control.requests();
    expect([recorded.status, recorded.fault]).toEqual([200, "lost-reply"]);
  });

  it("matches faults by method and path, with * for one segment", async () => {
    await control.addFault({ route: "POST /services/*/*/*", fault: "no_service" });
    expect((await fetch(`${mock.url}/elsewhere`)).status).toBe(404);
    expect([(await post()).status, (await post()).status]).toEqual([404, 404]);
    expect((await control.faults())[0]).toMatchObject({ hits: 2 });
  });

  it("does not match another method", async () => {
    await control.addFault({ route: "GET /services/*/*/*", fault: "no_service" });
    expect((await post()).status).toBe(200);
  });

  it("removes one fault by id", async () => {
    const fault = await control.addFault({ fault: "no_service" });
    await fetch(`${mock.url}/__mock/faults/${fault.id}`, { method: "DELETE" });
    expect((await post()).status).toBe(200);
  });
});

describe("bodies", () => {
  it("decodes gzip bodies", async () => {
    const response = await post(hook, { body: gzipSync(message), headers: { "content-encoding": "gzip", "content-type": "application/json" } });
    expect(response.status).toBe(200);
    expect((await control.requests())[0].body).toBe(message);
  });

  it("reads chunked bodies", async () => {
    const stream = new ReadableStream({
      start(controller) {
        controller.enqueue(new TextEncoder().encode(message.slice(0, 5)));
        controller.enqueue(new TextEncoder().encode(message.slice(5)));
        controller.close();
      },
    });
    const response = await post(hook, { body: stream, duplex: "half" } as RequestInit);
    expect(response.status).toBe(200);
    expect((await control.requests())[0]).toMatchObject({ body: message, headers: { "transfer-encoding": "chunked" } });
  });
});
