import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { serviceNames } from "../../mock-endpoints/core/types";
import { mockServices } from "../../mock-endpoints/services";
import { startMocks } from "../../mock-endpoints/startMocks";

const compose = parse(readFileSync(path.resolve(__dirname, "../../mock-endpoints/docker-compose.yml"), "utf8"), { merge: true }) as {
  services: Record<string, { ports: string[] }>;
};

describe("the six mock services", () => {
  it("are registered under their own names", () => {
    expect(Object.entries(mockServices).map(([key, definition]) => [key, definition.name])).toEqual(serviceNames.map((n) => [n, n]));
  });

  it("listen on distinct default ports, the ones compose publishes", () => {
    const ports = serviceNames.map((name) => mockServices[name].defaultPort);
    expect(ports).toEqual([4811, 4812, 4813, 4814, 4815, 4816]);
    for (const name of serviceNames) {
      expect(compose.services[name].ports).toEqual([`127.0.0.1:${mockServices[name].defaultPort}:${mockServices[name].defaultPort}`]);
    }
  });

  it("each offer rate-limited and server-error faults", () => {
    for (const name of serviceNames) expect(Object.keys(mockServices[name].faults)).toEqual(expect.arrayContaining(["rate-limited", "server-error"]));
  });

  it("all start in-process on free ports and answer health", async () => {
    const mocks = await startMocks({ anyFreePort: true });
    try {
      const health = await Promise.all(serviceNames.map(async (name) => (await fetch(`${mocks.urls[name]}/__mock/health`)).json()));
      expect(health).toEqual(serviceNames.map((service) => ({ status: "ok", service })));
    } finally {
      await mocks.close();
    }
  });
});
