import * as pulumi from "@pulumi/pulumi";
import * as opsgenieApi from "../../vendors/opsgenie/opsgenieApi";
import { DynamicResource } from "./dynamicResource";

// Bound to locals so the closure serializer copies these functions into the state; a captured
// import would be a module object it cannot copy (see vendors/opsgenie/opsgenieApi.ts).
const unknownValue = opsgenieApi.unknownValue;
const isUnknown = opsgenieApi.isUnknown;
const vendorMessage = opsgenieApi.vendorMessage;
const checkApiUrl = opsgenieApi.checkApiUrl;
const opsgenieRequest = opsgenieApi.opsgenieRequest;

/** One call to the Opsgenie REST API with the account key (see vendors/opsgenie/opsgenieApi.ts); a missing key is reported as unable to create teams. */
const opsgenie = (apiUrl: string, method: string, path: string, body?: unknown, tolerated?: number[]) =>
  opsgenieRequest("teams", apiUrl, method, path, body, tolerated);

/** Opsgenie's two API hosts (US and EU), or `http://…` for a mock endpoint. */
export type OpsgenieApiUrl = "https://api.opsgenie.com" | "https://api.eu.opsgenie.com" | `http://${string}`;

/** The inputs as the provider sees them, after `check`. */
export interface OpsgenieTeamInputs {
  apiUrl: string;
  name: string;
  description: string;
  adopt: boolean;
}

/** What the state holds: the inputs plus what Opsgenie assigned. */
export interface OpsgenieTeamOutputs extends OpsgenieTeamInputs {
  teamId: string;
  /** False for an adopted team: deleting the resource leaves the team in Opsgenie. */
  owned: boolean;
}

const teamPath = (id: string) => `/v2/teams/${encodeURIComponent(id)}?identifierType=id`;

/** The Opsgenie team provider. Credential: `OPSGENIE_ACCOUNT_API_KEY`, read inside every method. */
export const opsgenieTeamProvider: pulumi.dynamic.ResourceProvider<OpsgenieTeamInputs, OpsgenieTeamOutputs> = {
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
      // "name: Name of the team, 100 chars" (Create Team). @see https://docs.opsgenie.com/docs/team-api
      if (name === "" || [...name].length > 100) failures.push({ property: "name", reason: "name must be 1 to 100 characters (Opsgenie's limit for a team name)." });
      else inputs.name = name;
    }
    if (inputs.adopt !== unknownValue && typeof inputs.adopt !== "boolean") {
      failures.push({ property: "adopt", reason: "adopt must be true (use the existing team, never delete it) or false (create the team and own it)." });
    }
    if (inputs.description === undefined) inputs.description = "";
    else if (inputs.description !== unknownValue && typeof inputs.description !== "string") failures.push({ property: "description", reason: "description must be a string." });
    else if (inputs.adopt === true && inputs.description !== "" && inputs.description !== unknownValue) {
      failures.push({ property: "description", reason: "description only applies to a team this stack creates; an adopted team is left as it is. Hint: remove description or set adopt: false." });
    }
    return { inputs: inputs as unknown as OpsgenieTeamInputs, failures };
  },

  async diff(_id, olds, news) {
    const differs = (value: unknown, old: unknown) => isUnknown(value) || value !== old;
    const replaces: string[] = [];
    if (differs(news.apiUrl, olds.apiUrl)) replaces.push("apiUrl");
    // An owned team is renamed and re-described in place (Update Team): a replacement would make a
    // second team under a name Opsgenie keeps unique per account, and in prod (retainOnDelete)
    // keep the old one forever. An adopted team is found by name: another name is another team.
    const staysOwned = olds.owned && news.adopt === false;
    if (!staysOwned && differs(news.name, olds.name)) replaces.push("name");
    const adoptChanged = differs(news.adopt, olds.adopt);
    // Owned → adopted is done in place (the stack lets go of the team): a replacement would adopt
    // the team by name and then delete it as the old, owned resource.
    if (adoptChanged && !(olds.owned && news.adopt === true)) replaces.push("adopt");
    const renamed = staysOwned && differs(news.name, olds.name);
    // Unset means "" (check fills it in); an adopted team's description is not the stack's.
    const redescribed = staysOwned && (news.description === unknownValue || (news.description ?? "") !== olds.description);
    return { changes: replaces.length > 0 || adoptChanged || renamed || redescribed, replaces };
  },

  async create(inputs) {
    const { apiUrl, name, description, adopt } = inputs;
    if (adopt) {
      const found = await opsgenie(apiUrl, "GET", `/v2/teams/${encodeURIComponent(name)}?identifierType=name`, undefined, [404]);
      if (found.status === 404) {
        throw new Error(`Opsgenie team "${name}" was not found at ${apiUrl} (adopt: true looks it up by name). Hint: create it in Opsgenie, or set adopt: false to have the stack create and own it.`);
      }
      const teamId = String(found.body.data?.id);
      return { id: teamId, outs: { apiUrl, name, description, adopt, teamId, owned: false } };
    }
    const created = await opsgenie(apiUrl, "POST", "/v2/teams", { name, description }, [409]);
    if (created.status === 409) {
      throw new Error(
        `Opsgenie team "${name}" already exists at ${apiUrl} (409: ${vendorMessage(created.body)}). ` +
          "Hint: set adopt: true to use the existing team without the stack owning it, or choose another name.",
      );
    }
    const teamId = String(created.body.data?.id);
    return { id: teamId, outs: { apiUrl, name, description, adopt, teamId, owned: true } };
  },

  async read(id, props) {
    const old = props as OpsgenieTeamOutputs;
    const found = await opsgenie(old.apiUrl, "GET", teamPath(id), undefined, [404]);
    // A blank id tells the engine the team is gone (ReadResult: "blank if missing").
    if (found.status === 404) return { id: "" };
    const data = found.body.data ?? {};
    const name = typeof data.name === "string" ? data.name : old.name;
    // An adopted team's description is not the stack's to track.
    const description = old.owned && typeof data.description === "string" ? data.description : old.description;
    return { id, props: { ...old, name, description, teamId: id } };
  },

  async update(id, olds, news) {
    // diff sends everything else to replace: letting go of an owned team, and renaming or
    // re-describing one the stack keeps owning, are done in place.
    if (olds.owned && news.adopt === true) return { outs: { ...olds, adopt: true, description: news.description ?? "", owned: false } };
    if (!olds.owned || news.adopt !== false) {
      throw new Error(`OpsgenieTeam "${olds.name}" cannot change in place from adopt: ${olds.adopt} to adopt: ${news.adopt}; it must be replaced.`);
    }
    const description = news.description ?? "";
    const changed = { ...(news.name === olds.name ? {} : { name: news.name }), ...(description === olds.description ? {} : { description }) };
    const updated = await opsgenie(olds.apiUrl, "PATCH", teamPath(id), changed, [409]);
    if (updated.status === 409) {
      throw new Error(
        `Opsgenie team "${olds.name}" cannot be renamed to "${news.name}" at ${olds.apiUrl} (409: ${vendorMessage(updated.body)}). ` +
          "Hint: team names are unique in the account; choose another name, or remove the other team in Opsgenie.",
      );
    }
    return { outs: { ...olds, name: news.name, description } };
  },

  async delete(id, props) {
    // An adopted team belongs to someone else: the stack never deletes it.
    if (!props.owned) return;
    // 404: already gone, which is what delete wants.
    await opsgenie(props.apiUrl, "DELETE", teamPath(id), undefined, [404]);
  },
};

