import { Deadline } from "../../deadline";
import type { HttpClient } from "../../http/httpClient";
import { HttpStatusError } from "../../http/httpErrors";
import { ProbeFailure } from "../../probe";
import { type OpsgenieApi, type RequestOutcome, messageOf, requestIdOf, waitForRequest } from "./requestStatus";

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

/**
 * The clean-up (V5): closes the test alert by alias, waits until Opsgenie has processed the
 * close, then reads the alert back and insists on `closed`, all within the clean-up's own
 * deadline (`within`). Opsgenie promises no order: a close processed before a create still
 * pending finds no alert, and the create then opens one. So a create accepted but not seen
 * processed is waited for first (on half the budget); if it is still pending, the close is sent
 * anyway, and "no such alert" is then a failure, not a clean slate. An alert that was never
 * created (refused, or its create failed) is nothing to clean: Opsgenie accepts the close and its
 * request fails with "Alert does not exist".
 * @see https://docs.opsgenie.com/docs/alert-api#close-alert
 */
export async function closeTestAlert(http: HttpClient, api: OpsgenieApi, alias: string, within: Deadline, create: CreateRequest): Promise<void> {
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
    if (!createPending && error instanceof HttpStatusError && error.status === 404 && noSuchAlert.test(messageOf(error.body) ?? "")) return;
    throw error;
  }

  const outcome = await waitForRequest(http, api, requestId, "close", within);
  if (!outcome.isSuccess) {
    if (noSuchAlert.test(outcome.status) && !createPending) return;
    if (noSuchAlert.test(outcome.status)) {
      throw new ProbeFailure(`Opsgenie had no alert to close, but had not processed the create yet: the create may still open it (alias ${alias})`, stillOpen(alias));
    }
    throw new ProbeFailure(`Opsgenie did not close the test alert: ${outcome.status}`, stillOpen(alias));
  }

  const read = await http.send({
    label: "check test alert closed",
    method: "GET",
    url: `${path}?identifierType=alias`,
    headers: api.headers,
    ok: (status) => status === 200 || status === 404,
  });
  // 404: the alert is gone altogether, so nothing is open either.
  if (read.status === 404) return;
  let status: unknown;
  try {
    status = read.json<{ data?: { status?: unknown } }>().data?.status;
  } catch {
    status = undefined;
  }
  if (status !== "closed") {
    throw new ProbeFailure(`Opsgenie processed the close, but the test alert is ${typeof status === "string" ? status : "not shown as closed"}`, stillOpen(alias));
  }
}
