import type { MockReply, MockRequest } from "../core/types";
import { apiError } from "./errors";

/** User / app tokens (prefixes from `sentry/types/token.py`): prefix + `secrets.token_hex(32)`; tokens made before prefixes were 64 hex alone. */
const prefixedHexToken = /^(sntryu_|sntrya_)[0-9a-f]{64}$/;
const legacyToken = /^[0-9a-f]{64}$/;
const base64 = /^[A-Za-z0-9+/]+={0,2}$/;

/**
 * An org auth token is `sntrys_<base64 JSON payload with "iat">_<base64 secret>` with exactly two
 * underscores (`parse_token` in `utils/security/orgauthtoken_token.py`).
 */
function isOrgToken(token: string): boolean {
  const parts = token.split("_");
  if (parts.length !== 3 || parts[0] !== "sntrys") return false;
  const [, payload, secret] = parts;
  if (!base64.test(payload) || !/^[A-Za-z0-9+/]{20,}$/.test(secret)) return false;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(payload, "base64").toString("utf8"));
    return decoded !== null && typeof decoded === "object" && Boolean((decoded as { iat?: unknown }).iat);
  } catch {
    return false;
  }
}

/**
 * `Authorization: Bearer <token>` as Sentry's authenticators read it
 * (`api/authentication.py`: `StandardAuthentication`, `UserAuthTokenAuthentication`,
 * `OrgAuthTokenAuthentication`). A token of the right shape is accepted; one of the wrong shape
 * is refused with the text Sentry gives for a token it does not know. Returns the refusal, or
 * undefined when the request may go on.
 */
export function refuseApiToken(request: MockRequest): MockReply | undefined {
  const header = request.headers.authorization;
  const parts = typeof header === "string" ? header.trim().split(/\s+/) : [];
  // No Bearer scheme at all: no authenticator claims the request, so DRF's NotAuthenticated.
  if (parts.length === 0 || parts[0].toLowerCase() !== "bearer") return apiError.notAuthenticated();
  if (parts.length === 1) return apiError.authFailed("Invalid token header. No credentials provided.");
  if (parts.length > 2) return apiError.authFailed("Invalid token header. Token string should not contain spaces.");
  const token = parts[1];
  if (token.startsWith("sntrys_")) return isOrgToken(token) ? undefined : apiError.authFailed("Invalid org token");
  return prefixedHexToken.test(token) || legacyToken.test(token) ? undefined : apiError.authFailed("Invalid token");
}
