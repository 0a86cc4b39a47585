// The last line of .ci/run, the one CI reads: "N passed, N failed", over the unit tests
// (vitest's JSON report) and the rehearsal's steps (its --json report). Steps that could not
// run here are counted on the line before; a missing report counts as one failure.
const fs = require("fs");

const [testsFile, rehearsalFile, toolchainStatus] = process.argv.slice(2);
let passed = 0;
let failed = 0;
const notes = [];

if (fs.existsSync(testsFile)) {
  const r = JSON.parse(fs.readFileSync(testsFile, "utf8"));
  if (r.numTotalTests === 0) failed += 1;
  passed += r.numPassedTests;
  failed += r.numFailedTests;
  const skipped = r.numPendingTests + r.numTodoTests;
  notes.push(`unit tests: ${r.numPassedTests} passed, ${r.numFailedTests} failed${skipped ? `, ${skipped} skipped` : ""}`);
} else {
  failed += 1;
  notes.push("unit tests: no report");
}

if (toolchainStatus !== "0") {
  failed += 1;
  notes.push("toolchain: the Pulumi CLI could not be built, so the rehearsal did not run");
} else if (fs.existsSync(rehearsalFile)) {
  const { results } = JSON.parse(fs.readFileSync(rehearsalFile, "utf8"));
  const count = (status) => results.filter((r) => r.status === status).length;
  passed += count("PASS");
  failed += count("FAIL");
  notes.push(`rehearsal: ${count("PASS")} steps passed, ${count("FAIL")} failed, ${count("BLOCKED")} blocked (a plugin the module proxy refuses; see the rehearsal's table)`);
} else {
  failed += 1;
  notes.push("rehearsal: no report");
}

for (const note of notes) console.log(note);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
