/**
 * `npm run verify -- …` and verify/*.sh: proves after a deploy that every integration
 * delivers. Exit 0: PASS. Exit 1: a probe failed, or not every integration passed (HOLD).
 * Exit 2: usage or configuration error, nothing sent.
 */
import path from "node:path";
import { Interrupted } from "./http/httpErrors";
import { exitWhenDone, processLines } from "./processCommand";
import { runCli } from "./runCli";

const interrupt = new AbortController();
process.once("SIGINT", () => {
  process.stderr.write("\nverify: Ctrl-C: stopping the probes and cleaning up (Ctrl-C again to quit at once)\n");
  interrupt.abort(new Interrupted("interrupted by Ctrl-C"));
  process.once("SIGINT", () => process.exit(130));
});
process.once("SIGTERM", () => interrupt.abort(new Interrupted("interrupted by SIGTERM")));

exitWhenDone(
  "verify",
  runCli(process.argv.slice(2), { env: process.env, root: path.resolve(__dirname, ".."), ...processLines, interrupt: interrupt.signal }),
);
