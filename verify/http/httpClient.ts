import type { Agent } from "node:http";
import pRetry, { AbortError } from "p-retry";
import type { Deadline } from "../deadline";
import { type Waits, realWaits } from "../waits";
import { redirectTarget } from "../../vendors/redirectTarget";
import { type ResponseHeaders, exchange } from "./exchange";
import { DeadlineExceeded, HttpStatusError, Interrupted, NetworkError, NotTheVendor, networkCode } from "./httpErrors";
import { mayResendAfter, mayResendAfterNetworkError, resendNote } from "./resendPolicy";

export interface HttpRequest {
  /** What the request is for, in words, for the log line: "trigger test incident". */
  label: string;
  method: "GET" | "POST" | "PUT" | "PATCH" | "DELETE";
  url: string;
  headers?: Record<string, string>;
  /** Sent as JSON with `Content-Type: application/json`. */
  json?: unknown;
  body?: string;
  /** Which statuses are success. @default any 2xx */
  ok?: (status: number) => boolean;
  /** Retry network errors, 5xx and 429 (as far as resendPolicy allows). @default true */
  retry?: boolean;
  /**
   * For a POST: what makes a second copy harmless ("the dedup key"), so it is resent after a 5xx or
   * a dropped connection like a read. Unset, a POST is sent at most once (see resendPolicy.ts).
   */
  resendSafe?: string;
  /** Answers that mean the vendor refused the request outright (HEC's 503 "server busy"), so a resend is harmless. */
  refused?: (status: number, body: string) => boolean;
}

export interface HttpResponse {
  status: number;
  headers: ResponseHeaders;
  text: string;
  /** The body as JSON; a body that is not JSON throws NotTheVendor (every vendor API verify calls answers JSON there). */
  json<T = unknown>(): T;
}

export interface HttpClientOptions {
  integration: string;
  deadline: Deadline;
  /** Where the one line per request goes (redacted by the caller's output). */
  log: (line: string) => void;
  /** Where remarks that are not requests go (waiting for Retry-After). @default log */
  note?: (line: string) => void;
  /** An https.Agent that skips TLS verification, for a dev Splunk's self-signed certificate. */
  agent?: Agent;
  /** Back-off and Retry-After pauses. @default realWaits */
  waits?: Waits;
  /** @default 4 */
  maxAttempts?: number;
}

const maxShownBody = 160;

/**
 * How long the vendor asks us to wait, in ms: `Retry-After` (seconds or an HTTP date), else
 * Datadog's `X-RateLimit-Reset` (seconds until the window resets; Datadog sends no Retry-After).
 */
export function retryAfterMs(headers: ResponseHeaders): number | undefined {
  const reset = headers.get("x-ratelimit-reset");
  const value = headers.get("retry-after") ?? (reset && /^\d+$/.test(reset.trim()) ? reset : null);
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - Date.now());
}

function shown(text: string): string {
  const flat = text.replace(/\s+/g, " ").trim();
  return flat.length > maxShownBody ? `${flat.slice(0, maxShownBody)}…` : flat || "(empty body)";
}

/**
 * The one HTTP layer of verify (house style 7): base URLs and credentials come in with each
 * request, every attempt is logged on one line (what was sent, what came back, how long, and for
 * a write whether it may be resent), network errors, 5xx and 429 are retried with exponential
 * back-off (honouring `Retry-After`) where resendPolicy allows it, and nothing outlives the
 * probe's deadline.
 *
 * Redirects are never followed: the credential rides in a header (DD-API-KEY), the body
 * (routing_key), the query (sentry_key) or the path (a Slack webhook), and a redirect would
 * carry it to the host the Location names. No vendor endpoint verify calls redirects, so any
 * 3xx is NotTheVendor, naming the Location, and is not retried.
 */
export class HttpClient {
  constructor(private readonly options: HttpClientOptions) {}

