import { randomUUID } from "node:crypto";
import { HttpStatusError } from "../http/httpErrors";
import { type Probe, ProbeFailure } from "../probe";
import { sendLabels } from "./markedEvent";
import { waitForIndexing } from "./splunk/waitForIndexing";
import { searchedIndex } from "./splunk/countRunEvents";
import { waitForSearch } from "./splunk/waitForSearch";

/** A HEC reply: every HEC answer is `{"text": …, "code": n}`, with `ackId` when the token acknowledges. */
interface HecReply {
  text?: unknown;
  code?: unknown;
  ackId?: unknown;
}

function hecReply(body: string): HecReply | undefined {
  try {
    const parsed: unknown = JSON.parse(body);
    return parsed !== null && typeof parsed === "object" ? (parsed as HecReply) : undefined;
  } catch {
    return undefined;
  }
}

/** HEC code 18 (503): only the health endpoint's reply tells this apart from a busy server. */
const unhealthyCode = 18;
const unhealthyDiagnosis =
  "Splunk HEC: HEC unhealthy, queues full (503 code 18). The indexers are down or not keeping up: ask the Splunk admins to check indexer health and queue fill, and retry once /services/collector/health answers code 17.";

/** Rethrows a code-18 refusal as a failure that says so; anything else unchanged. */
function unhealthy(error: unknown): unknown {
  if (error instanceof HttpStatusError && hecReply(error.body)?.code === unhealthyCode) {
    return new ProbeFailure(`${error.label}: HTTP ${error.status} HEC is unhealthy, queues are full`, unhealthyDiagnosis);
  }
  return error;
}

/** HEC refused the request outright (server busy, queues full): nothing was taken, so a resend is harmless. */
const refusedByHec = (status: number, body: string): boolean => status === 503 && [9, unhealthyCode].includes(hecReply(body)?.code as number);

/**
 * Splunk (requirement V3: a test event in the configured HEC index). Asks HEC's health
 * endpoint first (it needs no token, and tells "queues full" apart from a bad token), then
 * sends one event, tagged `verify: true` and the run id, to `/services/collector/event` on a
 * data channel of its own (`X-Splunk-Request-Channel`, which a token with indexer
 * acknowledgment requires: without it HEC answers 400 code 10).
 *
 * HEC's 200 `{"text":"Success","code":0}` means received, not indexed. With indexer
 * acknowledgment on, the answer carries an `ackId`, and the probe asks the ack endpoint until
 * the indexers have written it: PASS. A token without acknowledgment (Splunk's default, and the
 * stack's) gives no ackId: with a search credential (SPLUNK_SEARCH_URL, SPLUNK_SEARCH_TOKEN) the
 * probe searches the index for the run's event until it is found: PASS; without one it has
 * nothing to confirm indexing with: HOLD, saying so. Events cannot be deleted through HEC, hence
 * no clean-up.
 * Refusals (`{"text","code"}` with 400/401/403) are worded by diagnose() from the code.
 *
 * The event has no idempotency key: it is resent only when HEC refused it outright (503 code 9
 * or 18, 429), never after a 500 or a dropped connection.
 *
 * TLS: SPLUNK_HEC_INSECURE is honoured by the runner, which passes runProbe an https.Agent
 * that skips certificate verification (dev only); ctx.http uses it, so the
 * probe itself does nothing about it.
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/TroubleshootHTTPEventCollector ("Possible error codes")
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/AboutHECIDXAck
 */
export const splunkProbe: Probe<"splunk"> = async (ctx) => {
  const { token, index } = ctx.inputs;
  const base = ctx.inputs.hecUrl.replace(/\/+$/, "");
  const headers = { authorization: `Splunk ${token}`, "x-splunk-request-channel": randomUUID() };
  const into = `index ${index ?? "(the token's default)"}`;

  let ackId: unknown;
  try {
    // 404: a HEC without the health endpoint (older than Splunk 6.6); the event below still tells.
    await ctx.http.send({
      label: "check HEC health",
      method: "GET",
      url: `${base}/services/collector/health`,
      ok: (status) => (status >= 200 && status < 300) || status === 404,
    });

    const response = await ctx.http.send({
      label: sendLabels.splunk,
      method: "POST",
      url: `${base}/services/collector/event`,
      headers,
      json: {
        event: { message: `operator-wiring verify ${ctx.runId}`, run_id: ctx.runId, verify: true },
        sourcetype: "operator-wiring:verify",
        source: "operator-wiring",
        ...(index ? { index } : {}),
      },
      refused: refusedByHec,
    });
    const reply = hecReply(response.text);
    if (response.status !== 200 || reply?.code !== 0 || reply.text !== "Success") {
      throw new ProbeFailure(
        `${sendLabels.splunk}: expected 200 {"text":"Success","code":0}, got ${response.status} ${response.text.trim().slice(0, 80) || "(empty body)"}`,
        "Something other than Splunk HEC answered (a proxy or load balancer in front of it?): check that SPLUNK_HEC_URL points at the HEC port (often :8088).",
      );
    }
    ackId = reply.ackId;
  } catch (error) {
    throw unhealthy(error);
  }
  if (typeof ackId !== "number") {
    const search = ctx.inputs.search;
    if (!search) {
      return {
        status: "HOLD",
        summary: `event received for ${into} (200 Success, code 0), indexing unconfirmed: the token has indexer acknowledgment off; set SPLUNK_SEARCH_URL and SPLUNK_SEARCH_TOKEN for verify to find the event by search, or turn acknowledgment on (useACK)`,
      };
    }
    // The token's default index is not known here: a search needs one.
    const searched = searchedIndex(index);
    const found = await waitForSearch(ctx, search, searched);
    if (found.found) return { status: "PASS", summary: `event indexed into index ${searched} (200 Success, code 0; found by search, run_id=${ctx.runId})` };
    return {
      status: "HOLD",
      summary: `event received for ${into} (200 Success, code 0), but a search of index ${searched} had not found it after ${Math.round(found.waitedMs / 1000)} s: the indexers may be slow or have lost it, or the token writes to another index (set SPLUNK_HEC_INDEX); search for run_id=${ctx.runId}`,
    };
  }
  const indexing = await waitForIndexing(ctx, base, headers, ackId);
  if (indexing.indexed) return { status: "PASS", summary: `event indexed into ${into} (200 Success, code 0; indexer acknowledgment ${ackId} true)` };
  return {
    status: "HOLD",
    summary: `event received for ${into} (200 Success, code 0), but the indexers had not acknowledged it (ackId ${ackId}) after ${Math.round(indexing.waitedMs / 1000)} s: they may be slow, or lost it before indexing; search for run_id=${ctx.runId}`,
  };
};
