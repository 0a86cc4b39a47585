import * as pulumi from "@pulumi/pulumi";

/*
 * Everything the provider methods use lives in this file and uses only globals (`fetch`,
 * `process.env`, `Buffer`) or a `require()` inside the method: Pulumi serializes the provider
 * with its closure into the state, and a top-level import cannot be serialized (integrations.md,
 * "Pulumi notes"). `pulumi` below is used by the Resource class only.
 */

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
// The collection integrations.md gives for token management (management port, 8089 by default).
const collection = "/servicesNS/admin/splunk_httpinput/data/inputs/http";
const timeoutMs = 30_000;

function isUnknown(value: unknown): boolean {
  return value === unknownValue || (Array.isArray(value) && value.includes(unknownValue));
}

/** Splunk's management credential, from the environment of `pulumi up` (never from the state). */
function credential(): { header: string; source: string } {
  const token = process.env.SPLUNK_MGMT_TOKEN?.trim();
  if (token) return { header: `Bearer ${token}`, source: "SPLUNK_MGMT_TOKEN" };
  const username = process.env.SPLUNK_MGMT_USERNAME?.trim();
  const password = process.env.SPLUNK_MGMT_PASSWORD;
  if (username && password) return { header: `Basic ${Buffer.from(`${username}:${password}`).toString("base64")}`, source: "SPLUNK_MGMT_USERNAME/SPLUNK_MGMT_PASSWORD" };
  const partly = username ? " (SPLUNK_MGMT_USERNAME is set, SPLUNK_MGMT_PASSWORD is not)" : password ? " (SPLUNK_MGMT_PASSWORD is set, SPLUNK_MGMT_USERNAME is not)" : "";
  throw new Error(
    `Splunk management credentials are missing${partly}: set SPLUNK_MGMT_TOKEN to a Splunk authentication token ` +
      "(Splunk Web → Settings → Tokens), or SPLUNK_MGMT_USERNAME and SPLUNK_MGMT_PASSWORD, for a user with the " +
      "edit_token_http capability. They are read from the environment of `pulumi up`, never stored in the state.",
  );
}

/** splunkd's error text from `{"messages":[{"type","text"}]}`, else the start of the body. */
function splunkMessage(text: string): string {
  try {
    const messages = (JSON.parse(text) as { messages?: { text?: string }[] }).messages;
    if (Array.isArray(messages) && messages.length > 0) return messages.map((m) => m.text ?? "").join("; ");
  } catch {
    // Not JSON (an XML answer, a proxy's page): the start of the body says enough.
  }
  return text.trim().slice(0, 200) || "(empty body)";
}

/** Whether a body is splunkd's own error form, so that a 404 means "no such token", not "no such API". */
function isSplunkError(text: string): boolean {
  try {
    return Array.isArray((JSON.parse(text) as { messages?: unknown }).messages);
  } catch {
    return false;
  }
}

const certificateErrors = ["DEPTH_ZERO_SELF_SIGNED_CERT", "SELF_SIGNED_CERT_IN_CHAIN", "UNABLE_TO_VERIFY_LEAF_SIGNATURE", "UNABLE_TO_GET_ISSUER_CERT_LOCALLY", "CERT_HAS_EXPIRED", "ERR_TLS_CERT_ALTNAME_INVALID"];

type Target = Pick<HecTokenInputs, "managementUrl" | "insecureTls">;

type Answer = { status: number; text: string; retryAfter: string | null; location: string | null };

/**
 * A redirect is refused, not followed: it would carry the management credential to the host
 * its Location names, and splunkd's REST API does not redirect.
 */
function refuseRedirect(answer: Answer, url: string, what: string): void {
  if (answer.status < 300 || answer.status > 399) return;
  const location = answer.location;
  let target = "a redirect without a Location";
  try {
    if (location) target = `a redirect to ${new URL(location, url).href}`;
  } catch {
    target = "a redirect to an unreadable Location";
  }
  throw new Error(`${what}: something other than Splunk answered: ${target} (not followed, so the credential was not sent there). Hint: check managementUrl and any proxy in between.`);
}

/** One HTTP exchange, a redirect refused; connection failures become Errors that say what to check. */
async function send(target: Target, url: string, init: { method: string; headers: Record<string, string>; body?: string }, what: string): Promise<Answer> {
  const signal = AbortSignal.timeout(timeoutMs);
  const answer = await exchange(target, url, init, what, signal);
  refuseRedirect(answer, url, what);
  return answer;
}

