import type { IncomingMessage } from "node:http";
import { brotliDecompressSync, gunzipSync, inflateSync } from "node:zlib";

/** Bodies larger than this are refused with 413 before any vendor logic runs. */
export const maxBodyBytes = 10 * 1024 * 1024;

export class BodyTooLarge extends Error {}

/**
 * Reads the whole body, chunked or not, and undoes `Content-Encoding` (the Sentry SDK
 * gzips envelopes over 32 KiB; other clients deflate).
 */
export async function readBody(request: IncomingMessage): Promise<Buffer> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > maxBodyBytes) throw new BodyTooLarge(`body over ${maxBodyBytes} bytes`);
    chunks.push(chunk as Buffer);
  }
  const raw = Buffer.concat(chunks);
  switch ((request.headers["content-encoding"] ?? "").toLowerCase()) {
    case "gzip":
    case "x-gzip":
      return gunzipSync(raw);
    case "deflate":
      return inflateSync(raw);
    case "br":
      return brotliDecompressSync(raw);
    default:
      return raw;
  }
}
