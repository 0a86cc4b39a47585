import type { Deadline } from "../../deadline";
import type { HttpClient } from "../../http/httpClient";
import { HttpStatusError } from "../../http/httpErrors";
import { ProbeFailure } from "../../probe";
import { type OpsgenieApi, messageOf, requestIdOf, waitForRequest } from "./requestStatus";

/** Opsgenie's words for an identifier that names no alert (in a request status or a 404 body). */
const noSuchAlert = /does not exist/i;

const stillOpen = (alias: string) =>
  `The test alert is still open: close it by hand in Opsgenie (alias ${alias}), and check that the API integration may close alerts (write access, not restricted to create).`;

/**
 * The clean-up (V5): closes the test alert by alias, waits until Opsgenie has processed the
 * close, then reads the alert back and insists on `closed`. An alert that was never created
 * (the create failed or was refused) is nothing to clean: Opsgenie accepts the close and its
 * request then fails with "Alert does not exist".
 * @see https://docs.opsgenie.com/docs/alert-api#close-alert
 */
export async function closeTestAlert(http: HttpClient, api: OpsgenieApi, alias: string, within: Deadline): Promise<void> {
  const path = `${api.base}/v2/alerts/${encodeURIComponent(alias)}`;
  let requestId: string;
  try {
    const reply = await http.send({
      label: "close test alert",
      method: "POST",
      url: `${path}/close?identifierType=alias`,
      headers: api.headers,
      json: { source: "operator-wiring-verify", note: "verify clean-up" },
    });
    requestId = requestIdOf(reply, "close test alert");
  } catch (error) {
    // Should Opsgenie ever refuse the close of an unknown alias outright, that too means nothing is open.
    if (error instanceof HttpStatusError && error.status === 404 && noSuchAlert.test(messageOf(error.body) ?? "")) return;
    throw error;
  }

  const outcome = await waitForRequest(http, api, requestId, "close", within);
  if (!outcome.isSuccess) {
    if (noSuchAlert.test(outcome.status)) return;
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
