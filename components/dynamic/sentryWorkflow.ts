import * as pulumi from "@pulumi/pulumi";
import * as sentryApi from "../../vendors/sentry/sentryApi";
import * as providerChecks from "./providerChecks";
import * as checksModule from "./sentryWorkflowActionChecks";
import * as actionsModule from "./sentryWorkflowActions";
import type { ActionView, SentryWorkflowActionInputs, SentryWorkflowActionOutputs } from "./sentryWorkflowActions";
import { DynamicResource } from "./dynamicResource";

export type {
  SentryOpsgeniePriority,
  SentryPagerDutyPriority,
  SentryWorkflowOpsgenie,
  SentryWorkflowOpsgenieArgs,
  SentryWorkflowPagerDuty,
  SentryWorkflowPagerDutyArgs,
  SentryWorkflowSlackChannel,
  SentryWorkflowSlackChannelArgs,
} from "./sentryWorkflowActions";

// Bound to locals so the closure serializer copies these functions into the state; a captured
// import would be a module object it cannot copy (see vendors/sentry/sentryApi.ts).
const sentryRequest = sentryApi.sentryRequest;
const isNotFound = sentryApi.isNotFound;
const segment = sentryApi.segment;
const changedFields = providerChecks.changedFields;
const failureCollector = providerChecks.failureCollector;
const definedOnly = providerChecks.definedOnly;
const isText = providerChecks.isText;
const isHttpUrl = providerChecks.isHttpUrl;
const workflowActions = actionsModule.workflowActions;
const pickActions = actionsModule.pickActions;
const readActions = actionsModule.readActions;
const checkActions = checksModule.checkActions;
const missingChoiceHint = checksModule.missingChoiceHint;
const managedActionTypes = actionsModule.managedActionTypes;

/** Minutes between two actions for the same issue (`Workflow.config_schema`). */
export type SentryWorkflowFrequency = 0 | 5 | 10 | 30 | 60 | 180 | 720 | 1440;
/** The inputs as the provider receives them (resolved); the actions' fields are in sentryWorkflowActions.ts. */
export interface SentryWorkflowInputs extends SentryWorkflowActionInputs {
  apiUrl: string;
  organization: string;
  project: string;
  name: string;
  environment?: string;
  frequencyMinutes: SentryWorkflowFrequency;
}

export interface SentryWorkflowOutputs extends SentryWorkflowInputs {
  /** The Slack channels, `[]` when there are none. */
  slack: actionsModule.SentryWorkflowSlackChannel[];
  workflowId: string;
  /** The project's `error` detector the workflow is tied to. */
  detectorId: string;
}

const frequencies = [0, 5, 10, 30, 60, 180, 720, 1440];
/** New issues and regressed ones page; alternatives, so Sentry requires the `any-short` logic type. */
const triggerTypes = ["first_seen_event", "regression_event"];

/** The parts of Sentry's workflow serializer this provider reads. */
interface WorkflowView {
  id: string;
  name: string;
  environment: string | null;
  config?: { frequency?: number };
  detectorIds?: string[];
  triggers?: { conditions?: { id: string; type: string }[] };
  actionFilters?: { id: string; actions?: ActionView[] }[];
}

const workflowsPath = (inputs: Pick<SentryWorkflowInputs, "organization">): string => `/organizations/${segment(inputs.organization)}/workflows/`;

/** Sentry's reply made actionable for the two mistakes a stack makes most: a target Sentry does not have, an unseen environment. */
function withHint(error: unknown, doing: string, inputs?: SentryWorkflowInputs): Error {
  const message = (error as Error).message;
  let hint = "";
  if (inputs && message.includes("is not one of the available choices")) {
    hint = missingChoiceHint(message, inputs);
  } else if (message.includes("This environment has not been created")) {
    hint = " Hint: Sentry knows an environment only after an event from it arrived; send one (verify does), or leave environment unset.";
  }
  return new Error(`${doing}: ${message}${hint}`, { cause: error });
}

