import { describe, expect, it } from "vitest";
import { UpstreamError } from "@/lib/anthropic/errors";
import { createRetryable, idempotentRetryable } from "@/lib/anthropic/retry";

const http = (status: number, shouldRetry?: boolean) =>
  new UpstreamError("http", `HTTP ${status}`, status, undefined, undefined, undefined, shouldRetry);

describe("which failures are sent again", () => {
  it("reads, cancel and delete: connection trouble, 408, 409, 429 and 5xx, not a timeout or a refusal", () => {
    expect(idempotentRetryable(new UpstreamError("connect", "refused"))).toBe(true);
    expect(idempotentRetryable(new UpstreamError("socket", "reset"))).toBe(true);
    for (const status of [408, 409, 429, 500, 502, 503, 529])
      expect(idempotentRetryable(http(status))).toBe(true);
    expect(idempotentRetryable(new UpstreamError("timeout", "no headers in 30 s"))).toBe(false);
    expect(idempotentRetryable(new UpstreamError("aborted", "browser left"))).toBe(false);
    for (const status of [400, 401, 403, 404, 413]) expect(idempotentRetryable(http(status))).toBe(false);
  });

  it("x-should-retry overrides the status", () => {
    expect(idempotentRetryable(http(500, false))).toBe(false);
    expect(idempotentRetryable(http(400, true))).toBe(true);
  });

  it("create: only when the upstream certainly did not take it", () => {
    expect(createRetryable(new UpstreamError("connect", "refused"))).toBe(true);
    expect(createRetryable(http(429))).toBe(true);
    expect(createRetryable(http(529))).toBe(true);
    for (const failure of ["socket", "timeout"] as const) {
      expect(createRetryable(new UpstreamError(failure, "outcome unknown"))).toBe(false);
    }
    expect(createRetryable(http(500))).toBe(false);
    expect(createRetryable(http(529, false))).toBe(false);
  });
});
