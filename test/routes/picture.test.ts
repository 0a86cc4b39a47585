import { describe, expect, it } from "vitest";
import type { Finding } from "../../routes/lint/finding";
import { dotGraph, findingColours, ownershipColours } from "../../routes/render/dotGraph";
import { pngOf, svgOf } from "../../routes/render/picture";
import type { RouteNode, RoutingMap } from "../../routes/routingGraph";

const node = (key: string, kind: RouteNode["kind"], label: string, ownership: RouteNode["ownership"], exists = true): RouteNode => ({ key, kind, label, ownership, exists, facts: {} });

/** Staging, where a hand-made monitor pages prod's handle; prod is not shown, so it is referenced. */
const map: RoutingMap = {
  source: "live",
  environments: [
    {
      environment: "staging",
      stack: "staging",
      nodes: [node("datadog-monitor:m", "datadog-monitor", "Staging latency", "unowned"), node("datadog-handle:@pagerduty-gone", "datadog-handle", "@pagerduty-Gone", "unowned", false)],
      edges: [
        { from: "datadog-monitor:m", to: "datadog-handle:@pagerduty-checkout-api-prod", toEnvironment: "prod" },
        { from: "datadog-monitor:m", to: "datadog-handle:@pagerduty-gone" },
      ],
    },
  ],
  referenced: [{ environment: "prod", node: node("datadog-handle:@pagerduty-checkout-api-prod", "datadog-handle", "@pagerduty-Checkout-API-prod", "owned") }],
};
const finding: Finding = { rule: "cross-environment-page", severity: "error", environment: "staging", objects: [], message: "", fix: "", nodes: ["datadog-monitor:m"] };

describe("the routing map's picture", () => {
  it("has a cluster per environment, fills by ownership, outlines a finding, dashes what is missing and colours a crossing edge", () => {
    const dot = dotGraph(map, [finding]);
    expect(dot).toContain('label="staging (stack staging, live)"');
    expect(dot).toContain('label="prod (not shown)"');
    expect(dot).toMatch(new RegExp(`"staging::datadog-monitor:m" \\[[^\\]]*fillcolor="${ownershipColours.unowned}", color="${findingColours.error}", penwidth=3`));
    expect(dot).toMatch(/"staging::datadog-handle:@pagerduty-gone" \[[^\]]*style="filled,dashed"/);
    expect(dot).toMatch(new RegExp(`"prod::datadog-handle:@pagerduty-checkout-api-prod" \\[[^\\]]*fillcolor="${ownershipColours.owned}"`));
    expect(dot).toContain(`"staging::datadog-monitor:m" -> "prod::datadog-handle:@pagerduty-checkout-api-prod" [color="${findingColours.error}", penwidth=2.5, label="crosses into prod"`);
  });

  it("is drawn by Graphviz (WebAssembly) into SVG, and rasterised into PNG", async () => {
    const svg = await svgOf(dotGraph(map, [finding]));
    expect(svg).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<title>cluster_\d+<\/title>[\s\S]*staging \(stack staging, live\)/);
    const png = pngOf(svg, 400);
    expect([...png.subarray(0, 8)]).toEqual([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    expect(png.readUInt32BE(16)).toBe(400);
  });
});
