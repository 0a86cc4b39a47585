// string-width for the plan bundle's table (build/bundles.mjs). cli-table3 measures every line
// of every cell with it, and string-width 4 builds its ANSI and emoji regular expressions anew
// on each call: seconds on a plan of a thousand resources (issue 12). Printable ASCII, most of
// what the plan prints, is exactly as wide as it is long; any other text goes to string-width.
// By its path: the bundle maps the package name "string-width" to this file.
const stringWidth = require("../node_modules/string-width/index.js");

const printableAscii = /^[\x20-\x7e]*$/;

module.exports = (text) => (typeof text === "string" && printableAscii.test(text) ? text.length : stringWidth(text));
