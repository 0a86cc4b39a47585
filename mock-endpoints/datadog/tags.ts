/**
 * A tag as Datadog stores it: "Tags are converted to lowercase"; "other special characters are
 * converted to underscores" (allowed: alphanumerics, `_`, `-`, `:`, `.`, `/`); "tags must start
 * with a letter"; "up to 200 characters". Runs of underscores collapse and trailing ones go, as
 * the Agent's normalizer does (datadog-agent `pkg/trace/traceutil/normalize.go`, NormalizeTag).
 * A tag with nothing left is dropped.
 * @see https://docs.datadoghq.com/getting_started/tagging/#define-tags
 */
export function normaliseTag(tag: string): string {
  return tag
    .toLowerCase()
    .replace(/[^\p{L}\p{N}_\-:./]/gu, "_")
    .replace(/_+/g, "_")
    .replace(/^[^\p{L}]+/u, "")
    .slice(0, 200)
    .replace(/_+$/, "");
}

/** A list of tags as Datadog keeps it: normalised, the empty ones dropped. */
export function normaliseTags(tags: readonly string[]): string[] {
  return tags.map(normaliseTag).filter((tag) => tag !== "");
}
