import { readFileSync, readdirSync } from "node:fs";
import * as path from "node:path";
import { parse } from "yaml";
import { projectName } from "../config/projectKeys";
import { StackConfigError } from "../config/stackConfigError";
import { type DatadogError, datadogPaths, datadogRequest } from "../vendors/datadog/datadogApi";
import type { StackSettings } from "../config/stackSettings";

/**
 * A stack that maps its services in Datadog without owning the org's PagerDuty tile depends on
 * the stack that does: Datadog refuses a PagerDuty service object until the tile is installed
 * ("Pagerduty Integration not found", DataDog/terraform-provider-datadog#237). Asked at preview,
 * before anything is declared, so that on a fresh Datadog org the first stack deployed (dev, in
 * deploy.yml) stops naming the owner and the fix instead of failing mid-update.
 */
export type DatadogTileCheck = (stack: string, datadog: StackSettings["datadog"]) => Promise<void>;

const ownerKey = `${projectName}:manageDatadogPagerdutyIntegration`;

/** The committed stacks (`Pulumi.<stack>.yaml` beside Pulumi.yaml) that own the tile. */
export function committedTileOwners(projectDir = process.cwd()): string[] {
  return readdirSync(projectDir)
    .map((file) => /^Pulumi\.(.+)\.ya?ml$/.exec(file)?.[1])
    .filter((stack): stack is string => stack !== undefined)
    .filter((stack) => {
      const doc = parse(readFileSync(path.join(projectDir, `Pulumi.${stack}.yaml`), "utf8")) as { config?: Record<string, unknown> } | null;
      return doc?.config?.[ownerKey] === true;
    })
    .sort();
}

/**
 * The status of the tile read (`GET /api/v1/integration/pagerduty`, what the Terraform provider
 * reads), or the failure to get one (no answer, a redirect, an answer that is not Datadog's).
 */
async function tileStatus(datadog: StackSettings["datadog"]): Promise<number | Error> {
  const keys = { apiUrl: datadog.apiUrl, apiKey: datadog.apiKey.reveal(), appKey: datadog.appKey.reveal() };
  try {
    return (await datadogRequest(keys, { method: "GET", path: datadogPaths.pagerdutyTile, tolerated: [404] })).status;
  } catch (error) {
    const status = (error as DatadogError).status;
    return status !== undefined && (status < 300 || status >= 400) ? status : (error as Error);
  }
}

/** The check over HTTP, against the stack's Datadog site (or, in tests, the mock standing for it). */
export function datadogPagerdutyTileOverHttp(owners: () => string[] = committedTileOwners): DatadogTileCheck {
  return async (stack, datadog) => {
    const status = await tileStatus(datadog);
    if (status === 200) return;
    if (status instanceof Error) {
      throw new StackConfigError(stack, [
        { key: `${projectName}:datadogSite`, problem: `is "${datadog.site}", but ${datadog.apiUrl} could not be reached to check the org's PagerDuty tile (${status.message}).`, hint: "check that Datadog is reachable from where Pulumi runs, then run pulumi preview again." },
      ]);
    }
    if (status !== 404) {
      throw new StackConfigError(stack, [
        { key: "datadog:appKey", problem: `could not read the org's PagerDuty tile on ${datadog.apiUrl} (${status}).`, hint: `check the Datadog API and application keys and that ${projectName}:datadogSite names their site; the application key needs the integrations read scope.` },
      ]);
    }
    const owner = owners().filter((s) => s !== stack);
    const who = owner.length > 0 ? `stack ${owner.map((s) => `"${s}"`).join(" or ")} (${ownerKey}: true)` : `the stack that sets ${ownerKey} true`;
    throw new StackConfigError(stack, [
      {
        key: ownerKey,
        problem:
          `is false, and the Datadog org on ${datadog.site} has no PagerDuty tile yet (Datadog answered 404): this stack's PagerDuty ` +
          `service objects need it, and Datadog refuses them until it is installed. The tile belongs to ${who}.`,
        hint:
          `deploy ${owner.length === 1 ? `"${owner[0]}"` : "that stack"} first (pulumi up -s ${owner.length === 1 ? owner[0] : "<owner>"}; on a fresh Datadog org ` +
          "the deploy workflow's dev → staging → prod order needs this once, see docs/ci.md), or install the PagerDuty tile in Datadog " +
          "(Integrations → PagerDuty); then run pulumi preview again.",
      },
    ]);
  };
}

/** The offline plan's answer: nothing to ask, so the tile is assumed installed (the plan says so). */
export const offlineDatadogPagerdutyTile: DatadogTileCheck = async () => undefined;

export const offlineDatadogTileAssumption =
  "Datadog was not asked (offline): pulumi preview checks that the org's PagerDuty tile, which another stack owns, is installed.";
