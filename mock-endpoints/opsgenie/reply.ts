import { randomUUID } from "node:crypto";
import { json } from "../core/replies";
import type { MockReply } from "../core/types";

/**
 * `took`: the back-end time in seconds Opsgenie puts in every body. A constant here, so bodies
 * compare exactly in tests; real values are like 0.002.
 */
export const mockTook = 0.001;

/**
 * An Opsgenie JSON reply: every body, success or error, ends with `took` and `requestId`, and
 * every response carries `X-Request-ID` and `X-Response-Time`. `X-RateLimit-State: OK` is sent
 * too, since opsgenie-go-sdk-v2 warns when it is missing (`ValidateResultMetadata`).
 * @see https://docs.opsgenie.com/docs/response
 * @see https://docs.opsgenie.com/docs/api-rate-limiting
 */
export function opsgenieReply(status: number, body: Record<string, unknown>, headers: Record<string, string> = {}): MockReply {
  const requestId = randomUUID();
  return json(
    status,
    { ...body, took: mockTook, requestId },
    { "x-request-id": requestId, "x-response-time": String(mockTook), "x-ratelimit-state": "OK", ...headers },
  );
}

/** The 202 every asynchronous alert action answers; `requestId` is what the status endpoint is asked about. */
export function accepted(requestId: string): MockReply {
  return json(
    202,
    { result: "Request will be processed", took: mockTook, requestId },
    { "x-request-id": requestId, "x-response-time": String(mockTook), "x-ratelimit-state": "OK" },
  );
}
