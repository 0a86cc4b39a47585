import { Deadline } from "../../deadline";
import type { HttpClient } from "../../http/httpClient";
import { HttpStatusError } from "../../http/httpErrors";
import { poll } from "../../poll";
import { ProbeFailure } from "../../probe";
import type { Responder } from "./checkResponder";
import { type OpsgenieApi, type RequestOutcome, lastRequestMs, messageOf, notProcessed, readRequest, requestIdOf, waitForRequest } from "./requestStatus";

/** Opsgenie's words for an identifier that names no alert (in a request status or a 404 body). */
const noSuchAlert = /does not exist/i;

const stillOpen = (alias: string) =>
  `The test alert is still open: close it by hand in Opsgenie (alias ${alias}), and check that the API integration may close alerts (write access, not restricted to create).`;

/** What the probe knows of its create request when the clean-up starts. */
export interface CreateRequest {
  /** Set once Opsgenie answered 202. */
  requestId?: string;
  /** Set once the request status was read. */
  outcome?: RequestOutcome;
}

/** The test alert as Get Alert showed it closed, or `gone` when Opsgenie has no such alert (nothing is open). */
export type ClosedAlert = { gone: false; responders: Responder[] } | { gone: true };

/**
 * The clean-up (V5): closes the test alert by alias and reads it back until Opsgenie shows it
 * `closed`, all within `within`. The read back is the proof the clean-up needs, and it shows the
 * alert's responders too; the close request's status is read only when the alert does not close
 * in time, to say why. Opsgenie promises no order: a close processed before a create still
 * pending finds no alert, and the create then opens one. So a create accepted but not seen
 * processed is waited for first (on half the budget); if it is still pending, the close is sent
 * anyway, and "no such alert" is then a failure, not a clean slate. An alert that was never
 * created (refused, or its create failed) is nothing to clean: Opsgenie accepts the close, and
 * Get Alert answers 404.
 * @see https://docs.opsgenie.com/docs/alert-api#close-alert
 * @see https://docs.opsgenie.com/docs/alert-api#get-alert
 */
export async function closeTestAlert(http: HttpClient, api: OpsgenieApi, alias: string, within: Deadline, create: CreateRequest): Promise<ClosedAlert> {
  const path = `${api.base}/v2/alerts/${encodeURIComponent(alias)}`;
  let createPending = false;
  if (!create.outcome && create.requestId) {
    const half = new Deadline(within.remaining() / 2, within.signal);
    try {
      create.outcome = await waitForRequest(http, api, create.requestId, "create", half);
    } catch (error) {
      if (!(error instanceof ProbeFailure)) throw error;
      createPending = true;
    } finally {
      half.dispose();
    }
  }

  let requestId: string;
  try {
    const reply = await http.send({
      label: "close test alert",
      method: "POST",
      url: `${path}/close?identifierType=alias`,
      headers: api.headers,
      json: { source: "operator-wiring-verify", note: "verify clean-up" },
      resendSafe: "closing a closed alert changes nothing",
    });
    requestId = requestIdOf(reply, "close test alert");
  } catch (error) {
    // Should Opsgenie ever refuse the close of an unknown alias outright, that too means nothing is open.
    if (!createPending && error instanceof HttpStatusError && error.status === 404 && noSuchAlert.test(messageOf(error.body) ?? "")) return { gone: true };
    throw error;
  }

  let shown: unknown;
  const read = await poll(
    async (): Promise<ClosedAlert | undefined> => {
      const reply = await http.send({ label: "check test alert closed", method: "GET", url: `${path}?identifierType=alias`, headers: api.headers, ok: (status) => status === 200 || status === 404 });
      // 404: the alert is gone altogether, so nothing is open; unless a create still pending may yet open it.
      if (reply.status === 404) return createPending ? undefined : { gone: true };
      let alert: { status?: unknown; responders?: Responder[] } | undefined;
      try {
        alert = reply.json<{ data?: { status?: unknown; responders?: Responder[] } }>().data;
      } catch {
        alert = undefined;
      }
      shown = alert?.status;
      return shown === "closed" ? { gone: false, responders: alert?.responders ?? [] } : undefined;
    },
    { pace: api.pace, budgetMs: within.remaining() - lastRequestMs(within), signal: within.signal, waits: api.waits },
  );
  if (read.found) return read.found;

  // Not closed in time: the close request's status says why.
  const outcome = await readRequest(http, api, requestId, "check close request");
  if (!outcome) throw notProcessed("close");
  if (!outcome.isSuccess) {
    if (noSuchAlert.test(outcome.status) && !createPending) return { gone: true };
    if (noSuchAlert.test(outcome.status)) {
      throw new ProbeFailure(`Opsgenie had no alert to close, but had not processed the create yet: the create may still open it (alias ${alias})`, stillOpen(alias));
    }
    throw new ProbeFailure(`Opsgenie did not close the test alert: ${outcome.status}`, stillOpen(alias));
  }
  throw new ProbeFailure(`Opsgenie processed the close, but the test alert is ${typeof shown === "string" ? shown : "not shown as closed"}`, stillOpen(alias));
}
