import { describeValue } from "./describeValue";

/**
 * A URL setting read the way a person means it, or what is wrong with it in words. `new URL`
 * takes `splunk.example.com:8088` for a URL with the scheme "splunk.example.com:", so a value
 * without `scheme://` is called what it is, a URL without a scheme, before it is parsed.
 */
export function parseUrl(value: string): { ok: true; url: URL } | { ok: false; missingScheme: boolean; problem: string; hint: string } {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(value.trim())) {
    const looksLikeHost = /^(localhost|([a-z0-9-]+\.)+[a-z0-9-]+)(:\d+)?([/?#]\S*)?$/i.test(value.trim());
    return looksLikeHost
      ? { ok: false, missingScheme: true, problem: `is ${describeValue(value)}, a URL without a scheme.`, hint: "write it with https:// in front." }
      : { ok: false, missingScheme: false, problem: `is ${describeValue(value)}, which is not a URL.`, hint: "give the whole URL, starting with https://." };
  }
  try {
    return { ok: true, url: new URL(value.trim()) };
  } catch {
    return { ok: false, missingScheme: false, problem: `is ${describeValue(value)}, which is not a URL.`, hint: "give the whole URL, starting with https://." };
  }
}
