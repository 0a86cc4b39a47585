import * as datadog from "@pulumi/datadog";
import * as pagerduty from "@pulumi/pagerduty";
import * as pulumi from "@pulumi/pulumi";
import type { StackSettings } from "../config/stackSettings";

export interface Providers {
  pagerduty: pagerduty.Provider;
  datadog: datadog.Provider;
}

/**
 * Explicit providers, so region and credentials come from validated settings only and an
 * ambient `DD_SITE` or default provider can never send a resource to the wrong account.
 */
export function createProviders(settings: StackSettings): Providers {
  return {
    pagerduty: new pagerduty.Provider("pagerduty", {
      // The PagerDuty SDK does not mark its token secret itself.
      token: pulumi.secret(settings.pagerduty.token.reveal()),
      // The provider defaults to the US region and only accepts "eu" besides.
      serviceRegion: settings.pagerduty.region === "eu" ? "eu" : undefined,
    }),
    datadog: new datadog.Provider("datadog", {
      apiKey: pulumi.secret(settings.datadog.apiKey.reveal()),
      appKey: pulumi.secret(settings.datadog.appKey.reveal()),
      apiUrl: settings.datadog.apiUrl,
      // Fail at preview on bad keys or the wrong site instead of mid-update.
      validate: "true",
    }),
  };
}
