import * as pulumi from "@pulumi/pulumi";
import * as sentry from "@pulumiverse/sentry";

export interface SentryDatadogForwardingArgs {
  organization: string;
  /** The Sentry project slugs whose issues go to Datadog (each once). */
  projects: string[];
  /** `https://<datadog app host>/intake/webhook/sentry?api_key=<key>`: secret, it carries the key. */
  intakeUrl: pulumi.Input<string>;
  provider: sentry.Provider;
}

/**
 * Sentry → Datadog (P6). Sentry has no native Datadog integration; Datadog's documented route
 * is each project's legacy Webhooks plugin posting to Datadog's Sentry intake, which turns new
 * issues into Datadog events. One plugin configuration per project. The plugin keeps one URL
 * list per project, so URLs set by hand in that plugin are replaced.
 * @see https://docs.datadoghq.com/integrations/sentry/
 */
export class SentryDatadogForwarding extends pulumi.ComponentResource {
  constructor(name: string, args: SentryDatadogForwardingArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:sentry:DatadogForwarding", name, {}, opts);
    for (const project of args.projects) {
      new sentry.SentryPlugin(
        `${name}-${project}`,
        { organization: args.organization, project, plugin: "webhooks", config: { urls: pulumi.secret(args.intakeUrl) } },
        { parent: this, provider: args.provider },
      );
    }
    this.registerOutputs({});
  }
}