/** The project's `error` detector, through which a workflow (which has no project field) reaches the project. */
async function errorDetectorId(inputs: SentryWorkflowInputs): Promise<string> {
  // Sentry parses `project` as numeric ids only (a slug there is a 400); slugs go in `projectSlug`.
  const byId = /^\d+$/.test(inputs.project);
  const query = new URLSearchParams({ [byId ? "project" : "projectSlug"]: inputs.project, query: "type:error" });
  let detectors: unknown;
  try {
    detectors = (await sentryRequest({ apiUrl: inputs.apiUrl, method: "GET", path: `/organizations/${segment(inputs.organization)}/detectors/?${query}` })).body;
  } catch (error) {
    // Sentry answers 403 for a project outside the token's reach, including one that does not exist.
    const status = (error as sentryApi.SentryError).status;
    if (status !== 403 && status !== 404) throw error;
    throw withHint(error, `Looking up the error detector of Sentry project "${inputs.project}" in organization "${inputs.organization}" (is the project slug or id right, and may the token see it?)`);
  }
  const found = (Array.isArray(detectors) ? detectors : []).find((d: { type?: unknown }) => d?.type === "error") as { id: unknown } | undefined;
  if (!found) {
    throw new Error(
      `Sentry project "${inputs.project}" in organization "${inputs.organization}" has no error detector. ` +
        "Hint: Sentry with the workflow engine makes one per project; a self-hosted Sentry without workflows needs sentry.alerting: rules.",
    );
  }
  return String(found.id);
}

/**
 * The create / update body. Given the current workflow, the trigger conditions, the action filter
 * and its actions keep their ids: a PUT deletes and re-creates what it does not list by id.
 * Exported for the planned world (plannedWorld/), which creates in the Sentry mock what this provider would.
 */
export function workflowBody(inputs: SentryWorkflowInputs, detectorId: string, current?: WorkflowView): Record<string, unknown> {
  const conditionIds = new Map((current?.triggers?.conditions ?? []).map((c) => [c.type, c.id]));
  const filter = current?.actionFilters?.find((f) => f.actions?.some((a) => managedActionTypes.includes(a.type)));
  return {
    name: inputs.name,
    enabled: true,
    environment: inputs.environment ?? null,
    config: { frequency: inputs.frequencyMinutes },
    detectorIds: [detectorId],
    triggers: {
      logicType: "any-short",
      conditions: triggerTypes.map((type) => ({ ...(conditionIds.has(type) ? { id: conditionIds.get(type) } : {}), type, comparison: true, conditionResult: true })),
    },
    actionFilters: [
      {
        ...(filter ? { id: filter.id } : {}),
        logicType: "all",
        conditions: [],
        actions: workflowActions(inputs, filter?.actions),
      },
    ],
  };
}

function pickInputs(inputs: SentryWorkflowInputs): SentryWorkflowInputs & SentryWorkflowActionOutputs {
  const { apiUrl, organization, project, name, environment, frequencyMinutes } = inputs;
  return definedOnly({ apiUrl, organization, project, name, environment, frequencyMinutes, ...pickActions(inputs) });
}

/** No Slack list and an empty one declare the same (the outputs always carry the list). */
const withSlackList = (values: Record<string, unknown>): Record<string, unknown> => ({ ...values, slack: values.slack ?? [] });

/**
 * A Sentry alert on the workflow engine (`/organizations/{org}/workflows/`, the successor of the
 * deprecated project rules): tied to the project's error detector, triggered by new and regressed
 * issues; one action filter pages a PagerDuty service-table row and, when declared, alerts an
 * Opsgenie team-table row and posts to Slack channels. Token: `SENTRY_AUTH_TOKEN`, read in each method.
 */
