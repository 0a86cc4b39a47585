import * as pulumi from "@pulumi/pulumi";
import type { OpsgenieApiUrl } from "./opsgenieTeam";
import * as opsgenieApi from "../../vendors/opsgenie/opsgenieApi";
import { DynamicResource, withSecretOutput } from "./dynamicResource";

// Bound to locals so the closure serializer copies these functions into the state; a captured
// import would be a module object it cannot copy (see vendors/opsgenie/opsgenieApi.ts).
const unknownValue = opsgenieApi.unknownValue;
const isUnknown = opsgenieApi.isUnknown;
const vendorMessage = opsgenieApi.vendorMessage;
const checkApiUrl = opsgenieApi.checkApiUrl;
const opsgenieRequest = opsgenieApi.opsgenieRequest;

/** One call to the Opsgenie REST API with the account key (see vendors/opsgenie/opsgenieApi.ts); a missing key is reported as unable to create integrations. */
const opsgenie = (apiUrl: string, method: string, path: string, body?: unknown, tolerated?: number[]) =>
  opsgenieRequest("integrations", apiUrl, method, path, body, tolerated);

/** The inputs as the provider sees them, after `check`. */
export interface OpsgenieApiIntegrationInputs {
  apiUrl: string;
  name: string;
  teamId: string;
  enabled: boolean;
}

/** What the state holds: the inputs plus what Opsgenie assigned. */
export interface OpsgenieApiIntegrationOutputs extends OpsgenieApiIntegrationInputs {
  integrationId: string;
  /** The integration's API key. Secret (additionalSecretOutputs). */
  apiKey: string;
}

const integrationPath = (id: string) => `/v2/integrations/${encodeURIComponent(id)}`;

/**
 * The key's access, sent on create and on every update (Update Integration resets what it is not
 * given). Write access: Datadog, Sentry and verify create alerts with the key; a read-only key
 * still passes Sentry's check of a team-table row (it lists alerts) and then has every alert
 * refused. No configuration access: the key is pasted into Sentry and Datadog and must not
 * configure the account. Opsgenie has no read flag: reading alerts is open to every enabled key.
 * @see https://docs.opsgenie.com/docs/api-access-management
 */
const keyAccess = { allowWriteAccess: true, allowConfigurationAccess: false };

/** Enables or disables the integration: Opsgenie has a call for each. */
async function setEnabled(apiUrl: string, id: string, enabled: boolean): Promise<void> {
  await opsgenie(apiUrl, "POST", `${integrationPath(id)}/${enabled ? "enable" : "disable"}`);
}

