// Pure view derivations over the upstream `message_batch` shape (kept as-is, snake_case). Isomorphic.
import type { MessageBatch, ProcessingStatus, RequestCounts } from "../schemas/batch";

type BatchLike = Pick<MessageBatch, "processing_status" | "request_counts">;
type TimedBatch = BatchLike & Pick<MessageBatch, "created_at" | "expires_at" | "ended_at">;

/** Results stay downloadable this long after `created_at` (not after `ended_at`). */
const RESULTS_RETENTION_MS = 29 * 86_400_000;

/** The order outcomes are drawn in: finished work first, what is still open last. */
export const OUTCOMES = ["succeeded", "errored", "canceled", "expired", "processing"] as const;
export type Outcome = (typeof OUTCOMES)[number];

export const STATUS_LABEL: Record<ProcessingStatus, string> = {
  in_progress: "In progress",
  canceling: "Canceling",
  ended: "Ended",
};

export function isTerminal(batch: Pick<MessageBatch, "processing_status">): boolean {
  return batch.processing_status === "ended";
}

export function totalRequests(counts: RequestCounts): number {
  return counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired;
}

/** Requests with an outcome. */
export function finishedRequests(counts: RequestCounts): number {
  return totalRequests(counts) - counts.processing;
}

export interface Segment {
  outcome: Outcome;
  count: number;
  /** Share of all requests, 0–1. */
  fraction: number;
}

/** Non-empty outcome segments in drawing order; fractions sum to 1 (or nothing for an empty batch). */
export function progressSegments(counts: RequestCounts): Segment[] {
  const total = totalRequests(counts);
  if (total === 0) return [];
  return OUTCOMES.filter((outcome) => counts[outcome] > 0).map((outcome) => ({
    outcome,
    count: counts[outcome],
    fraction: counts[outcome] / total,
  }));
}

/**
 * "counts": the outcome counts say something. "elapsed": the batch is still open and nothing has an
 * outcome yet, which is what the API documents for the whole run (batches-api.md §5.2); a bar of counts
 * would sit frozen at 0 %, so the honest measure is time spent in the 24 h window.
 */
export type ProgressMode = "counts" | "elapsed";

export function progressMode(batch: BatchLike): ProgressMode {
  if (isTerminal(batch)) return "counts";
  return finishedRequests(batch.request_counts) === 0 ? "elapsed" : "counts";
}

/**
 * How an ended batch went, so "Ended" never reads as success when nothing succeeded (users.md §7.8).
 * `null` while it is still open.
 */
export type OutcomeTone = "ok" | "partial" | "failed";

export function endedTone(batch: BatchLike): OutcomeTone | null {
  if (!isTerminal(batch)) return null;
  const { succeeded } = batch.request_counts;
  const total = totalRequests(batch.request_counts);
  if (succeeded === total) return "ok";
  return succeeded === 0 ? "failed" : "partial";
}

export interface TimeWindow {
  /** From creation to now, or to the end for an ended batch; never past the window. */
  elapsedMs: number;
  /** `expires_at - created_at`: 24 h on the API. */
  windowMs: number;
  /** elapsed / window, 0–1. */
  fraction: number;
  /** Until `expires_at`; 0 once ended or expired. */
  remainingMs: number;
}

export function timeWindow(batch: TimedBatch, now: number): TimeWindow {
  const start = Date.parse(batch.created_at);
  const end = Date.parse(batch.expires_at);
  const windowMs = Math.max(0, end - start);
  const stop = batch.ended_at === null ? now : Date.parse(batch.ended_at);
  const elapsedMs = clamp(stop - start, 0, windowMs);
  return {
    elapsedMs,
    windowMs,
    fraction: windowMs === 0 ? 1 : elapsedMs / windowMs,
    remainingMs: isTerminal(batch) ? 0 : clamp(end - now, 0, windowMs),
  };
}

export function resultsAvailableUntil(batch: Pick<MessageBatch, "created_at">): string {
  return new Date(Date.parse(batch.created_at) + RESULTS_RETENTION_MS).toISOString();
}

/** Whether the batch's results can be fetched now: ended, and not archived. */
export function hasResults(batch: Pick<MessageBatch, "processing_status" | "results_url" | "archived_at">) {
  return isTerminal(batch) && batch.results_url !== null && !batch.archived_at;
}

const STATUS_RANK: Record<ProcessingStatus, number> = { in_progress: 0, canceling: 1, ended: 2 };

/**
 * Of two snapshots of the same batch, the later one. Batches only move forward (status rank, then fewer
 * requests processing), so a slow list answer cannot overwrite a fresher detail answer, or the reverse.
 * Ties go to `incoming`, which carries anything else that changed (e.g. `archived_at`).
 */
export function pickNewer<T extends BatchLike>(current: T, incoming: T): T {
  const rank = STATUS_RANK[incoming.processing_status] - STATUS_RANK[current.processing_status];
  if (rank !== 0) return rank > 0 ? incoming : current;
  return incoming.request_counts.processing <= current.request_counts.processing ? incoming : current;
}

function clamp(value: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, value));
}