export const sentryWorkflowProvider: pulumi.dynamic.ResourceProvider<SentryWorkflowInputs, SentryWorkflowOutputs> = {
  async check(_olds, news) {
    const input = failureCollector(news as unknown as Record<string, unknown>);
    input.expect("apiUrl", isHttpUrl, "apiUrl must be Sentry's web API base URL, e.g. https://sentry.io/api/0");
    input.expect("organization", (v) => isText(v) && !v.includes("/"), "organization must be the organisation's slug (or id)");
    input.expect("project", (v) => isText(v) && !v.includes("/"), "project must be the Sentry project's slug or id");
    input.expect("name", (v) => isText(v) && v.length <= 256, "name must be 1 to 256 characters");
    input.expect("environment", (v) => v === undefined || isText(v), "environment must be an environment name, or unset for every environment");
    input.expect("frequencyMinutes", (v) => frequencies.includes(v as number), `frequencyMinutes must be one of ${frequencies.join(", ")}`);
    checkActions(input, news as unknown as Record<string, unknown>);
    return { inputs: news, failures: input.failures };
  },

  async diff(_id, olds, news) {
    const old = withSlackList(olds as unknown as Record<string, unknown>);
    const next = withSlackList(news as unknown as Record<string, unknown>);
    // A workflow belongs to one organisation; everything else, the actions included, is a PUT.
    const replaces = changedFields(old, next, ["organization"]);
    const updates = changedFields(old, next, ["apiUrl", "project", "name", "environment", "frequencyMinutes", "pagerduty", "opsgenie", "slack"]);
    return { changes: replaces.length + updates.length > 0, replaces };
  },

  async create(inputs) {
    const detectorId = await errorDetectorId(inputs);
    let created: WorkflowView;
    try {
      created = (await sentryRequest({ apiUrl: inputs.apiUrl, method: "POST", path: workflowsPath(inputs), body: workflowBody(inputs, detectorId) })).body as WorkflowView;
    } catch (error) {
      throw withHint(error, `Creating Sentry workflow "${inputs.name}" in organization "${inputs.organization}"`, inputs);
    }
    const workflowId = String(created.id);
    return { id: workflowId, outs: { ...pickInputs(inputs), workflowId, detectorId } };
  },

  async read(id, props) {
    // The organisation and URL come from the state; Pulumi always passes it on refresh.
    if (!props) throw new Error(`Reading Sentry workflow ${id}: no state to tell its organisation and API URL.`);
    let workflow: WorkflowView;
    try {
      workflow = (await sentryRequest({ apiUrl: props.apiUrl, method: "GET", path: `${workflowsPath(props)}${segment(id)}/` })).body as WorkflowView;
    } catch (error) {
      // No id: the engine drops the resource from the state (deleted outside Pulumi).
      if (isNotFound(error)) return {};
      throw error;
    }
    const outs: SentryWorkflowOutputs = {
      apiUrl: props.apiUrl,
      organization: props.organization,
      project: props.project,
      name: workflow.name,
      environment: workflow.environment ?? undefined,
      frequencyMinutes: (workflow.config?.frequency ?? props.frequencyMinutes) as SentryWorkflowFrequency,
      ...readActions(workflow.actionFilters?.flatMap((f) => f.actions ?? []) ?? [], props),
      workflowId: String(workflow.id),
      detectorId: String(workflow.detectorIds?.[0] ?? props.detectorId),
    };
    return { id, props: definedOnly(outs) };
  },

  async update(id, _olds, news) {
    const detectorId = await errorDetectorId(news);
    const path = `${workflowsPath(news)}${segment(id)}/`;
    const doing = `Updating Sentry workflow ${id} ("${news.name}") in organization "${news.organization}"`;
    try {
      const current = (await sentryRequest({ apiUrl: news.apiUrl, method: "GET", path })).body as WorkflowView;
      await sentryRequest({ apiUrl: news.apiUrl, method: "PUT", path, body: workflowBody(news, detectorId, current) });
    } catch (error) {
      if (isNotFound(error)) {
        throw new Error(`${doing}: it no longer exists (deleted outside Pulumi). Hint: run \`pulumi refresh\`, then \`pulumi up\` creates it again.`, { cause: error });
      }
      throw withHint(error, doing, news);
    }
    return { outs: { ...pickInputs(news), workflowId: id, detectorId } };
  },

  async delete(id, props) {
    try {
      await sentryRequest({ apiUrl: props.apiUrl, method: "DELETE", path: `${workflowsPath(props)}${segment(id)}/` });
    } catch (error) {
      // Already gone is the outcome a delete wants.
      if (!isNotFound(error)) throw error;
    }
  },
};