async function exchange(target: Target, url: string, init: { method: string; headers: Record<string, string>; body?: string }, what: string, signal: AbortSignal): Promise<Answer> {
  try {
    if (!target.insecureTls) {
      const response = await fetch(url, { ...init, signal, redirect: "manual" });
      return { status: response.status, text: await response.text(), retryAfter: response.headers.get("retry-after"), location: response.headers.get("location") };
    }
    // Splunk's management port ships with a self-signed certificate. undici's own fetch takes
    // a dispatcher that skips verification; the stack allows this in dev only.
    const undici = require("undici") as typeof import("undici");
    const agent = new undici.Agent({ connect: { rejectUnauthorized: false } });
    try {
      const response = await undici.fetch(url, { ...init, signal, dispatcher: agent, redirect: "manual" });
      return { status: response.status, text: await response.text(), retryAfter: response.headers.get("retry-after"), location: response.headers.get("location") };
    } finally {
      await agent.close();
    }
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause;
    if ((error as Error).name === "TimeoutError") throw new Error(`${what}: no answer within ${timeoutMs / 1000} s`, { cause: error });
    const hint = certificateErrors.includes(cause?.code ?? "")
      ? " Hint: the management port uses a certificate Node does not trust (self-signed is Splunk's default): install a trusted one, point NODE_EXTRA_CA_CERTS at its CA, or in dev set insecureTls."
      : "";
    throw new Error(`${what}: could not connect (${cause?.code ?? cause?.message ?? (error as Error).message}).${hint}`, { cause: error });
  }
}

/**
 * One management API call with `output_mode=json`: the status and parsed body. Throws on a
 * status other than 2xx and the `tolerated` ones, with splunkd's message. A 429 (a proxy or
 * Splunk Cloud in front of splunkd) is retried twice after its Retry-After, at most 10 s each.
 */
async function splunkCall(target: Target, method: "GET" | "POST" | "DELETE", path: string, form?: Record<string, string>, tolerated: number[] = []): Promise<{ status: number; body: unknown; message: string }> {
  const auth = credential();
  const url = `${target.managementUrl}${path}?output_mode=json`;
  const headers: Record<string, string> = { authorization: auth.header, accept: "application/json" };
  if (form) headers["content-type"] = "application/x-www-form-urlencoded";
  const init = { method, headers, body: form ? new URLSearchParams(form).toString() : undefined };
  const what = `Splunk management API ${method} ${target.managementUrl}${path}`;
  let answer = await send(target, url, init, what);
  for (let retry = 0; answer.status === 429 && retry < 2; retry++) {
    const seconds = Math.min(Math.max(Number(answer.retryAfter) || 1, 0), 10);
    await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
    answer = await send(target, url, init, what);
  }
  const { status, text } = answer;
  if (tolerated.includes(status) && (status !== 404 || isSplunkError(text))) return { status, body: undefined, message: splunkMessage(text) };
  if (status < 200 || status > 299) {
    const hint =
      status === 401
        ? ` Hint: Splunk refused the credential from ${auth.source}.`
        : status === 403
          ? ` Hint: the user behind ${auth.source} needs the edit_token_http capability.`
          : status === 404
            ? " Hint: is managementUrl the management port (8089), not the HEC port (8088)?"
            : "";
    throw new Error(`${what}: ${status} ${splunkMessage(text)}.${hint}`);
  }
  try {
    return { status, body: JSON.parse(text), message: "" };
  } catch {
    // The body is not quoted: a feed in another format would carry the token GUID.
    throw new Error(`${what}: ${status} with a body that is not JSON. Hint: is managementUrl the management port (8089)?`);
  }
}

/** The token as Splunk reports it, from a feed's `entry[0].content`. */
function liveToken(body: unknown, what: string): { token?: string; index: string; indexes: string[]; sourcetype?: string; disabled: boolean } {
  const content = (body as { entry?: { content?: Record<string, unknown> }[] } | undefined)?.entry?.[0]?.content;
  if (typeof content !== "object" || content === null) throw new Error(`${what}: the answer has no entry[0].content`);
  const indexes: unknown = content.indexes;
  const list = Array.isArray(indexes) ? indexes : typeof indexes === "string" ? indexes.split(",") : [];
  // splunkd renders booleans as true/false or "0"/"1" depending on the field and version.
  const disabled = content.disabled === true || ["1", "true"].includes(String(content.disabled).toLowerCase());
  // A token shown masked or not at all (a user without the capability to see it) is "hidden".
  const token = typeof content.token === "string" && /^[0-9A-Fa-f-]{36}$/.test(content.token) ? content.token : undefined;
  return {
    token,
    index: String(content.index ?? ""),
    indexes: list.map((i) => String(i).trim()).filter(Boolean),
    sourcetype: typeof content.sourcetype === "string" && content.sourcetype !== "" ? content.sourcetype : undefined,
    disabled,
  };
}

function tokenPath(name: string): string {
  return `${collection}/${encodeURIComponent(name)}`;
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
export class SplunkHecToken extends pulumi.dynamic.Resource {
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
      { ...opts, additionalSecretOutputs: [...(opts?.additionalSecretOutputs ?? []), "token"] },
      "splunk",
      "HecToken",
    );
  }
}
