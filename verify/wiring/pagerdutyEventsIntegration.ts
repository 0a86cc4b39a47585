import { z } from "zod";
import { eventsV2IntegrationType as eventsV2, pagerdutyHeaders, pagerdutyPaths } from "../../vendors/pagerduty/pagerdutyApi";
import { ProbeFailure } from "../probe";
import { type WiringCheck, missingInputs, notInScope, readAnswer } from "./wiringCheck";


/** The fields of a REST API v2 service (with `include[]=integrations`) this check reads. */
const serviceAnswer = z.looseObject({
  service: z.looseObject({
    id: z.string(),
    name: z.string(),
    status: z.string().optional(),
    integrations: z.array(z.looseObject({ id: z.string(), type: z.string(), name: z.string().nullish(), summary: z.string().nullish() })),
  }),
});

const notPagerDuty =
  "Something other than the PagerDuty REST API answered: check PAGERDUTY_API_URL (https://api.pagerduty.com, EU https://api.eu.pagerduty.com).";

/**
 * Runbook step 2: the service has an Events API v2 integration (the key Datadog and verify send
 * to). A disabled service also fails: it accepts events and opens nothing (checklist §4,
 * "202 but no incident").
 * @see https://developer.pagerduty.com/api-reference/165ad96a22ffd-get-a-service
 */
export const pagerdutyEventsIntegrationCheck: WiringCheck = {
  check: "PagerDuty service has an Events API v2 integration",
  integration: "pagerduty",
  prepare(inputs, target) {
    if (!inputs.pagerduty) return { hold: notInScope("pagerduty") };
    const { api } = inputs.pagerduty;
    const id = target.pagerdutyServiceId;
    const hold = missingInputs(api ? [] : ["PAGERDUTY_API_TOKEN"], id ? [] : ["PAGERDUTY_SERVICE_ID"]);
    if (hold || !api || !id) return { hold: hold as string };
    return {
      explain: (error) =>
        error.status === 404
          ? `PagerDuty has no service ${id} that this token can see: check PAGERDUTY_SERVICE_ID (the P… id in the service's URL) and PAGERDUTY_REGION.`
          : undefined,
      async run(http) {
        const what = "read PagerDuty service integrations";
        const response = await http.send({
          label: what,
          method: "GET",
          url: `${api.url.replace(/\/+$/, "")}${pagerdutyPaths.service(id)}`,
          headers: pagerdutyHeaders(api.token),
        });
        const { service } = readAnswer(response, serviceAnswer, what, notPagerDuty);
        const named = `PagerDuty service "${service.name}" (${service.id})`;
        const v2 = service.integrations.filter((i) => i.type === eventsV2);
        const problems: string[] = [];
        const fixes: string[] = [];
        if (v2.length === 0) {
          const others = service.integrations.map((i) => i.type);
          problems.push(`has no Events API v2 integration${others.length > 0 ? ` (it has ${others.join(", ")})` : ""}`);
          fixes.push(
            "add one: PagerDuty → the service → Integrations → Add integration → Events API v2 (or run pulumi up, which declares it); not the legacy Generic Events API.",
          );
        }
        if (service.status === "disabled") {
          problems.push("is disabled");
          fixes.push("enable the service in PagerDuty: a disabled service accepts events and opens no incident.");
        }
        if (problems.length > 0) throw new ProbeFailure(`${named} ${problems.join(" and ")}`, fixes.join(" "));
        const integrations = v2.map((i) => `"${i.name ?? i.summary ?? i.id}" (${i.id})`);
        return `${named} has the Events API v2 integration ${integrations.join(", ")}`;
      },
    };
  },
};
