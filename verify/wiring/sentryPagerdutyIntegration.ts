import { z } from "zod";
import { ProbeFailure } from "../probe";
import { sentryPaths } from "../../vendors/sentry/sentryLists";
import { explainSentryApi, sentryApiOf, sentryUrl } from "./sentryApi";
import { readAllPages } from "./sentryPages";
import type { WiringCheck } from "./wiringCheck";

/** The fields of `OrganizationIntegrationSerializer` this check reads. */
const integrations = z.array(
  z.looseObject({
    id: z.union([z.string(), z.number()]).transform(String),
    name: z.string(),
    provider: z.looseObject({ key: z.string() }),
    configData: z.looseObject({ service_table: z.array(z.unknown()).optional() }).nullish(),
  }),
);

const rows = (n: number): string => `${n} service-table row${n === 1 ? "" : "s"}`;

/**
 * Runbook step 1: the organisation has the PagerDuty integration installed. Installing it is an
 * OAuth flow in the browser, so neither the stack nor verify can fix a FAIL here.
 * @see https://docs.sentry.io/api/integrations/list-an-organizations-available-integrations/
 */
export const sentryPagerdutyIntegrationCheck: WiringCheck = {
  check: "Sentry org has the PagerDuty integration",
  integration: "sentry",
  prepare(inputs) {
    const api = sentryApiOf(inputs);
    if ("hold" in api) return api;
    return {
      explain: explainSentryApi(api, "org:read"),
      async run(http) {
        const what = "list Sentry PagerDuty integrations";
        // Filter again: an old Sentry may ignore providerKey and list every integration (over several pages).
        const found = (await readAllPages(http, api, sentryUrl(api, sentryPaths.integrations(api.org, "pagerduty")), what, integrations)).filter((i) => i.provider.key === "pagerduty");
        if (found.length === 0) {
          throw new ProbeFailure(
            `no PagerDuty integration is installed in Sentry org "${api.org}"`,
            "install the PagerDuty integration in Sentry (Settings → Integrations → PagerDuty; it is an OAuth flow in the browser)",
          );
        }
        const named = found.map((i) => `"${i.name}" (id ${i.id}, ${rows(i.configData?.service_table?.length ?? 0)})`);
        return `Sentry org "${api.org}" has the PagerDuty integration ${named.join(", ")}`;
      },
    };
  },
};
