import { ApiError } from "./fetch-json";

/** Longest wait between polls while the API keeps failing. */
export const MAX_POLL_MS = 60_000;

interface PollState {
  status: "pending" | "error" | "success";
  error: unknown;
  dataUpdatedAt: number;
  errorUpdatedAt: number;
  errorUpdateCount: number;
}

/**
 * The wait before the next poll of a query that still has something to watch. After a failure it backs
 * off: with data shown, at least as long as the data has been stale (so the wait roughly doubles per
 * failure); with nothing shown yet, doubling per failure. A permanent answer (404, 400…) stops polling;
 * the user can still retry by hand.
 */
export function pollDelay(baseMs: number, state: PollState, now: number): number | false {
  if (state.status !== "error") return baseMs;
  if (state.error instanceof ApiError) {
    if (state.error.isPermanent) return false;
    if (state.error.retryAfter !== undefined) return Math.max(baseMs, state.error.retryAfter * 1000);
  }
  const backoff =
    state.dataUpdatedAt > 0
      ? Math.max(2 * baseMs, now - state.dataUpdatedAt)
      : baseMs * 2 ** Math.min(state.errorUpdateCount, 10);
  return Math.min(MAX_POLL_MS, backoff);
}

/**
 * Polls slow down while the window is visible but not focused (another window on top); React Query
 * already pauses them while the tab is hidden.
 */
export function focusFactor(): number {
  return typeof document === "undefined" || document.hasFocus() ? 1 : 4;
}
