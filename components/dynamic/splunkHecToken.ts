import * as pulumi from "@pulumi/pulumi";
import * as splunkApi from "../../vendors/splunk/splunkManagementApi";
import { DynamicResource, withSecretOutput } from "./dynamicResource";

/*
 * Everything the provider methods use lives in this file or in the Splunk client
 * (vendors/splunk/splunkManagementApi.ts, bound to locals below) and uses only globals (`fetch`,
 * `process.env`, `Buffer`) or a `require()` inside the method: Pulumi serializes the provider
 * with its closure into the state, and a top-level import cannot be serialized (integrations.md,
 * "Pulumi notes"). `pulumi` below is used by the Resource class only.
 */
const collection = splunkApi.collection;
const splunkCall = splunkApi.splunkCall;
const liveToken = splunkApi.liveToken;
const tokenPath = splunkApi.tokenPath;

/** The provider's inputs after `check` filled the defaults. */
export interface HecTokenInputs {
  managementUrl: string;
  name: string;
  defaultIndex: string;
  allowedIndexes: string[];
  sourcetype?: string;
  disabled: boolean;
  insecureTls: boolean;
}

/** The state: the inputs plus the token GUID Splunk generated. */
export interface HecTokenOutputs extends HecTokenInputs {
  token: string;
}

// What the engine sends for a value not known until apply (`unknownValue` in @pulumi/pulumi runtime/rpc).
const unknownValue = "04da6b54-80e4-46f7-96ec-b56ff0331ba9";

function isUnknown(value: unknown): boolean {
  return value === unknownValue || (Array.isArray(value) && value.includes(unknownValue));
}

/** The form fields for create and edit; `indexes` comma-separated as splunkd reads it. */
function tokenForm(inputs: HecTokenInputs): Record<string, string> {
  return { index: inputs.defaultIndex, indexes: inputs.allowedIndexes.join(","), disabled: String(inputs.disabled) };
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}

function checkInputs(news: Record<string, unknown>): { inputs: Record<string, unknown>; failures: pulumi.dynamic.CheckFailure[] } {
  const failures: pulumi.dynamic.CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const known = (key: string) => !isUnknown(news[key]);
  let managementUrl = news.managementUrl;
  if (known("managementUrl")) {
    const text = typeof managementUrl === "string" ? managementUrl.trim().replace(/\/+$/, "") : "";
    const url = URL.canParse(text) ? new URL(text) : undefined;
    if (!url || !["https:", "http:"].includes(url.protocol)) fail("managementUrl", `must be an http(s) URL such as https://splunk.example.com:8089; got ${JSON.stringify(managementUrl ?? null)}`);
    else if (url.username || url.password) fail("managementUrl", "must not carry credentials: set SPLUNK_MGMT_TOKEN or SPLUNK_MGMT_USERNAME/SPLUNK_MGMT_PASSWORD in the environment instead");
    else if (url.search || url.hash) fail("managementUrl", "must have no query string or fragment");
    managementUrl = text;
  }
  const name = typeof news.name === "string" ? news.name.trim() : news.name;
  if (known("name") && (typeof name !== "string" || name === "" || name.includes("/"))) fail("name", "must be a non-empty token name without '/', e.g. operator-wiring-dev");
  const index = news.defaultIndex;
  if (known("defaultIndex") && (typeof index !== "string" || !/^[^\s,]+$/.test(index))) fail("defaultIndex", "must be an index name without spaces or commas, e.g. main");
  const indexes = news.allowedIndexes;
  if (known("allowedIndexes")) {
    if (!Array.isArray(indexes) || indexes.length === 0 || !indexes.every((i) => typeof i === "string" && /^[^\s,]+$/.test(i))) {
      fail("allowedIndexes", "must be a non-empty list of index names without spaces or commas");
    } else if (known("defaultIndex") && typeof index === "string" && !indexes.includes(index)) {
      fail("allowedIndexes", `must include defaultIndex "${index}" (got ${indexes.join(", ")}): add it, or pick one of them as defaultIndex`);
    }
  }
  if (news.sourcetype !== undefined && known("sourcetype") && (typeof news.sourcetype !== "string" || news.sourcetype.trim() === "")) fail("sourcetype", "must be a non-empty sourcetype such as _json, or left unset");
  for (const key of ["disabled", "insecureTls"]) {
    if (news[key] !== undefined && known(key) && typeof news[key] !== "boolean") fail(key, `must be true or false; got ${JSON.stringify(news[key])}`);
  }
  const inputs = withoutUndefined({ ...news, managementUrl, name, disabled: news.disabled ?? false, insecureTls: news.insecureTls ?? false });
  return { inputs, failures };
}

