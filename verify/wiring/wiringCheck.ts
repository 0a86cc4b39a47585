import type { z } from "zod";
import { Deadline } from "../deadline";
import { diagnose } from "../diagnose";
import { type HttpResponse, HttpClient } from "../http/httpClient";
import { HttpStatusError } from "../http/httpErrors";
import type { ResolvedInputs } from "../inputs/resolveInputs";
import type { ProbeMode } from "../mode";
import { ProbeFailure } from "../probe";
import type { Waits } from "../waits";
import type { WiringTarget } from "./wiringTarget";

export type WiringIntegration = "sentry" | "pagerduty" | "datadog";

/** Each vendor's mode, for diagnosis wording (`parseMode`'s result fits). */
export type WiringModes = Readonly<Record<WiringIntegration, ProbeMode>>;

/** One runbook wiring check's outcome (requirement V10). */
export interface WiringCheckResult {
  check: string;
  integration: WiringIntegration;
  /** PASS: the wiring is there. FAIL: it is not, or the vendor could not be asked. HOLD: not checked (an input is missing). */
  status: "PASS" | "FAIL" | "HOLD";
  /** What was found, in one line; for HOLD, exactly which variable to set. */
  detail: string;
  /** What to do about a FAIL, in words. */
  diagnosis?: string;
  durationMs: number;
  /** Requests made, as logged (one line each). */
  requests: number;
}

/**
 * A check ready to run, or why it cannot. `run` returns the PASS detail and throws ProbeFailure
 * (or an HTTP error) otherwise; `explain` words an HTTP status only this check understands
 * (e.g. a 404 for its identifier) before the generic diagnosis is tried.
 */
export type PreparedCheck =
  | { hold: string }
  | { run: (http: HttpClient) => Promise<string>; explain?: (error: HttpStatusError) => string | undefined };

/** One runbook check: read-only GETs against one vendor. */
export interface WiringCheck {
  check: string;
  integration: WiringIntegration;
  prepare(inputs: ResolvedInputs, target: WiringTarget): PreparedCheck;
}

export interface RunCheckOptions {
  inputs: ResolvedInputs;
  target: WiringTarget;
  /** Each vendor's mode (mock or real), for the diagnosis words; `parseMode(...)` fits. */
  modes: WiringModes;
  /** Each check's own budget, in ms. */
  deadlineMs: number;
  /** Aborted on Ctrl-C: checks in flight stop and FAIL. */
  interrupt: AbortSignal;
  /** One line per request (and Retry-After notes). */
  log: (line: string) => void;
  /** Back-off and Retry-After pauses. @default realWaits */
  waits?: Waits;
}

const titles: Record<WiringIntegration, string> = { sentry: "Sentry", pagerduty: "PagerDuty", datadog: "Datadog" };

/** `a`, `a and b`, `a, b and c`. */
export function joinAnd(items: readonly string[]): string {
  return items.length <= 1 ? (items[0] ?? "") : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * The HOLD detail for missing inputs: credentials (only the environment has them) and
 * identifiers (the stack's outputs can give them); undefined when nothing is missing.
 */
export function missingInputs(credentials: readonly string[], identifiers: readonly string[]): string | undefined {
  const parts = [];
  if (credentials.length > 0) parts.push(`set ${joinAnd(credentials)}`);
  if (identifiers.length > 0) parts.push(`set ${joinAnd(identifiers)} (or run with --stack)`);
  return parts.length > 0 ? parts.join("; ") : undefined;
}

/** The HOLD detail when a vendor is outside the run's scope, so it has no inputs at all. */
export function notInScope(integration: WiringIntegration): string {
  return `${titles[integration]} is not in this run's scope: include ${integration} in --only`;
}

/** The answer's body, checked against the fields the check reads; a body of another shape fails with `elsewhere`. */
export function readAnswer<T>(response: HttpResponse, schema: z.ZodType<T>, what: string, elsewhere: string): T {
  let body: unknown;
  try {
    body = response.json();
  } catch {
    body = undefined;
  }
  const parsed = schema.safeParse(body);
  if (parsed.success) return parsed.data;
  const shown = response.text.replace(/\s+/g, " ").trim().slice(0, 80) || "(empty body)";
  throw new ProbeFailure(`${what}: unexpected answer ${response.status} ${shown}`, elsewhere);
}

const interruptedDiagnosis = "Interrupted (Ctrl-C) before the check finished; wiring checks only read, so there is nothing to clean up.";

/** Runs one check on its own deadline and HTTP client; never throws. */
export async function runCheck(check: WiringCheck, options: RunCheckOptions): Promise<WiringCheckResult> {
  const base = { check: check.check, integration: check.integration };
  const prepared = check.prepare(options.inputs, options.target);
  if ("hold" in prepared) return { ...base, status: "HOLD", detail: prepared.hold, durationMs: 0, requests: 0 };
  if (options.interrupt.aborted) return { ...base, status: "FAIL", detail: "not run: interrupted", diagnosis: interruptedDiagnosis, durationMs: 0, requests: 0 };

  const deadline = new Deadline(options.deadlineMs, options.interrupt);
  let requests = 0;
  const http = new HttpClient({
    integration: `wiring/${check.integration}`,
    deadline,
    log: (line) => {
      requests += 1;
      options.log(line);
    },
    note: options.log,
    waits: options.waits,
  });
  try {
    const detail = await prepared.run(http);
    return { ...base, status: "PASS", detail, durationMs: Math.round(deadline.elapsed()), requests };
  } catch (error) {
    const detail = error instanceof Error ? error.message : String(error);
    const diagnosis = options.interrupt.aborted
      ? interruptedDiagnosis
      : (error instanceof HttpStatusError ? prepared.explain?.(error) : undefined) ?? diagnose(check.integration, options.modes[check.integration], error);
    return { ...base, status: "FAIL", detail, ...(diagnosis ? { diagnosis } : {}), durationMs: Math.round(deadline.elapsed()), requests };
  } finally {
    deadline.dispose();
  }
}

