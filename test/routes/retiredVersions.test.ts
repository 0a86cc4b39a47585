import { type Server, createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { projectRoot } from "../../plan/stackFiles";
import { deprecationRadar } from "../../routes/radar/deprecationRadar";
import { knownRetirements, pinnedPackages, registryDeprecations } from "../../routes/radar/retiredVersions";

/** A stand-in for the npm registry: packuments (`GET /<name>`) whose versions may carry `deprecated`. */
let registry: Server;
let registryUrl: string;
const asked: string[] = [];
const packuments: Record<string, unknown> = {
  "@pagerduty/pdjs": { name: "@pagerduty/pdjs", versions: { "2.2.4": { deprecated: "retired (a notice the stand-in registry makes up)" }, "3.0.0": {} } },
  splunk: { name: "splunk", versions: { "1.0.0": {} } },
};

beforeAll(async () => {
  registry = createServer((request, response) => {
    const name = decodeURIComponent((request.url ?? "/").slice(1));
    asked.push(name);
    const body = packuments[name];
    response.writeHead(body ? 200 : 404, { "content-type": "application/json" }).end(JSON.stringify(body ?? { error: "Not found" }));
  });
  await new Promise<void>((resolve) => registry.listen(0, "127.0.0.1", resolve));
  registryUrl = `http://127.0.0.1:${(registry.address() as AddressInfo).port}`;
});
afterAll(() => registry.close());

const radarOf = (pinned: { name: string; version: string }[], registryNotices?: Map<string, string>) =>
  deprecationRadar({ map: { source: "live", environments: [] }, facts: [], today: new Date("2026-12-03"), draftDays: 150, rotationDays: 90, pinned, registryNotices });

describe("pinned package versions the vendors retired", () => {
  it("reads the project's pins: the Node.js range of engines and each direct dependency as the lock resolves it", () => {
    const pinned = pinnedPackages(projectRoot);
    expect(pinned[0]).toEqual({ name: "node", version: ">=20.19" });
    expect(pinned).toContainEqual({ name: "@pulumiverse/sentry", version: "0.0.9" });
    expect(pinned).toContainEqual({ name: "@pagerduty/pdjs", version: "2.2.4" });
  });

  it("names Node.js 20 as retired since 2026-04-30, and not 22", () => {
    const node = knownRetirements.find((r) => r.name === "node");
    expect([">=20.19", "^20.19.0", "20", ">=22", "^24.0.0"].map((range) => node?.affects(range))).toEqual([true, true, true, false, false]);
    expect(radarOf([{ name: "node", version: ">=22" }])).toEqual([]);
    expect(radarOf([{ name: "node", version: ">=20.19" }]).map((f) => f.message)).toEqual(["node >=20.19 (pinned): Node.js 20 reached end of life (no security fixes), since 2026-04-30."]);
  });

  it("asks the registry (here a stand-in) for each pin and reports its maintainers' deprecation notice", async () => {
    const notices = await registryDeprecations(
      [
        { name: "node", version: ">=20.19" },
        { name: "@pagerduty/pdjs", version: "2.2.4" },
        { name: "splunk", version: "1.0.0" },
      ],
      registryUrl,
    );
    expect(asked.sort()).toEqual(["@pagerduty/pdjs", "splunk"]);
    expect([...notices]).toEqual([["@pagerduty/pdjs@2.2.4", "retired (a notice the stand-in registry makes up)"]]);
    expect(radarOf([{ name: "@pagerduty/pdjs", version: "2.2.4" }], notices)).toEqual([
      {
        environment: "project",
        rule: "retired-package",
        severity: "warning",
        objects: ["@pagerduty/pdjs 2.2.4"],
        message: '@pagerduty/pdjs 2.2.4 (pinned) is deprecated on the npm registry by its maintainers: "retired (a notice the stand-in registry makes up)".',
        fix: "move to a version its maintainers support (npm view @pagerduty/pdjs versions), then npm install and run the tests.",
        nodes: [],
      },
    ]);
  });

  it("fails the registry check by name when the registry does not know a pin", async () => {
    await expect(registryDeprecations([{ name: "no-such-package", version: "1.0.0" }], registryUrl)).rejects.toThrow("npm registry GET no-such-package: 404");
  });
});
