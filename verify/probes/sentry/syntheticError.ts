import {
  Client,
  type ClientOptions,
  type Event,
  type EventHint,
  type ParameterizedString,
  Scope,
  type SeverityLevel,
  applySdkMetadata,
  createStackParser,
  createTransport,
  eventFromMessage,
  eventFromUnknownInput,
  parseEnvelope,
} from "@sentry/core";
import type { ResponseHeaders } from "../../http/exchange";
import { ProbeFailure } from "../../probe";

/**
 * The Sentry SDK side of the probe, imported lazily: `@sentry/core` takes ~150 ms to load under
 * tsx, and only the Sentry probe needs it. `@sentry/core` rather than `@sentry/node`
 * (~350-650 ms, OpenTelemetry): a client instance with its own scope and transport, never
 * `Sentry.init`, so nothing in the verify process is instrumented or registered globally.
 */

/** One envelope the SDK wants sent: to the URL it computed from the DSN (auth in the query string). */
export interface EnvelopeRequest {
  url: string;
  headers: Record<string, string>;
  body: string;
  /** The envelope's item types (`event`, `session`, `client_report`, …). */
  itemTypes: string[];
}

/** What the SDK reads back from a send, for its own rate limiting. */
export interface EnvelopeResponse {
  status: number;
  headers: ResponseHeaders;
}

export interface SyntheticErrorOptions {
  dsn: string;
  environment: string;
  runId: string;
  /** Sends one envelope; its outcome is the caller's to keep (the SDK swallows transport errors). */
  post: (request: EnvelopeRequest) => Promise<EnvelopeResponse>;
  /** How long `close` may wait for the send to finish. */
  flushTimeoutMs: number;
  /**
   * The error's text and grouping. @default `operator-wiring verify <run id>`, one fingerprint
   * for every run. verify's chain gives each run its own, so each run opens a new issue (the
   * issue alerts it follows fire on new and regressed issues only).
   */
  error?: { message: string; fingerprint: string[] };
}

/**
 * The SDK's own server client, minus what only an instrumented app needs (`ServerRuntimeClient`
 * lives in `@sentry/core/server`, which loads the HTTP, tRPC and MCP integrations too, ~70 ms more):
 * events are built by the SDK's event builder, exactly as the server SDKs do.
 */
class VerifyClient extends Client<ClientOptions> {
  // Client's constructor is protected: every SDK's client subclasses it.
  constructor(options: ClientOptions) {
    super(options);
  }

  eventFromException(exception: unknown, hint?: EventHint): PromiseLike<Event> {
    const event = eventFromUnknownInput(this, this.getOptions().stackParser, exception, hint);
    event.level = "error";
    return Promise.resolve(event);
  }

  eventFromMessage(message: ParameterizedString, level: SeverityLevel = "info", hint?: EventHint): PromiseLike<Event> {
    const options = this.getOptions();
    return Promise.resolve(eventFromMessage(options.stackParser, message, level, hint, options.attachStacktrace));
  }
}

function itemTypes(body: string): string[] {
  return parseEnvelope(body)[1].map(([header]) => String(header.type));
}

/**
 * Captures `Error("operator-wiring verify <runId>")` with a client of its own, tagged
 * `verify: "true"` and `run_id`, and waits until the transport is done with it. Returns the
 * event id the SDK gave the event.
 */
export async function captureSyntheticError(options: SyntheticErrorOptions): Promise<string> {
  const clientOptions: ClientOptions = {
    dsn: options.dsn,
    environment: options.environment,
    integrations: [],
    // No stack frames: the fingerprint below groups the events, and a Node line parser would pull in more of the SDK.
    stackParser: createStackParser(),
    // No client_report or session envelopes: the probe's one request is the event (no release, so no session either).
    sendClientReports: false,
    transport: (transportOptions) =>
      createTransport(transportOptions, async ({ body }) => {
        // Only envelopes with binary attachments serialise to bytes; this one holds JSON items only.
        const text = typeof body === "string" ? body : new TextDecoder().decode(body);
        const response = await options.post({ url: transportOptions.url, headers: { ...transportOptions.headers }, body: text, itemTypes: itemTypes(text) });
        return {
          statusCode: response.status,
          headers: { "x-sentry-rate-limits": response.headers.get("x-sentry-rate-limits"), "retry-after": response.headers.get("retry-after") },
        };
      }),
  };
  applySdkMetadata(clientOptions, "core");
  const client = new VerifyClient(clientOptions);
  if (!client.getDsn()) {
    throw new ProbeFailure("the Sentry SDK could not parse SENTRY_DSN", "SENTRY_DSN is not a DSN: copy it again from Project → Settings → Client Keys (DSN).");
  }

  const scope = new Scope();
  scope.setClient(client);
  scope.setTags({ verify: "true", run_id: options.runId });
  // One issue for every verify run (the run id is a tag, not part of the grouping), so a daily
  // cron run does not open a new issue, and fire "first seen" alerts, each time.
  scope.setFingerprint(options.error?.fingerprint ?? ["operator-wiring-verify"]);
  const eventId = client.captureException(new Error(options.error?.message ?? `operator-wiring verify ${options.runId}`), undefined, scope);
  await client.close(options.flushTimeoutMs);
  return eventId;
}
