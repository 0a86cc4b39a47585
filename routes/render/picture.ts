import { Resvg } from "@resvg/resvg-js";
import { instance } from "@viz-js/viz";

/**
 * DOT drawn as SVG by Graphviz compiled to WebAssembly (@viz-js/viz: the Graphviz layout engine
 * itself, no `dot` binary and no network), and the SVG rasterised to PNG by resvg (@resvg/resvg-js,
 * prebuilt per platform, with the system's fonts).
 */
export async function svgOf(dot: string): Promise<string> {
  const viz = await instance();
  return viz.renderString(dot, { format: "svg", engine: "dot" });
}

export function pngOf(svg: string, width = 1600): Buffer {
  return new Resvg(svg, { fitTo: { mode: "width", value: width }, background: "white", font: { loadSystemFonts: true, defaultFontFamily: "DejaVu Sans" } }).render().asPng();
}
