/**
 * `npm run reconcile -- --since <YYYY-MM-DD>` (O5, the checklist's monthly count): marked events
 * verify sent, from its logs, against what PagerDuty, Opsgenie, Datadog and Splunk received.
 * Exit 0: within 1 %. Exit 1: drift over 1 %, or a count that could not be made. Exit 2: usage.
 */
import path from "node:path";
import { exitWhenDone, processLines } from "../verify/processCommand";
import { runReconcileCli } from "./runReconcileCli";

const interrupt = new AbortController();
process.once("SIGINT", () => interrupt.abort(new Error("interrupted by Ctrl-C")));

exitWhenDone(
  "reconcile",
  runReconcileCli(process.argv.slice(2), { env: process.env, root: path.resolve(__dirname, ".."), ...processLines, interrupt: interrupt.signal }),
);
