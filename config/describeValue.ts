import { credentialShapeOf } from "./credentialShapes";

const maxShown = 60;

/**
 * A config value as a message may quote it. Anything that looks like a credential is
 * never quoted, and long values are cut, so an error message cannot leak a secret.
 */
export function describeValue(value: unknown): string {
  if (value === undefined) return "nothing";
  if (value === null) return "null";
  if (typeof value === "string") {
    if (credentialShapeOf(value)) return "a value that looks like a credential (not shown)";
    const shown = value.length > maxShown ? `${value.slice(0, maxShown)}…` : value;
    return JSON.stringify(shown);
  }
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  if (Array.isArray(value)) return "a list";
  return "an object";
}