/** The Opsgenie API integration provider. Credential: `OPSGENIE_ACCOUNT_API_KEY`, read inside every method. */
export const opsgenieApiIntegrationProvider: pulumi.dynamic.ResourceProvider<OpsgenieApiIntegrationInputs, OpsgenieApiIntegrationOutputs> = {
  async check(_olds, news) {
    const inputs = { ...news } as Record<string, unknown>;
    const failures: pulumi.dynamic.CheckFailure[] = [];
    if (inputs.apiUrl !== unknownValue) {
      const checked = checkApiUrl(inputs.apiUrl);
      if ("url" in checked) inputs.apiUrl = checked.url;
      else failures.push({ property: "apiUrl", reason: checked.reason });
    }
    if (inputs.name !== unknownValue) {
      const name = typeof inputs.name === "string" ? inputs.name.trim() : "";
      if (name === "") failures.push({ property: "name", reason: "name must not be empty: Opsgenie shows it in the team's integration list." });
      else inputs.name = name;
    }
    // The team is usually created in the same `pulumi up`, so its id is unknown during preview.
    if (inputs.teamId !== unknownValue && (typeof inputs.teamId !== "string" || inputs.teamId.trim() === "")) {
      failures.push({ property: "teamId", reason: "teamId must be the id of the Opsgenie team that owns the integration (OpsgenieTeam.teamId)." });
    }
    if (inputs.enabled === undefined) inputs.enabled = true;
    else if (inputs.enabled !== unknownValue && typeof inputs.enabled !== "boolean") failures.push({ property: "enabled", reason: "enabled must be true or false." });
    return { inputs: inputs as unknown as OpsgenieApiIntegrationInputs, failures };
  },

  async diff(_id, olds, news) {
    const differs = (value: unknown, old: unknown) => isUnknown(value) || value !== old;
    // Another host or another owner team means another integration, and so a new key.
    const replaces = [differs(news.apiUrl, olds.apiUrl) && "apiUrl", differs(news.teamId, olds.teamId) && "teamId"].filter((f): f is string => f !== false);
    const renamed = differs(news.name, olds.name);
    // Unset means enabled (check fills it in).
    const toggled = (news.enabled as unknown) === unknownValue || (news.enabled ?? true) !== olds.enabled;
    return { changes: replaces.length > 0 || renamed || toggled, replaces };
  },

  async create(inputs) {
    const { apiUrl, name, teamId, enabled } = inputs;
    const created = await opsgenie(apiUrl, "POST", "/v2/integrations", { name, type: "API", ownerTeam: { id: teamId }, enabled, ...keyAccess }, [409]);
    if (created.status === 409) {
      throw new Error(
        `Opsgenie integration "${name}" already exists at ${apiUrl} (409: ${vendorMessage(created.body)}). ` +
          "Hint: integration names are unique in the account; include the stack and owner team in the name, or delete the old integration " +
          "in Opsgenie (in prod, one an earlier replacement retained, once nothing sends with its key).",
      );
    }
    const data = created.body.data ?? {};
    const integrationId = String(data.id);
    try {
      // The key is shown only in this reply: without it the integration is of no use to the stack.
      if (typeof data.apiKey !== "string") throw new Error(`Opsgenie created integration "${name}" (${integrationId}) at ${apiUrl} but its reply had no apiKey.`);
      // Whether Opsgenie honours `enabled` on create is unconfirmed (the Terraform provider enables
      // explicitly afterwards), so the state asked for is set when the reply shows another.
      if (data.enabled !== enabled) await setEnabled(apiUrl, integrationId, enabled);
      return { id: integrationId, outs: { apiUrl, name, teamId, enabled, integrationId, apiKey: data.apiKey } };
    } catch (error) {
      // create must leave nothing behind when it fails.
      await opsgenie(apiUrl, "DELETE", integrationPath(integrationId), undefined, [404]).catch(() => undefined);
      throw error;
    }
  },

  async read(id, props) {
    const old = props as OpsgenieApiIntegrationOutputs;
    const found = await opsgenie(old.apiUrl, "GET", integrationPath(id), undefined, [404]);
    // A blank id tells the engine the integration is gone (ReadResult: "blank if missing").
    if (found.status === 404) return { id: "" };
    const data = found.body.data ?? {};
    const owner = data.ownerTeam as { id?: string } | undefined;
    return {
      id,
      props: {
        ...old,
        name: typeof data.name === "string" ? data.name : old.name,
        enabled: typeof data.enabled === "boolean" ? data.enabled : old.enabled,
        teamId: owner?.id ?? old.teamId,
        integrationId: id,
        // Get Integration does not return the key (the mock leaves it out): keep the one from create.
        apiKey: typeof data.apiKey === "string" ? data.apiKey : old.apiKey,
      },
    };
  },

  async update(id, olds, news) {
    const enabled = news.enabled ?? true;
    if (news.name !== olds.name) {
      // Update Integration replaces every field; what the body leaves out goes back to its default.
      await opsgenie(olds.apiUrl, "PUT", integrationPath(id), { name: news.name, type: "API", ownerTeam: { id: olds.teamId }, enabled, ...keyAccess });
    }
    if (enabled !== olds.enabled) await setEnabled(olds.apiUrl, id, enabled);
    return { outs: { ...olds, name: news.name, enabled } };
  },

  async delete(id, props) {
    // 404: already gone — deleting the owner team takes its integrations with it.
    await opsgenie(props.apiUrl, "DELETE", integrationPath(id), undefined, [404]);
  },
};

export interface OpsgenieApiIntegrationArgs {
  /**
   * The Opsgenie API host of the account's region: `https://api.opsgenie.com` (US) or
   * `https://api.eu.opsgenie.com` (EU); `http://<host>:<port>` for a mock. Use the team's.
   * Changing it replaces the integration (a new key).
   * @see https://docs.opsgenie.com/docs/api-overview
   */
  apiUrl: pulumi.Input<OpsgenieApiUrl>;
  /**
   * The integration's name, unique in the account: include the stack and service so stacks
   * sharing an account never clash (409). Changed in place.
   */
  name: pulumi.Input<string>;
  /**
   * The id of the team that owns the integration (`OpsgenieTeam.teamId`): alerts sent with its
   * key go to that team. Changing it replaces the integration, and so its key.
   */
  teamId: pulumi.Input<string>;
  /**
   * A disabled integration's key gets 401 on every call, so alerts sent with it are lost.
   * Changed in place (Opsgenie's enable / disable calls).
   * @default true
   */
  enabled?: pulumi.Input<boolean>;
}

/**
 * An Opsgenie API integration owned by a team (P7). Its `apiKey` is what Datadog's Opsgenie
 * service object and verify send alerts with; it is a secret output, shown by Opsgenie only
 * in the create reply and kept from the state on refresh.
 *
 * Credential: `OPSGENIE_ACCOUNT_API_KEY`, an account API key with configuration access
 * (Settings → API key management), read from the environment of `pulumi up`, never stored.
 * Type token `pulumi-nodejs:dynamic/opsgenie:ApiIntegration`.
 *
 * End of life: Atlassian stopped selling Opsgenie on 2025-06-04, and support and the REST API
 * end on 2027-04-05 (migration to Jira Service Management / Compass; docs/integrations.md).
 * After that date every call of this provider fails.
 * @see https://docs.opsgenie.com/docs/integration-api
 */
export class OpsgenieApiIntegration extends DynamicResource {
  declare readonly integrationId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** The key alerts are sent with. Secret. */
  declare readonly apiKey: pulumi.Output<string>;

  constructor(name: string, args: OpsgenieApiIntegrationArgs, opts?: pulumi.CustomResourceOptions) {
    super(
      opsgenieApiIntegrationProvider,
      name,
      { integrationId: undefined, apiKey: undefined, ...args },
      // The key is new in create's outputs: returning pulumi.secret there fails, this marks it instead.
      withSecretOutput(opts, "apiKey"),
      "opsgenie",
      "ApiIntegration",
    );
  }
}
