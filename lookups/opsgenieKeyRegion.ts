import { projectName } from "../config/projectKeys";
import { opsgenieStatus } from "../vendors/opsgenie/opsgenieApi";
import { StackConfigError } from "../config/stackConfigError";
import type { StackSettings } from "../config/stackSettings";

type Region = "us" | "eu";
export type OpsgenieHosts = Record<Region, string>;


/**
 * Confirms, before anything is declared, that the account key the Opsgenie resources will use
 * works on the stack's region host. Opsgenie answers a key of the other region with a plain 401,
 * which would otherwise surface mid-`pulumi up` as "Could not authenticate".
 */
export type OpsgenieKeyCheck = (stack: string, opsgenie: NonNullable<StackSettings["opsgenie"]>, accountKey: string) => Promise<void>;

/**
 * The check over HTTP, against the settings' two Opsgenie hosts (the mock in a rehearsal
 * stack), or against `fixedHosts` (tests standing two mocks in for the two regions).
 */
export function opsgenieKeyRegionOverHttp(fixedHosts?: OpsgenieHosts): OpsgenieKeyCheck {
  return async (stack, opsgenie, accountKey) => {
    const hosts = fixedHosts ?? opsgenie.hosts;
    const region = opsgenie.region;
    const other: Region = region === "us" ? "eu" : "us";
    const regionKey = `${projectName}:opsgenieRegion`;
    const unreachable = (host: string, error: Error) =>
      new StackConfigError(stack, [
        { key: regionKey, problem: `is "${region}", but ${host} could not be reached to check $OPSGENIE_ACCOUNT_API_KEY (${error.message}).`, hint: "check that Opsgenie is reachable from where Pulumi runs, then run pulumi preview again." },
      ]);
    const here = await opsgenieStatus(hosts[region], accountKey);
    if (here instanceof Error) throw unreachable(hosts[region], here);
    if (here === 403) {
      throw new StackConfigError(stack, [
        { key: "$OPSGENIE_ACCOUNT_API_KEY", problem: `may not read teams on ${hosts[region]} (403): it is not an account key with configuration access.`, hint: "create one in Opsgenie → Settings → API key management, ticking Read and Configuration access; a team's API integration key cannot create teams." },
      ]);
    }
    if (here !== 401) return;
    // Refused here: a key of the other region, or no valid key at all.
    const there = await opsgenieStatus(hosts[other], accountKey);
    if (there instanceof Error) throw unreachable(hosts[other], there);
    if (there === 200) {
      throw new StackConfigError(stack, [
        {
          key: regionKey,
          problem: `is "${region}", but $OPSGENIE_ACCOUNT_API_KEY belongs to an account on ${hosts[other]}: ${hosts[region]} refused it (401).`,
          hint: `set it to "${other}" (pulumi config set ${regionKey} ${other} -s ${stack}), or use a key of the ${region.toUpperCase()} account.`,
        },
      ]);
    }
    throw new StackConfigError(stack, [
      { key: "$OPSGENIE_ACCOUNT_API_KEY", problem: `was refused by ${hosts[region]} (401) and is not a key of the ${other.toUpperCase()} host either.`, hint: "the key is wrong, revoked or disabled: create an account API key with configuration access (Opsgenie → Settings → API key management) and export it again." },
    ]);
  };
}

/** The offline plan's answer: nothing to ask, so the key is assumed to match (the plan says so). */
export const offlineOpsgenieKeyRegion: OpsgenieKeyCheck = async () => undefined;

export const offlineOpsgenieAssumption =
  "Opsgenie was not asked (offline): pulumi preview checks that $OPSGENIE_ACCOUNT_API_KEY works on the opsgenieRegion host.";