  async send(request: HttpRequest): Promise<HttpResponse> {
    const { deadline } = this.options;
    const isOk = request.ok ?? ((s: number) => s >= 200 && s < 300);
    const maxAttempts = this.options.maxAttempts ?? 4;
    const note = this.options.note ?? this.options.log;
    const waits = this.options.waits ?? realWaits;
    let sends = 0;
    const attempt = async (): Promise<HttpResponse> => {
      for (;;) {
        sends += 1;
        const response = await this.#once(request);
        if (response.status >= 300 && response.status < 400) {
          throw new AbortError(new NotTheVendor(request.label, redirectTarget(response.headers.get("location"), request.url)));
        }
        if (isOk(response.status)) return response;
        const error = new HttpStatusError(request.label, response.status, response.text, response.headers);
        if (request.retry === false || !mayResendAfter(request, response.status, response.text)) {
          if (request.retry !== false && response.status >= 500) note(this.#notResent(request, String(response.status)));
          throw new AbortError(error);
        }
        // Retry-After is the vendor saying exactly how long to wait: wait that, instead of
        // (not on top of) the exponential back-off p-retry would add.
        const wait = retryAfterMs(response.headers);
        if (wait === undefined || sends >= maxAttempts) throw error;
        if (wait >= deadline.remaining()) {
          note(`[${this.options.integration}]   Retry-After ${Math.round(wait / 1000)} s is past the deadline: not retrying`);
          throw new AbortError(error);
        }
        note(`[${this.options.integration}]   honouring Retry-After: waiting ${Math.round(wait)} ms`);
        await waits.sleep(wait, deadline.signal);
        if (deadline.signal.aborted) throw error;
      }
    };
    try {
      return await pRetry(attempt, {
        retries: maxAttempts - 1,
        factor: 2,
        minTimeout: waits.backoff.minMs,
        maxTimeout: waits.backoff.maxMs,
        randomize: true,
        signal: deadline.signal,
        maxRetryTime: deadline.remaining(),
        // Stop when the next back-off (up to twice the base with randomisation) would not fit
        // in the deadline: the last real error says more than "no answer within the deadline".
        shouldRetry: ({ error, attemptNumber }) => {
          if (error instanceof NetworkError && request.retry !== false && !mayResendAfterNetworkError(request, error.code)) {
            note(this.#notResent(request, error.code));
            return false;
          }
          return (
            request.retry !== false &&
            sends < maxAttempts &&
            (error instanceof NetworkError || error instanceof HttpStatusError) &&
            deadline.remaining() > 2 * Math.min(waits.backoff.maxMs, waits.backoff.minMs * 2 ** (attemptNumber - 1))
          );
        },
      });
    } catch (error) {
      if (deadline.signal.aborted) {
        if (deadline.signal.reason instanceof Interrupted) throw deadline.signal.reason;
        throw new DeadlineExceeded(request.label, deadline.ms);
      }
      throw error;
    }
  }

  /** The note when a write is not resent: the vendor may have taken it, and a second copy would be a duplicate. */
  #notResent(request: HttpRequest, after: string): string {
    return `[${this.options.integration}]   not resending "${request.label}" after ${after}: the vendor may have taken it, and a second copy would be a duplicate`;
  }

  async #once(request: HttpRequest): Promise<HttpResponse> {
    const { deadline, integration } = this.options;
    const started = performance.now();
    const headers = { ...request.headers, ...(request.json === undefined ? {} : { "content-type": "application/json" }) };
    const took = () => `${Math.round(performance.now() - started)} ms`;
    const what = `${request.method} ${request.url} (${request.label}${resendNote(request)})`;
    try {
      const response = await exchange(request.url, {
        method: request.method,
        headers,
        body: request.json === undefined ? request.body : JSON.stringify(request.json),
        signal: deadline.signal,
        agent: this.options.agent,
      });
      const { text } = response;
      const redirected = response.status >= 300 && response.status < 400 ? ` ${redirectTarget(response.headers.get("location"), request.url)}, not followed` : "";
      this.options.log(`[${integration}] ${what} → ${response.status}${redirected || ` ${shown(text)}`} (${took()})`);
      const json = <T>(): T => {
        try {
          return JSON.parse(text) as T;
        } catch {
          const type = response.headers.get("content-type");
          throw new NotTheVendor(request.label, `HTTP ${response.status} with a body that is not JSON${type ? ` (${type.split(";")[0]})` : ""}`);
        }
      };
      return { status: response.status, headers: response.headers, text, json };
    } catch (error) {
      if (deadline.signal.aborted) {
        this.options.log(`[${integration}] ${what} → no answer before the deadline (${took()})`);
        throw error;
      }
      const code = networkCode(error);
      this.options.log(`[${integration}] ${what} → ${code} (${took()})`);
      throw new NetworkError(request.label, code, error);
    }
  }
}
