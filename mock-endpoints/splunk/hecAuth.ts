import type { MockReply, MockRequest } from "../core/types";
import { hecReply } from "./errors";
import { type HecToken, type SplunkState, guidPattern, tokenFor } from "./state";

export type HecAuthResult = { token: HecToken; reply?: undefined } | { token?: undefined; reply: MockReply };

/**
 * The token a HEC request carries, in the three places Splunk reads it: `Authorization:
 * Splunk <token>`, HTTP Basic with the token as password (`curl -u x:<token>`), and
 * `?token=` (only if the token allows query-string auth).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/FormateventsforHTTPEventCollector ("HEC token")
 * Returns "invalid" for an Authorization header Splunk cannot read (code 3).
 */
function presentedToken(request: MockRequest): { value: string; fromQuery: boolean } | "missing" | "invalid" {
  const header = request.headers.authorization;
  if (header === undefined || header.trim() === "") {
    const query = request.query.get("token");
    return query ? { value: query, fromQuery: true } : "missing";
  }
  const match = /^(\S+)\s+(\S+)\s*$/.exec(header.trim());
  if (!match) return "invalid";
  const [, scheme, credential] = match;
  // RFC 7235: scheme names are case-insensitive.
  switch (scheme.toLowerCase()) {
    case "splunk":
      return { value: credential, fromQuery: false };
    case "basic": {
      const decoded = Buffer.from(credential, "base64").toString("utf8");
      const colon = decoded.indexOf(":");
      return colon < 0 || decoded.slice(colon + 1) === "" ? "invalid" : { value: decoded.slice(colon + 1), fromQuery: false };
    }
    default:
      // `Bearer <token>` and a bare token both miss the `Splunk` scheme: code 3 (SplunkAdmins
      // lookup: "most common cause is the word Splunk is missing before the token").
      return "invalid";
  }
}

/**
 * Checks a HEC request's credential in splunkd's order (reported by a conformance probe of
 * a real splunkd, unconfirmed in Splunk's docs): the token is looked up first, so an unknown
 * token by query string is 403 code 4; only a known one reaches 400 code 16; then disabled.
 * Any well-formed GUID nobody created is an enabled token writing to `main`.
 */
export function authenticateHec(state: SplunkState, request: MockRequest): HecAuthResult {
  const presented = presentedToken(request);
  if (presented === "missing") return { reply: hecReply(2) };
  if (presented === "invalid") return { reply: hecReply(3) };
  const token = tokenFor(state, presented.value);
  if (!token) return { reply: hecReply(4) };
  if (presented.fromQuery && !token.allowQueryStringAuth) return { reply: hecReply(16) };
  if (token.disabled) return { reply: hecReply(1) };
  return { token };
}

export type ChannelResult = { channel: string | null; reply?: undefined } | { channel?: undefined; reply: MockReply };

/**
 * The data channel: header `X-Splunk-Request-Channel` or query `channel`, a GUID. Required
 * only when the token uses indexer acknowledgment (code 10); Splunk 9.x accepts `/raw`
 * without one otherwise (vectordotdev/vector#22653, measured on Splunk 9.2.4). A channel
 * that is not a GUID is code 11 (checked whenever one is given: unconfirmed with ack off).
 * @see https://docs.splunk.com/Documentation/Splunk/latest/Data/AboutHECIDXAck ("About channels and sending data")
 */
export function dataChannel(token: HecToken, request: MockRequest): ChannelResult {
  const header = request.headers["x-splunk-request-channel"];
  const channel = (Array.isArray(header) ? header[0] : header) ?? request.query.get("channel");
  if (!channel) return token.useACK === true ? { reply: hecReply(10) } : { channel: null };
  if (!guidPattern.test(channel)) return { reply: hecReply(11) };
  return { channel };
}
