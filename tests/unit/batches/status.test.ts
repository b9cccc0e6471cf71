import { describe, expect, it } from "vitest";
import {
  endedTone,
  finishedRequests,
  hasResults,
  isTerminal,
  pickNewer,
  progressMode,
  progressSegments,
  resultsAvailableUntil,
  timeWindow,
  totalRequests,
} from "../../../lib/batches/status";
import { buildBatch, buildEndedBatch } from "../../builders/batch";

const HOUR = 3_600_000;
const created = Date.parse("2024-09-24T18:37:24.100435Z");

describe("isTerminal", () => {
  it("is true only for ended", () => {
    expect(isTerminal(buildBatch())).toBe(false);
    expect(isTerminal(buildBatch({ processing_status: "canceling" }))).toBe(false);
    expect(isTerminal(buildEndedBatch())).toBe(true);
  });
});

describe("request counts", () => {
  const counts = { processing: 5, succeeded: 3, errored: 1, canceled: 0, expired: 1 };

  it("totals every bucket (canceled and expired included)", () => {
    expect(totalRequests(counts)).toBe(10);
    expect(finishedRequests(counts)).toBe(5);
  });

  it("segments skip empty outcomes, keep drawing order, and sum to 1", () => {
    const segments = progressSegments(counts);
    expect(segments.map((segment) => segment.outcome)).toEqual([
      "succeeded",
      "errored",
      "expired",
      "processing",
    ]);
    expect(segments.reduce((sum, segment) => sum + segment.fraction, 0)).toBeCloseTo(1);
    expect(segments[0]).toEqual({ outcome: "succeeded", count: 3, fraction: 0.3 });
  });

  it("an empty batch has no segments (no division by zero)", () => {
    expect(progressSegments({ processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 })).toEqual(
      [],
    );
  });
});

describe("progressMode (honest progress)", () => {
  it("is elapsed while running with every request still processing (the documented API)", () => {
    expect(progressMode(buildBatch({ request_counts: { processing: 200 } }))).toBe("elapsed");
    expect(
      progressMode(buildBatch({ processing_status: "canceling", request_counts: { processing: 200 } })),
    ).toBe("elapsed");
  });

  it("is counts once any outcome is reported (incremental counts)", () => {
    expect(progressMode(buildBatch({ request_counts: { processing: 199, succeeded: 1 } }))).toBe("counts");
    expect(progressMode(buildBatch({ request_counts: { processing: 199, expired: 1 } }))).toBe("counts");
  });

  it("is counts for an ended batch, whatever its counts", () => {
    expect(progressMode(buildEndedBatch())).toBe("counts");
    expect(progressMode(buildEndedBatch({ request_counts: {} }))).toBe("counts");
  });
});

describe("endedTone", () => {
  it("is null while open", () => expect(endedTone(buildBatch())).toBeNull());
  it("is ok when every request succeeded", () => expect(endedTone(buildEndedBatch())).toBe("ok"));
  it("is partial when some did not", () =>
    expect(endedTone(buildEndedBatch({ request_counts: { succeeded: 9, errored: 1 } }))).toBe("partial"));
  it("is failed when none succeeded (never a green 'Ended' for 0 of 9)", () => {
    expect(endedTone(buildEndedBatch({ request_counts: { errored: 9 } }))).toBe("failed");
    expect(endedTone(buildEndedBatch({ request_counts: { canceled: 3, expired: 6 } }))).toBe("failed");
  });
});

describe("timeWindow", () => {
  it("measures a running batch from creation to now, with the time left", () => {
    const window = timeWindow(buildBatch(), created + 2 * HOUR);
    expect(window).toEqual({
      elapsedMs: 2 * HOUR,
      windowMs: 24 * HOUR,
      fraction: 2 / 24,
      remainingMs: 22 * HOUR,
    });
  });

  it("stops at ended_at for an ended batch, with nothing left", () => {
    const window = timeWindow(buildEndedBatch(), created + 10 * HOUR);
    expect(window.elapsedMs).toBe(10 * 60_000);
    expect(window.remainingMs).toBe(0);
  });

  it("clamps to the window: before creation (clock skew) and past expiry", () => {
    expect(timeWindow(buildBatch(), created - 5_000).elapsedMs).toBe(0);
    const late = timeWindow(buildBatch(), created + 30 * HOUR);
    expect(late.fraction).toBe(1);
    expect(late.remainingMs).toBe(0);
  });
});

describe("results availability", () => {
  it("lasts 29 days from created_at, not from ended_at", () => {
    expect(resultsAvailableUntil(buildBatch())).toBe("2024-10-23T18:37:24.100Z");
  });

  it("needs an ended, unarchived batch with a results_url", () => {
    expect(hasResults(buildEndedBatch())).toBe(true);
    expect(hasResults(buildBatch())).toBe(false);
    expect(hasResults(buildEndedBatch({ archived_at: "2024-10-23T18:37:24Z" }))).toBe(false);
    expect(hasResults(buildEndedBatch({ results_url: null }))).toBe(false);
  });
});

describe("pickNewer", () => {
  const running = buildBatch({ request_counts: { processing: 8, succeeded: 2 } });
  const further = buildBatch({ request_counts: { processing: 5, succeeded: 5 } });
  const canceling = buildBatch({ processing_status: "canceling", request_counts: { processing: 8 } });
  const ended = buildEndedBatch();

  it("never lets an older snapshot replace a newer one", () => {
    expect(pickNewer(further, running)).toBe(further);
    expect(pickNewer(ended, running)).toBe(ended);
    expect(pickNewer(ended, canceling)).toBe(ended);
    expect(pickNewer(canceling, running)).toBe(canceling);
  });

  it("takes the incoming snapshot when it is later or the same", () => {
    expect(pickNewer(running, further)).toBe(further);
    expect(pickNewer(running, canceling)).toBe(canceling);
    const archived = buildEndedBatch({ archived_at: "2024-10-23T18:37:24Z" });
    expect(pickNewer(ended, archived)).toBe(archived);
  });
});
