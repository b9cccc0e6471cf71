import { describe, expect, it } from "vitest";
import { ApiError } from "../../../lib/queries/fetch-json";
import { MAX_POLL_MS, pollDelay } from "../../../lib/queries/polling";

const now = 1_000_000;
type PollState = Parameters<typeof pollDelay>[1];

const ok: PollState = {
  status: "success",
  error: null,
  dataUpdatedAt: now - 1_000,
  errorUpdatedAt: 0,
  errorUpdateCount: 0,
};
const failed = (error: unknown, extra: Partial<PollState> = {}): PollState => ({
  ...ok,
  status: "error" as const,
  error,
  errorUpdatedAt: now,
  errorUpdateCount: 1,
  ...extra,
});
const unavailable = new ApiError(503, "upstream_overloaded", "Overloaded", "req_1");

describe("pollDelay", () => {
  it("polls at the base rate while things work", () => expect(pollDelay(3_000, ok, now)).toBe(3_000));

  it("backs off after failures, with data on screen: at least as long as the data has been stale", () => {
    expect(pollDelay(3_000, failed(unavailable), now)).toBe(6_000);
    expect(pollDelay(3_000, failed(unavailable, { dataUpdatedAt: now - 20_000 }), now)).toBe(20_000);
    expect(pollDelay(3_000, failed(unavailable, { dataUpdatedAt: now - 600_000 }), now)).toBe(MAX_POLL_MS);
  });

  it("backs off by doubling when nothing has loaded yet", () => {
    const never = { dataUpdatedAt: 0 };
    expect(pollDelay(3_000, failed(unavailable, { ...never, errorUpdateCount: 1 }), now)).toBe(6_000);
    expect(pollDelay(3_000, failed(unavailable, { ...never, errorUpdateCount: 3 }), now)).toBe(24_000);
    expect(pollDelay(3_000, failed(unavailable, { ...never, errorUpdateCount: 30 }), now)).toBe(MAX_POLL_MS);
  });

  it("waits as long as a 429 asks", () =>
    expect(pollDelay(3_000, failed(new ApiError(429, "rate_limited", "Slow down", undefined, 20)), now)).toBe(
      20_000,
    ));

  it("stops on a permanent answer (not found, bad cursor)", () => {
    expect(pollDelay(3_000, failed(new ApiError(404, "not_found", "gone")), now)).toBe(false);
    expect(pollDelay(3_000, failed(new ApiError(400, "bad_request", "bad cursor")), now)).toBe(false);
  });

  it("keeps trying when the dashboard itself did not answer", () =>
    expect(pollDelay(3_000, failed(new ApiError(0, "network", "down")), now)).toBe(6_000));
});
