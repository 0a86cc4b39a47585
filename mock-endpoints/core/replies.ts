import type { MockReply } from "./types";

/** A JSON reply. */
export function json(status: number, body: unknown, headers: Record<string, string> = {}): MockReply {
  return { status, headers: { "content-type": "application/json", ...headers }, body: body as object };
}

/** A plain-text reply (Slack's webhooks answer `ok` and error codes as text). */
export function text(status: number, body: string, headers: Record<string, string> = {}): MockReply {
  return { status, headers: { "content-type": "text/plain; charset=utf-8", ...headers }, body };
}

/** An empty reply (204 and the like). */
export function empty(status: number, headers: Record<string, string> = {}): MockReply {
  return { status, headers, body: "" };
}
