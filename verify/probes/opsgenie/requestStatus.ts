import type { Deadline } from "../../deadline";
import type { HttpClient, HttpResponse } from "../../http/httpClient";
import { type PollPace, poll } from "../../poll";
import { ProbeFailure } from "../../probe";
import type { Waits } from "../../waits";

/** Where and as whom the probe talks to Opsgenie, and how it waits for Opsgenie's processing. */
export interface OpsgenieApi {
  /** Base URL without a trailing slash. */
  base: string;
  headers: Record<string, string>;
  /** How often to read a request's status or the alert: quick against the mock, slower against Opsgenie. */
  pace: PollPace;
  waits: Waits;
}

/** What `GET /v2/alerts/requests/{id}` shows once Opsgenie has processed a request. */
export interface RequestOutcome {
  isSuccess: boolean;
  status: string;
  alertId?: string;
  alias?: string;
}

function parsed(reply: HttpResponse): Record<string, unknown> | undefined {
  try {
    const body: unknown = reply.json();
    return body !== null && typeof body === "object" ? (body as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

function unexpected(label: string, reply: HttpResponse, expected: string): ProbeFailure {
  return new ProbeFailure(
    `${label}: expected ${expected}, got ${reply.status} ${reply.text.trim().slice(0, 120) || "(empty body)"}`,
    "Something other than the Opsgenie API answered: check OPSGENIE_REGION (api.opsgenie.com, EU api.eu.opsgenie.com), OPSGENIE_API_URL and any proxy in between.",
  );
}

/** The request id of Opsgenie's 202 `{"result":"Request will be processed","requestId":…}`. */
export function requestIdOf(reply: HttpResponse, label: string): string {
  const requestId = parsed(reply)?.requestId;
  if (reply.status === 202 && typeof requestId === "string" && requestId !== "") return requestId;
  throw unexpected(label, reply, '202 {"result":"Request will be processed","requestId":…}');
}

/** Opsgenie's `message` of an error body, if it has one. */
export function messageOf(body: string): string | undefined {
  try {
    const message = (JSON.parse(body) as { message?: unknown }).message;
    return typeof message === "string" ? message : undefined;
  } catch {
    return undefined;
  }
}

/**
 * One read of a request's status: its outcome once Opsgenie has processed it, undefined while it
 * has not (404 with `X-Opsgenie-Errortype: RequestNotProcessed`, an expected answer here). 5xx
 * and 429 are retried by the client.
 * @see https://docs.opsgenie.com/docs/alert-api#get-request-status
 */
export async function readRequest(http: HttpClient, api: OpsgenieApi, requestId: string, label: string): Promise<RequestOutcome | undefined> {
  const reply = await http.send({
    label,
    method: "GET",
    url: `${api.base}/v2/alerts/requests/${encodeURIComponent(requestId)}`,
    headers: api.headers,
    ok: (status) => status === 200 || status === 404,
  });
  if (reply.status === 404) return undefined;
  const data = parsed(reply)?.data as Record<string, unknown> | undefined;
  if (typeof data?.isSuccess !== "boolean") throw unexpected(label, reply, '200 {"data":{"isSuccess":…,"status":…}}');
  const text = (key: string) => (typeof data[key] === "string" && data[key] !== "" ? (data[key] as string) : undefined);
  return { isSuccess: data.isSuccess, status: text("status") ?? "(no status text)", alertId: text("alertId"), alias: text("alias") };
}

/** The failure when a request stays unprocessed. */
export function notProcessed(what: string): ProbeFailure {
  return new ProbeFailure(
    `Opsgenie accepted the ${what} request (202) but had not processed it in time`,
    "Opsgenie is slow to process alert requests: check status.opsgenie.com and retry, or give verify a longer --timeout.",
  );
}

/** How much of `within` to keep for the last request after looking. */
export const lastRequestMs = (within: Deadline): number => Math.min(1_000, within.ms * 0.1);

/**
 * Reads a request's status until Opsgenie has processed it, giving up before `within` runs out,
 * so a slow queue is reported as such, not as a timeout.
 */
export async function waitForRequest(http: HttpClient, api: OpsgenieApi, requestId: string, what: string, within: Deadline): Promise<RequestOutcome> {
  const label = `check ${what} request`;
  const read = await poll(() => readRequest(http, api, requestId, label), {
    pace: api.pace,
    budgetMs: within.remaining() - lastRequestMs(within),
    signal: within.signal,
    waits: api.waits,
  });
  if (read.found) return read.found;
  throw notProcessed(what);
}
