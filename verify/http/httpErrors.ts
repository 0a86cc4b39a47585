import type { ResponseHeaders } from "./exchange";

/** What went wrong with one HTTP exchange, typed so diagnosis can read it (checkly style). */

/** The vendor answered, with a status the probe did not expect. */
export class HttpStatusError extends Error {
  override name = "HttpStatusError";
  constructor(
    readonly label: string,
    readonly status: number,
    readonly body: string,
    readonly headers: ResponseHeaders,
  ) {
    super(`${label}: HTTP ${status}`);
  }
}

/**
 * An answer that cannot have come from the vendor: a redirect (no vendor endpoint verify calls
 * redirects, and following one would carry the credential in the header, body, query or path
 * to whatever host it names), or a 2xx body the vendor never sends (an HTML login page, a
 * proxy's garbage). Never a diagnosis of the credential: it was not the vendor that judged it.
 */
export class NotTheVendor extends Error {
  override name = "NotTheVendor";
  constructor(
    readonly label: string,
    /** What came back, in words: "a redirect to https://…", "HTTP 200 with a body that is not JSON". */
    readonly answer: string,
  ) {
    super(`${label}: something other than the vendor answered: ${answer}`);
  }
}


/** No answer: DNS, refused, reset, TLS. `code` is Node's (`ENOTFOUND`, `ECONNREFUSED`, …). */
export class NetworkError extends Error {
  override name = "NetworkError";
  constructor(
    readonly label: string,
    readonly code: string,
    cause: unknown,
  ) {
    super(`${label}: ${code}`, { cause });
  }
}

/** The probe's deadline ran out before an answer came. */
export class DeadlineExceeded extends Error {
  override name = "DeadlineExceeded";
  constructor(
    readonly label: string,
    readonly deadlineMs: number,
  ) {
    super(`${label}: no answer within the ${Number((deadlineMs / 1000).toFixed(1))} s deadline`);
  }
}

/** The run was interrupted (Ctrl-C). */
export class Interrupted extends Error {
  override name = "Interrupted";
}

/** Node's error code from a failed fetch (`fetch failed` wraps the real cause). */
export function networkCode(error: unknown): string {
  let current: unknown = error;
  for (let depth = 0; current && depth < 5; depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === "string") return code;
    current = (current as { cause?: unknown }).cause;
  }
  return "ENETWORK";
}
