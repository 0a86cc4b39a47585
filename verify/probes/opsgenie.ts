import { Deadline } from "../deadline";
import { diagnose } from "../diagnose";
import { HttpStatusError } from "../http/httpErrors";
import type { ProbeMode } from "../mode";
import { type Probe, ProbeFailure } from "../probe";
import { closeTestAlert } from "./opsgenie/closeTestAlert";
import { type OpsgenieApi, requestIdOf, waitForRequest } from "./opsgenie/requestStatus";

/**
 * How long the clean-up may wait for Opsgenie to process the close. Its own deadline
 * (runProbe) is at least a quarter of the whole budget, a third of the steps'
 * (`ctx.deadline.ms`); a quarter of the steps' keeps the last read inside it.
 */
function cleanupWaitMs(stepsMs: number): number {
  return Math.min(4_000, stepsMs / 4);
}

/** diagnose()'s wording of Opsgenie's 422 "team not found" (checklist §4), for the same fact seen elsewhere. */
function teamNotFound(mode: ProbeMode, label: string, body: string): string | undefined {
  return diagnose("opsgenie", mode, new HttpStatusError(label, 422, body, new Headers()));
}

/** A 422 names the field it refuses; only a responders (team) error is the checklist's "team not found". */
function explainRefusal(error: HttpStatusError, mode: ProbeMode): unknown {
  if (error.status !== 422) return error;
  let body: { message?: unknown; errors?: unknown } = {};
  try {
    body = JSON.parse(error.body) as typeof body;
  } catch {
    // Not JSON: say what the status says.
  }
  const errors = body.errors !== null && typeof body.errors === "object" ? Object.entries(body.errors as Record<string, unknown>) : [];
  const message = typeof body.message === "string" ? body.message : "";
  const detail = errors.length > 0 ? errors.map(([field, why]) => `${field}: ${String(why)}`).join("; ") : message;
  if (errors.some(([field]) => field.startsWith("responders")) || /team/i.test(message)) {
    return new ProbeFailure(`${error.label}: HTTP 422 ${detail}`, teamNotFound(mode, error.label, error.body));
  }
  return new ProbeFailure(
    `${error.label}: HTTP 422 ${detail || "(no details)"}`,
    'Opsgenie refused the test alert, not for its team: if it says "Key format is not valid!", OPSGENIE_API_KEY is not an Opsgenie API key (a UUID from Teams → <team> → Integrations → API); otherwise report the field it names.',
  );
}

/**
 * Opsgenie (requirement V3: a test alert, then closed). Creates a P5 alert with the alias
 * `operator-wiring-verify-<run id>` (its dedup key), tagged with the run id and, when
 * OPSGENIE_TEAM is set, with that team as responder, then waits until Opsgenie has
 * processed the request (creation is asynchronous: 202, then the request status). PASS once
 * the status says the alert was created; a processed-but-failed request is reported with
 * Opsgenie's own status text. The clean-up (registered first) closes the alert by alias and
 * reads it back closed (V5).
 *
 * Refusals are synchronous statuses diagnose() words: 422 team not found (V7), 401 a key of
 * the other region, 403 an account key instead of an API-integration key.
 * @see https://docs.opsgenie.com/docs/alert-api#create-alert
 */
export const opsgenieProbe: Probe<"opsgenie"> = async (ctx) => {
  const { team } = ctx.inputs;
  const alias = `operator-wiring-verify-${ctx.runId}`;
  const api: OpsgenieApi = {
    base: ctx.inputs.apiUrl.replace(/\/+$/, ""),
    headers: { authorization: `GenieKey ${ctx.inputs.apiKey}` },
    pollMs: ctx.mode === "mock" ? 100 : 500,
  };
  // A create Opsgenie refused outright (4xx) made nothing; then there is nothing to close.
  let refused = false;

  ctx.cleanup("close test alert", async (http) => {
    if (refused) return;
    const within = new Deadline(cleanupWaitMs(ctx.deadline.ms));
    try {
      await closeTestAlert(http, api, alias, within);
    } finally {
      within.dispose();
    }
  });

  const label = "create test alert";
  let requestId: string;
  try {
    const reply = await ctx.http.send({
      label,
      method: "POST",
      url: `${api.base}/v2/alerts`,
      headers: api.headers,
      json: {
        message: `operator-wiring verify ${ctx.runId}: test alert, closes itself`,
        alias,
        description: `Sent by the operator-wiring verify program (run ${ctx.runId}) to prove alerts reach Opsgenie; the same run closes it. Safe to ignore.`,
        tags: ["operator-wiring", "verify", ctx.runId],
        priority: "P5",
        source: "operator-wiring-verify",
        responders: team ? [{ type: "team", name: team }] : undefined,
      },
    });
    requestId = requestIdOf(reply, label);
  } catch (error) {
    if (error instanceof HttpStatusError && error.status >= 400 && error.status < 500) {
      refused = true;
      throw explainRefusal(error, ctx.mode);
    }
    throw error;
  }

  const outcome = await waitForRequest(ctx.http, api, requestId, "create", ctx.deadline);
  if (!outcome.isSuccess) {
    const teamProblem = /team/i.test(outcome.status) && /not found|does not exist/i.test(outcome.status);
    throw new ProbeFailure(
      `Opsgenie accepted the test alert (202) but did not create it: ${outcome.status}`,
      teamProblem
        ? teamNotFound(ctx.mode, label, outcome.status)
        : "Opsgenie refused the alert while processing it: check that the API integration is enabled and may create alerts, and the status text above.",
    );
  }
  const responder = team ? `, responder team "${team}"` : "";
  return { status: "PASS", summary: `test alert ${outcome.alertId ?? "(no id shown)"} created (alias ${alias}${responder}), then closed by the clean-up` };
};
