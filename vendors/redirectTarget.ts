/**
 * A redirect's target for messages, resolved against the request's URL, or said to be missing or
 * unreadable. Every vendor client refuses redirects (a credential rides in the header, body,
 * query or path, and would go to the host the Location names) and says where it was sent.
 *
 * Closure rule as in vendors/sentry/sentryApi.ts: a client file binds this to a local, so the
 * dynamic providers' serialized text carries it.
 */
export function redirectTarget(location: string | null, requestUrl: string): string {
  if (!location) return "a redirect without a Location";
  try {
    return `a redirect to ${new URL(location, requestUrl).href}`;
  } catch {
    return "a redirect to an unreadable Location";
  }
}
