import type { Deadline } from "../deadline";
import { diagnose } from "../diagnose";
import type { HttpClient } from "../http/httpClient";
import { HttpStatusError } from "../http/httpErrors";
import type { ProbeMode } from "../mode";
import type { PollPace } from "../poll";
import { type Probe, ProbeFailure, type ProbeVerdict } from "../probe";
import { sendLabels, testAlertKey } from "./markedEvent";
import { type Responder, checkResponder, readResponders, readTeamId } from "./opsgenie/checkResponder";
import { type ClosedAlert, type CreateRequest, closeTestAlert } from "./opsgenie/closeTestAlert";
import { type OpsgenieApi, requestIdOf, waitForRequest } from "./opsgenie/requestStatus";

/** How often to read a request's status and the alert: Opsgenie processes within a second or so, the mock on the second read. */
export const opsgeniePace: Record<ProbeMode, PollPace> = { real: { firstMs: 100, maxMs: 500 }, mock: { firstMs: 10, maxMs: 100 } };

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
 * `operator-wiring-verify-<run id>` (its dedup key: Opsgenie counts a repeat of an open alert up,
 * so a resent create is harmless),
 * tagged with the run id and, when OPSGENIE_TEAM is set, with that team as responder, then waits
 * until Opsgenie has processed the request (creation is asynchronous: 202, then the request
 * status). A processed-but-failed request is reported with Opsgenie's own status text. Once the
 * create is processed the probe closes the alert by alias and reads it back until it shows
 * `closed` (V5); with OPSGENIE_TEAM set, that read back must have the team among its responders:
 * a team integration's key overwrites them with its owner team (the team's id, which Get Alert
 * names responders by, is read while the alert is being created). PASS once the alert was
 * created (for the team) and closed. The clean-up, registered first, closes the alert when the
 * probe did not get to (a failure on the way, or the deadline), after the create has been
 * processed, on the clean-up's whole budget.
 *
 * Refusals are synchronous statuses diagnose() words: 422 team not found (V7), 401 a key of
 * the other region, 403 code 40301 an account key, any other 403 a valid key that lacks an
 * access the request needs.
 * @see https://docs.opsgenie.com/docs/alert-api#create-alert
 */
export const opsgenieProbe: Probe<"opsgenie"> = async (ctx) => {
  const { team } = ctx.inputs;
  const alias = testAlertKey(ctx.runId);
  const api: OpsgenieApi = {
    base: ctx.inputs.apiUrl.replace(/\/+$/, ""),
    headers: { authorization: `GenieKey ${ctx.inputs.apiKey}` },
    pace: opsgeniePace[ctx.mode],
    waits: ctx.waits,
  };
  // A create Opsgenie refused outright (4xx) made nothing; then there is nothing to close.
  let refused = false;
  // Set once the probe itself has seen the alert closed: then the clean-up has nothing left to do.
  let closed: ClosedAlert | undefined;
  const create: CreateRequest = {};

  ctx.cleanup("close test alert", async (http: HttpClient, deadline: Deadline) => {
    if (!refused && !closed) await closeTestAlert(http, api, alias, deadline, create);
  });

  // Read beside the create; never rejects, and is awaited on every way out, so its request line
  // is logged and counted before the probe's result.
  const teamRead = team ? readTeamId(ctx.http, api, team).then((teamId) => ({ teamId }), (error: unknown) => ({ error })) : undefined;
  try {
    return await steps();
  } finally {
    await teamRead;
  }

  async function steps(): Promise<ProbeVerdict> {
    const label = sendLabels.opsgenie;
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
        resendSafe: "the alias",
      });
      create.requestId = requestIdOf(reply, label);
    } catch (error) {
      if (error instanceof HttpStatusError && error.status >= 400 && error.status < 500) {
        refused = true;
        throw explainRefusal(error, ctx.mode);
      }
      throw error;
    }

    const outcome = await waitForRequest(ctx.http, api, create.requestId, "create", ctx.deadline);
    create.outcome = outcome;
    if (!outcome.isSuccess) {
      const teamProblem = /team/i.test(outcome.status) && /not found|does not exist/i.test(outcome.status);
      throw new ProbeFailure(
        `Opsgenie accepted the test alert (202) but did not create it: ${outcome.status}`,
        teamProblem
          ? teamNotFound(ctx.mode, label, outcome.status)
          : "Opsgenie refused the alert while processing it: check that the API integration is enabled and may create alerts, and the status text above.",
      );
    }
    const created = `test alert ${outcome.alertId ?? "(no id shown)"} created (alias ${alias}`;
    // The close now rather than after the verdict: its read back shows the responders as well.
    let responders: Responder[] | undefined;
    try {
      closed = await closeTestAlert(ctx.http, api, alias, ctx.deadline, create);
      if (!closed.gone) responders = closed.responders;
    } catch (error) {
      // Not closed within the steps' time: the clean-up closes it on its own budget.
      if (!(error instanceof ProbeFailure)) throw error;
    }
    if (!team || !teamRead) return { status: "PASS", summary: `${created}), then closed by the clean-up` };
    const read = await teamRead;
    if ("error" in read) throw read.error;
    if (!responders && !outcome.alertId) return { status: "HOLD", summary: `${created}), then closed by the clean-up; whether team "${team}" is its responder is unverified: Opsgenie named no alert id` };
    responders ??= await readResponders(ctx.http, api, outcome.alertId!);
    const check = await checkResponder(ctx.http, api, responders, team, read.teamId);
    if (!check.reached) return { status: "HOLD", summary: `${created}), then closed by the clean-up; whether team "${team}" is its responder is unverified: ${check.unverified}` };
    return { status: "PASS", summary: `${created}, responder team "${team}" read back), then closed by the clean-up` };
  }
};
