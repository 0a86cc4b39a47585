import * as pulumi from "@pulumi/pulumi";
import type { StackSettings } from "../config/stackSettings";
import { SplunkHecToken } from "./dynamic/splunkHecToken";

export interface SplunkHecArgs {
  /** The HEC base URL senders (and verify) post to, e.g. `https://splunk.example.com:8088`. */
  hecUrl: string;
  /** The token's default index, and the one verify sends to. */
  index: string;
  /** Indexes the token may write to; must include `index`. */
  allowedIndexes: string[];
  /**
   * `create`: a token this stack owns, made on the management port (self-managed Splunk; the
   * token resource reads SPLUNK_MGMT_TOKEN or SPLUNK_MGMT_USERNAME/PASSWORD at deploy time).
   * `existing`: a token made elsewhere (Splunk Cloud's ACS), adopted and never deleted.
   */
  token: { create: { managementUrl: string; name: string; insecureTls: boolean } } | { existing: pulumi.Input<string> };
  /** Keep a created token on destroy (prod), so senders are not cut off. @default false */
  retainOnDelete?: boolean;
}

/**
 * Splunk for one stack (P9): the HTTP Event Collector URL and a token, as outputs for
 * senders and verify. The token is a secret output either way.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector
 */
export class SplunkHec extends pulumi.ComponentResource {
  readonly hecUrl: pulumi.Output<string>;
  readonly index: pulumi.Output<string>;
  /** The HEC token. Secret. */
  readonly token: pulumi.Output<string>;
  /** Whether this stack created (and owns) the token. */
  readonly managed: boolean;

  constructor(name: string, args: SplunkHecArgs, opts?: pulumi.ComponentResourceOptions) {
    super("operator-wiring:splunk:Hec", name, {}, opts);
    this.hecUrl = pulumi.output(args.hecUrl);
    this.index = pulumi.output(args.index);
    if ("create" in args.token) {
      const token = new SplunkHecToken(
        `${name}-token`,
        {
          managementUrl: args.token.create.managementUrl,
          name: args.token.create.name,
          defaultIndex: args.index,
          allowedIndexes: args.allowedIndexes,
          sourcetype: "_json",
          insecureTls: args.token.create.insecureTls,
        },
        { parent: this, retainOnDelete: args.retainOnDelete ?? false },
      );
      this.token = pulumi.secret(token.token);
      this.managed = true;
    } else {
      this.token = pulumi.secret(args.token.existing);
      this.managed = false;
    }
    this.registerOutputs({ hecUrl: this.hecUrl, index: this.index, token: this.token });
  }
}

/** Splunk (P9): the stack's one HEC token, created or adopted; undefined when the stack does not wire Splunk. */
export function declareSplunkHec(settings: StackSettings): SplunkHec | undefined {
  if (!settings.splunk) return undefined;
  const { hecUrl, index, allowedIndexes, token } = settings.splunk;
  return new SplunkHec("splunk", {
    hecUrl,
    index,
    allowedIndexes,
    token: "create" in token ? token : { existing: pulumi.secret(token.existing.reveal()) },
    retainOnDelete: settings.retainCredentialsOnDelete,
  });
}