/** Field → whether `news` differs from `olds` there; an unknown new value always does. */
function changedFields(olds: HecTokenOutputs, news: Record<string, unknown>, fields: (keyof HecTokenInputs)[]): string[] {
  return fields.filter((key) => {
    const next = news[key];
    // Every field but sourcetype is always set after check, so undefined there means "not known yet".
    if (isUnknown(next) || (next === undefined && key !== "sourcetype")) return true;
    if (key === "allowedIndexes") {
      const a = [...olds.allowedIndexes].sort();
      const b = [...(next as string[])].sort();
      return a.length !== b.length || a.some((v, i) => v !== b[i]);
    }
    if (key === "sourcetype") return (olds.sourcetype ?? "") !== (next ?? "");
    return olds[key] !== next;
  });
}

/**
 * HEC token management on Splunk's management port (`data/inputs/http`).
 *
 * Credentials, read inside each method from the environment: `SPLUNK_MGMT_TOKEN` (sent as
 * `Authorization: Bearer`), else `SPLUNK_MGMT_USERNAME` + `SPLUNK_MGMT_PASSWORD` (Basic).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/HTTPEventCollectortokenmanagement
 * @see https://docs.splunk.com/Documentation/Splunk/latest/RESTREF/RESTinput ("data/inputs/http")
 */
export const splunkHecTokenProvider: pulumi.dynamic.ResourceProvider<HecTokenInputs, HecTokenOutputs> = {
  async check(_olds, news) {
    const { inputs, failures } = checkInputs(news as unknown as Record<string, unknown>);
    return { inputs: inputs as unknown as HecTokenInputs, failures };
  },

  async diff(_id, olds, news) {
    // A token's name is its identity in Splunk, and another URL is another Splunk: both need a new token.
    const replaces = changedFields(olds, news as unknown as Record<string, unknown>, ["managementUrl", "name"]);
    const updates = changedFields(olds, news as unknown as Record<string, unknown>, ["defaultIndex", "allowedIndexes", "sourcetype", "disabled", "insecureTls"]);
    return { changes: replaces.length + updates.length > 0, replaces };
  },

  async create(inputs) {
    const form: Record<string, string> = { name: inputs.name, ...tokenForm(inputs) };
    if (inputs.sourcetype !== undefined) form.sourcetype = inputs.sourcetype;
    const answer = await splunkCall(inputs, "POST", collection, form, [409]);
    if (answer.status === 409) {
      throw new Error(
        `A HEC token named "${inputs.name}" already exists on ${inputs.managementUrl} (Splunk: 409 ${answer.message}): ` +
          "choose another name, or adopt the existing token instead of creating one.",
      );
    }
    const live = liveToken(answer.body, `Splunk management API POST ${inputs.managementUrl}${collection}`);
    if (!live.token) throw new Error(`Splunk created the HEC token "${inputs.name}" but its answer has no token GUID in entry[0].content.token`);
    return { id: inputs.name, outs: withoutUndefined({ ...inputs, token: live.token }) };
  },

  async read(id, props) {
    if (!props) throw new Error(`Reading HEC token "${id}" needs its managementUrl from the state; adopt an existing token instead of importing it.`);
    const answer = await splunkCall(props, "GET", tokenPath(id), undefined, [404]);
    // An empty id tells the engine the token is gone (ReadResult: "blank if missing").
    if (answer.status === 404) return {};
    const live = liveToken(answer.body, `Splunk management API GET ${props.managementUrl}${tokenPath(id)}`);
    const outs: HecTokenOutputs = {
      managementUrl: props.managementUrl,
      insecureTls: props.insecureTls,
      name: id,
      defaultIndex: live.index,
      allowedIndexes: live.indexes,
      sourcetype: live.sourcetype,
      disabled: live.disabled,
      // Splunk hides the GUID from users who may not see it; the one from create stays valid.
      token: live.token ?? props.token,
    };
    return { id, props: withoutUndefined(outs) };
  },

  async update(id, olds, news) {
    const form = tokenForm(news);
    // Sent only when it changes: an empty value is how splunkd clears it.
    if ((olds.sourcetype ?? "") !== (news.sourcetype ?? "")) form.sourcetype = news.sourcetype ?? "";
    const answer = await splunkCall(news, "POST", tokenPath(id), form, [404]);
    if (answer.status === 404) throw new Error(`The HEC token "${id}" no longer exists on ${news.managementUrl}: run \`pulumi refresh\`, then \`pulumi up\` creates a new one.`);
    const live = liveToken(answer.body, `Splunk management API POST ${news.managementUrl}${tokenPath(id)}`);
    return { outs: withoutUndefined({ ...news, name: id, token: live.token ?? olds.token }) };
  },

  async delete(id, props) {
    // 404: already gone (deleted by hand, or by an earlier attempt), which is what delete wants.
    await splunkCall(props, "DELETE", tokenPath(id), undefined, [404]);
  },
};