export interface SentryWorkflowArgs {
  /**
   * Sentry's web API base: `https://sentry.io/api/0`, a region host (`https://us.sentry.io/api/0`),
   * a self-hosted Sentry's `/api/0` (it needs the workflow engine), or a mock's. Changing it updates in place.
   */
  apiUrl: pulumi.Input<string>;
  /** The organisation slug (or id). Changing it replaces the workflow. */
  organization: pulumi.Input<string>;
  /**
   * The project slug or id. The workflow reaches it through the project's `error` detector,
   * looked up on every create and update. Changing it updates in place.
   */
  project: pulumi.Input<string>;
  /** The workflow's name in Sentry (1-256 characters). */
  name: pulumi.Input<string>;
  /**
   * Only issues of this environment page. Sentry refuses an environment that has not seen an
   * event yet (400). Unset: every environment.
   */
  environment?: pulumi.Input<string>;
  /** Minutes before the same issue pages again; Sentry allows only these values. */
  frequencyMinutes: pulumi.Input<SentryWorkflowFrequency>;
  /** The PagerDuty action: which integration and service-table row, at what severity. */
  pagerduty: pulumi.Input<actionsModule.SentryWorkflowPagerDutyArgs>;
  /**
   * Also alert this Opsgenie team, from the same action filter. Unset: no Opsgenie action (one
   * declared before is removed). Opsgenie's REST API ends on 2027-04-05. Changing it updates in place.
   */
  opsgenie?: pulumi.Input<actionsModule.SentryWorkflowOpsgenieArgs>;
  /**
   * Also post to these Slack channels, one action each, from the same action filter. A channel
   * keeps its action (and id) across updates; one left out is removed. Changing it updates in place.
   * @default []
   */
  slack?: pulumi.Input<pulumi.Input<actionsModule.SentryWorkflowSlackChannelArgs>[]>;
}

/**
 * A Sentry workflow (the current alerting API) tied to a project's error detector, triggered
 * by new and regressed issues, whose one action filter pages a PagerDuty service-table row and,
 * when declared, alerts an Opsgenie team and posts to Slack channels. Reads the
 * Sentry token from the `SENTRY_AUTH_TOKEN` environment variable in every operation (never stored;
 * scope `alerts:write`). Type token: `pulumi-nodejs:dynamic/sentry:Workflow`.
 * @see https://docs.sentry.io/api/monitors/
 */
export class SentryWorkflow extends DynamicResource {
  /** Sentry's workflow id (digits). */
  declare readonly workflowId: pulumi.Output<string>;
  /** The project's error detector the workflow is tied to. */
  declare readonly detectorId: pulumi.Output<string>;
  declare readonly apiUrl: pulumi.Output<string>;
  declare readonly organization: pulumi.Output<string>;
  declare readonly project: pulumi.Output<string>;
  declare readonly name: pulumi.Output<string>;
  declare readonly environment: pulumi.Output<string | undefined>;
  declare readonly frequencyMinutes: pulumi.Output<SentryWorkflowFrequency>;
  declare readonly pagerduty: pulumi.Output<actionsModule.SentryWorkflowPagerDuty>;
  /** The Opsgenie action; undefined when there is none. */
  declare readonly opsgenie: pulumi.Output<actionsModule.SentryWorkflowOpsgenie | undefined>;
  /** The Slack channels, `[]` when there are none; `channelId` only where one was declared. */
  declare readonly slack: pulumi.Output<actionsModule.SentryWorkflowSlackChannel[]>;

  constructor(name: string, args: SentryWorkflowArgs, opts?: pulumi.CustomResourceOptions) {
    // The outputs are listed as undefined so the resource has them.
    super(sentryWorkflowProvider, name, { ...args, workflowId: undefined, detectorId: undefined }, opts, "sentry", "Workflow");
  }
}
