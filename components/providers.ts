import * as datadog from "@pulumi/datadog";
import * as pagerduty from "@pulumi/pagerduty";
import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";
import type { StackSettings } from "../config/stackSettings";

export interface Providers {
  pagerduty: pagerduty.Provider;
  datadog: datadog.Provider;
  /** Only when something uses @pulumiverse/sentry: rules mode or the Datadog forwarding, with routing on. */
  sentry?: sentry.Provider;
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
      // Only a rehearsal stack sets it: the PagerDuty mock.
      apiUrlOverride: settings.pagerduty.apiUrl,
      // Slack connections are made with a user-level token; nothing else uses it.
      userToken: settings.pagerduty.slack ? pulumi.secret(settings.pagerduty.slack.userToken.reveal()) : undefined,
    }),
    datadog: new datadog.Provider("datadog", {
      apiKey: pulumi.secret(settings.datadog.apiKey.reveal()),
      appKey: pulumi.secret(settings.datadog.appKey.reveal()),
      apiUrl: settings.datadog.apiUrl,
      // Fail at preview on bad keys or the wrong site instead of mid-update.
      validate: "true",
    }),
    sentry:
      // Only what routing uses needs it, so a rolled-back stack declares none.
      settings.sentry && settings.routingEnabled && (settings.sentry.alerting === "rules" || settings.sentry.datadogForwarding)
        ? new sentry.Provider("sentry", {
            token: pulumi.secret(settings.sentry.token.reveal()),
            // This provider's base is `…/api/`, without the version the web API base ends in.
            baseUrl: settings.sentry.apiUrl.replace(/0$/, ""),
          })
        : undefined,
  };
}
