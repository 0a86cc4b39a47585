import { z } from "zod";
import { pagerdutyHandle } from "../../config/naming";
import { ProbeFailure } from "../probe";
import { datadogHeaders, datadogPaths, notificationHandles } from "../../vendors/datadog/datadogApi";
import { datadogApiOf, explainAppKey, notDatadog } from "./datadogApi";
import { type WiringCheck, readAnswer } from "./wiringCheck";

const monitorAnswer = z.looseObject({
  id: z.union([z.number(), z.string()]),
  name: z.string().nullish(),
  message: z.string().nullish(),
  draft_status: z.string().nullish(),
});

/**
 * Runbook step 5: the validation monitor is a draft (so it cannot page) and its message carries
 * the mapped service's handle, derived exactly as the stack derives it. Handles compare without
 * regard to case, as Datadog matches them.
 * @see https://docs.datadoghq.com/api/latest/monitors/#get-a-monitors-details
 */
export const datadogValidationMonitorCheck: WiringCheck = {
  check: "Datadog validation monitor is a draft carrying the handle",
  integration: "datadog",
  prepare(inputs, target) {
    const { datadogMonitorId: id, pagerdutyServiceName: name } = target;
    const api = datadogApiOf(inputs, { DATADOG_MONITOR_ID: id, PAGERDUTY_SERVICE_NAME: name });
    if ("hold" in api || !id || !name) return api as { hold: string };
    const handle = pagerdutyHandle(name);
    return {
      explain: (error) =>
        error.status === 404 ? `Datadog has no monitor ${id}: check DATADOG_MONITOR_ID (deleted, or a monitor of another org or site).` : explainAppKey(error),
      async run(http) {
        const what = "read Datadog validation monitor";
        const response = await http.send({ label: what, method: "GET", url: `${api.url}${datadogPaths.monitor(id)}`, headers: datadogHeaders(api) });
        const monitor = readAnswer(response, monitorAnswer, what, notDatadog);
        // Datadog leaves draft_status out for monitors made before drafts existed: those are published.
        const status = monitor.draft_status ?? "published";
        const mentioned = notificationHandles(monitor.message ?? "").filter((m) => m.kind === "pagerduty").map((m) => m.handle);
        const problems: string[] = [];
        const fixes: string[] = [];
        if (status !== "draft") {
          problems.push(`draft_status is "${status}", not "draft"`);
          fixes.push("set the monitor back to draft (the stack's validation monitor is a draft unless the stack opts in to a controlled incident test): a published validation monitor can page.");
        }
        if (!mentioned.some((m) => m.toLowerCase() === handle.toLowerCase())) {
          problems.push(`its message has no ${handle}${mentioned.length > 0 ? ` (it has ${mentioned.join(", ")})` : ""}`);
          fixes.push(`put ${handle} in the message (pulumi up the stack): the handle is the mapped service name with spaces as dashes.`);
        }
        const named = `Datadog monitor ${monitor.id} "${monitor.name ?? ""}"`;
        if (problems.length > 0) throw new ProbeFailure(`${named}: ${problems.join("; ")}`, fixes.join(" "));
        return `${named} is a draft and its message carries ${handle}`;
      },
    };
  },
};