export interface OpsgenieTeamArgs {
  /**
   * The Opsgenie API host of the account's region: `https://api.opsgenie.com` (US) or
   * `https://api.eu.opsgenie.com` (EU); `http://<host>:<port>` for a mock. A key of the other
   * region gets 401. Changing it replaces the team (it is another account).
   * @see https://docs.opsgenie.com/docs/api-overview
   */
  apiUrl: pulumi.Input<OpsgenieApiUrl>;
  /**
   * The team name, unique in the account, at most 100 characters. With `adopt: true` the
   * team looked up; otherwise the team created. Changing it renames an owned team in place
   * (Update Team; its id, members and integrations stay) and replaces an adopted one (another
   * team is adopted).
   * @see https://docs.opsgenie.com/docs/team-api
   */
  name: pulumi.Input<string>;
  /**
   * Shown in Opsgenie for a team this stack creates. Not allowed with `adopt: true`. Changed
   * in place (Update Team).
   * @default ""
   */
  description?: pulumi.Input<string>;
  /**
   * `true`: look the team up by name and use it without owning it — deleting the resource
   * leaves the team in Opsgenie. `false`: create the team and own it; if the name is taken,
   * creation fails with a hint to adopt it. Switching `false` → `true` lets go of the team in
   * place; `true` → `false` replaces the resource and so fails while the team exists.
   */
  adopt: pulumi.Input<boolean>;
}

/**
 * An Opsgenie team, created and owned by the stack or adopted by name (P7).
 *
 * Credential: `OPSGENIE_ACCOUNT_API_KEY`, an account API key with configuration access
 * (Settings → API key management), read from the environment of `pulumi up`, never stored.
 * The team's API integration key that verify uses (`OPSGENIE_API_KEY`) cannot create teams.
 * Type token `pulumi-nodejs:dynamic/opsgenie:Team`.
 * @see https://docs.opsgenie.com/docs/team-api
 */
export class OpsgenieTeam extends DynamicResource {
  /** Opsgenie's id of the team: what integrations and responders refer to. */
  declare readonly teamId: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  /** False when adopted: a destroy leaves the team in Opsgenie. */
  declare readonly owned: pulumi.Output<boolean>;

  constructor(name: string, args: OpsgenieTeamArgs, opts?: pulumi.CustomResourceOptions) {
    super(opsgenieTeamProvider, name, { teamId: undefined, owned: undefined, ...args }, opts, "opsgenie", "Team");
  }
}
