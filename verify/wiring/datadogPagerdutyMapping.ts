import { z } from "zod";
import { HttpStatusError } from "../http/httpErrors";
import { ProbeFailure } from "../probe";
import { datadogErrors, datadogHeaders, datadogPaths } from "../../vendors/datadog/datadogApi";
import { datadogApiOf, explainAppKey, notDatadog } from "./datadogApi";
import { type WiringCheck, readAnswer } from "./wiringCheck";

const mapping = z.looseObject({ service_name: z.string() });

/**
 * Runbook step 3: Datadog has a PagerDuty service object for the service name. The service key
 * is write-only (never answered), so a stale key after a rotation cannot be seen here.
 * @see https://docs.datadoghq.com/api/latest/pagerduty-integration/#get-a-single-service-object
 */
export const datadogPagerdutyMappingCheck: WiringCheck = {
  check: "Datadog PagerDuty mapping exists",
  integration: "datadog",
  prepare(inputs, target) {
    const name = target.pagerdutyServiceName;
    const api = datadogApiOf(inputs, { PAGERDUTY_SERVICE_NAME: name });
    if ("hold" in api || !name) return api as { hold: string };
    return {
      explain: explainAppKey,
      async run(http) {
        const what = "read Datadog PagerDuty mapping";
        let response;
        try {
          response = await http.send({
            label: what,
            method: "GET",
            url: `${api.url}${datadogPaths.pagerdutyServiceObject(name)}`,
            headers: datadogHeaders(api),
          });
        } catch (error) {
          if (!(error instanceof HttpStatusError) || error.status !== 404) throw error;
          const errors = datadogErrors(error.body);
          if (errors.some((e) => /pagerduty integration not found/i.test(e))) {
            throw new ProbeFailure(
              `the PagerDuty integration is not installed in Datadog (404 ${errors.join(", ")})`,
              "install the PagerDuty integration tile in Datadog (Integrations → PagerDuty), then create the mapping (runbook step 3, or pulumi up the stack).",
            );
          }
          throw new ProbeFailure(
            `Datadog has no PagerDuty service object "${name}" (404${errors.length > 0 ? ` ${errors.join(", ")}` : ""})`,
            `create the mapping of "${name}" to its Events API v2 integration key (runbook step 3, or pulumi up the stack); the name must be the PagerDuty service name exactly.`,
          );
        }
        const found = readAnswer(response, mapping, what, notDatadog);
        if (found.service_name !== name) {
          throw new ProbeFailure(`Datadog answered service object "${found.service_name}" when asked for "${name}"`, notDatadog);
        }
        return `Datadog maps PagerDuty service "${name}" (its key is write-only, so not compared)`;
      },
    };
  },
};
