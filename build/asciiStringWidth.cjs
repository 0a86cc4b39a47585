// string-width for the plan bundle's table (build/bundles.mjs). cli-table3 measures every line
// of every cell with it, several times, and string-width 4 builds its ANSI and emoji regular
// expressions anew on each call: seconds on a plan of a thousand resources (issue 12). Printable
// ASCII, most of what the plan prints, is exactly as wide as it is long; any other text goes to
// string-width once, and its width is remembered (the table repeats the same border and arrow
// lines, row after row). By its path: the bundle maps the package name "string-width" to this file.
const stringWidth = require("../node_modules/string-width/index.js");

const printableAscii = /^[\x20-\x7e]*$/;
const widths = new Map();
/** A bound on what is remembered, so a long run of distinct texts cannot grow it without end. */
const remembered = 10_000;

module.exports = (text) => {
  if (typeof text !== "string" || printableAscii.test(text)) return typeof text === "string" ? text.length : stringWidth(text);
  let width = widths.get(text);
  if (width === undefined) {
    if (widths.size >= remembered) widths.clear();
    width = stringWidth(text);
    widths.set(text, width);
  }
  return width;
};
