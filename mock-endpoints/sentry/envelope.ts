/** One envelope item: its header line and its payload bytes. */
export interface EnvelopeItem {
  type: string;
  header: Record<string, unknown>;
  payload: Buffer;
}

export interface Envelope {
  header: Record<string, unknown>;
  items: EnvelopeItem[];
}

/** A body Relay would refuse as an envelope; the message is Relay's `EnvelopeError` text. */
export class EnvelopeError extends Error {
  override name = "EnvelopeError";
}

const newline = 0x0a;

function isObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === "object" && !Array.isArray(value);
}

function parseJsonLine(bytes: Buffer, error: string): Record<string, unknown> {
  try {
    const value: unknown = JSON.parse(bytes.toString("utf8"));
    if (isObject(value)) return value;
  } catch {
    // fall through to Relay's error below
  }
  throw new EnvelopeError(error);
}

/** The end of the line starting at `from`: the index of its newline, or the end of the body. */
function lineEnd(body: Buffer, from: number): number {
  const at = body.indexOf(newline, from);
  return at < 0 ? body.length : at;
}

/** True when nothing but spaces and line breaks is left (stops at the first other byte). */
function onlyWhitespaceFrom(body: Buffer, from: number): boolean {
  for (let i = from; i < body.length; i++) {
    const byte = body[i];
    if (byte !== newline && byte !== 0x0d && byte !== 0x20 && byte !== 0x09) return false;
  }
  return true;
}

/**
 * Parses a Sentry envelope the way Relay does: a JSON header line, then per item a JSON
 * item-header line and a payload. With `length` the payload is exactly that many bytes (it may
 * contain newlines); without it the payload runs to the next newline. A payload must be
 * followed by a newline or the end of the body.
 * @see https://develop.sentry.dev/sdk/data-model/envelopes/
 * @see https://github.com/getsentry/relay/blob/master/relay-server/src/envelope/mod.rs (EnvelopeError)
 */
export function parseEnvelope(body: Buffer): Envelope {
  const headerEnd = lineEnd(body, 0);
  if (headerEnd === 0) throw new EnvelopeError("missing envelope header");
  const header = parseJsonLine(body.subarray(0, headerEnd), "invalid envelope header");

  const items: EnvelopeItem[] = [];
  let pos = headerEnd + 1;
  while (pos < body.length) {
    // Trailing blank lines are tolerated (some hand-written envelopes end with "\n\n").
    if (onlyWhitespaceFrom(body, pos)) break;
    const itemHeaderEnd = lineEnd(body, pos);
    const itemHeader = parseJsonLine(body.subarray(pos, itemHeaderEnd), "invalid item header");
    if (typeof itemHeader.type !== "string") throw new EnvelopeError("invalid item header");
    pos = itemHeaderEnd + 1;

    let payload: Buffer;
    const length = itemHeader.length;
    if (length !== undefined) {
      if (typeof length !== "number" || !Number.isInteger(length) || length < 0) throw new EnvelopeError("invalid item header");
      if (pos + length > body.length) throw new EnvelopeError("unexpected end of file");
      payload = body.subarray(pos, pos + length);
      pos += length;
      if (pos < body.length && body[pos] !== newline) throw new EnvelopeError("missing newline after header or payload");
      pos += 1;
    } else {
      const payloadEnd = lineEnd(body, pos);
      payload = body.subarray(Math.min(pos, body.length), payloadEnd);
      pos = payloadEnd + 1;
    }
    items.push({ type: itemHeader.type, header: itemHeader, payload });
  }
  return { header, items };
}
