import { sentryAuthorization } from "../../vendors/sentry/sentryApi";
import type { HttpStatusError } from "../http/httpErrors";
import type { SentryInputs } from "../inputs/integrationInputs";
import type { ResolvedInputs } from "../inputs/resolveInputs";
import { missingInputs, notInScope } from "./wiringCheck";

export type SentryApi = NonNullable<SentryInputs["api"]>;

/** The management API (`…/api/0`), or the HOLD detail naming what to set (realInputs needs both variables for it). */
export function sentryApiOf(inputs: ResolvedInputs): SentryApi | { hold: string } {
  if (!inputs.sentry) return { hold: notInScope("sentry") };
  return inputs.sentry.api ?? { hold: missingInputs(["SENTRY_AUTH_TOKEN", "SENTRY_ORG"], []) as string };
}

export const sentryHeaders = (api: SentryApi): Record<string, string> => sentryAuthorization(api.token);

/** A web API URL: the base and a path from vendors/sentry/sentryLists.ts (`sentryPaths`). */
export const sentryUrl = (api: SentryApi, path: string): string => `${api.url.replace(/\/+$/, "")}${path}`;

/** When something other than Sentry's web API answers (a proxy, a login page, a wrong SENTRY_URL). */
export const notSentry = "Something other than Sentry's web API answered: check SENTRY_URL (https://sentry.io, https://de.sentry.io for EU orgs, or your self-hosted Sentry's URL).";

/**
 * The management API's refusals, which diagnose() would word as an ingest (DSN) problem.
 * `scope` is the token scope the request needs.
 * @see https://docs.sentry.io/api/auth/
 */
export function explainSentryApi(api: SentryApi, scope: string): (error: HttpStatusError) => string | undefined {
  return (error) => {
    if (error.status === 401) {
      return "Sentry refused SENTRY_AUTH_TOKEN (401): the token is wrong or revoked, or belongs to another Sentry (check SENTRY_URL: https://sentry.io, https://de.sentry.io for EU orgs, or your self-hosted URL).";
    }
    if (error.status === 403) return `SENTRY_AUTH_TOKEN may not read this (403): give the token the ${scope} scope (Settings → Custom Integrations → the integration's permissions).`;
    if (error.status === 404) return `Sentry has no organization "${api.org}" that this token can see: check SENTRY_ORG (the slug in your Sentry URL).`;
    return undefined;
  };
}
