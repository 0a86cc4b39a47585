import { credentialShapeOf, findCredential } from "./credentialShapes";
import { encryptedOffline } from "./encryptedOffline";

const maxShown = 60;

/**
 * Characters a reader cannot see or tell from a plain space (non-breaking and other spaces,
 * zero-width characters, direction marks, the byte-order mark): shown as `\uXXXX`.
 * JSON.stringify already escapes control characters.
 */
const invisible = /[\p{Cf}\p{Zl}\p{Zp}\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000\u115f\u1160\u3164\uffa0]/gu;

/**
 * A config value as a message may quote it. Anything that looks like a credential is never
 * quoted, long values are cut, and invisible characters are shown escaped, so an error
 * message cannot leak a secret and says exactly what is in the file.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    if (value === encryptedOffline) return "an encrypted value (unknown to the offline plan)";
    if (credentialShapeOf(value)) return "a value that looks like a credential (not shown)";
    const shown = value.length > maxShown ? `${value.slice(0, maxShown)}…` : value;
    return escapeInvisible(JSON.stringify(shown));
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return "an object";
}

/**
 * A config key as a message shows it: as written, except that from the path segment holding
 * something that looks like a credential (pasted as a key by mistake) on nothing is shown,
 * and invisible characters are escaped.
 */
export function describeKey(key: string): string {
  const credential = findCredential(key);
  if (!credential) return escapeInvisible(key);
  const cut = Math.max(...[".", ":", "["].map((d) => key.lastIndexOf(d, credential.index - 1)));
  const prefix = cut < 0 ? "" : key.slice(0, cut + 1);
  return `${escapeInvisible(prefix)}(a key that looks like a credential, not shown)`;
}

function escapeInvisible(text: string): string {
  return text.replace(invisible, (c) => `\\u${c.codePointAt(0)!.toString(16).padStart(4, "0")}`);
}