export interface SplunkHecTokenArgs {
  /**
   * Base URL of Splunk's management port (splunkd REST API), e.g. `https://splunk.example.com:8089`.
   * Not the HEC URL (port 8088). Changing it replaces the token (a new GUID on the new Splunk).
   */
  managementUrl: pulumi.Input<string>;
  /**
   * The token's name in Splunk (stanza `http://<name>`), unique per Splunk instance; creating a
   * second token with a taken name fails. Changing it replaces the token, so senders get a new GUID.
   */
  name: pulumi.Input<string>;
  /** Index for events that name none (`index`). Must be one of `allowedIndexes`. Changed in place. */
  defaultIndex: pulumi.Input<string>;
  /** Indexes events may name (`indexes`); must include `defaultIndex`. Changed in place. */
  allowedIndexes: pulumi.Input<pulumi.Input<string>[]>;
  /** Sourcetype for events that name none; unset leaves it to Splunk (`httpevent`). Changed in place. */
  sourcetype?: pulumi.Input<string>;
  /** Create or keep the token disabled: HEC then answers 403 code 1 "Token disabled". @default false */
  disabled?: pulumi.Input<boolean>;
  /**
   * Skip TLS verification of the management port's certificate (Splunk's default certificate is
   * self-signed). For dev only: the stack refuses it elsewhere; prefer `NODE_EXTRA_CA_CERTS`.
   * @default false
   */
  insecureTls?: pulumi.Input<boolean>;
}

/**
 * A Splunk HTTP Event Collector token, created on the management port. The GUID is a secret
 * output. Credentials come from the environment of `pulumi up`: `SPLUNK_MGMT_TOKEN`, or
 * `SPLUNK_MGMT_USERNAME` + `SPLUNK_MGMT_PASSWORD`. Splunk Cloud manages tokens through its ACS
 * API instead: adopt an existing token there.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/UsetheHTTPEventCollector
 */
export class SplunkHecToken extends DynamicResource {
  /** The token GUID senders put in `Authorization: Splunk <token>`. Secret. */
  declare readonly token: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly defaultIndex: pulumi.Output<string>;
  declare readonly allowedIndexes: pulumi.Output<string[]>;
  declare readonly sourcetype: pulumi.Output<string | undefined>;
  declare readonly disabled: pulumi.Output<boolean>;
  declare readonly managementUrl: pulumi.Output<string>;

  constructor(name: string, args: SplunkHecTokenArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      splunkHecTokenProvider,
      name,
      { ...args, token: undefined },
      // The GUID is generated by create; without this it would land in the state in clear.
      withSecretOutput(opts, "token"),
      "splunk",
      "HecToken",
    );
  }
}
