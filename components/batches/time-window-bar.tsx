"use client";

import { formatDuration } from "@/lib/batches/format";
import { isTerminal, timeWindow } from "@/lib/batches/status";
import type { MessageBatch } from "@/lib/schemas/batch";
import { useNow } from "@/lib/use-now";

type WindowBatch = Pick<
  MessageBatch,
  "processing_status" | "request_counts" | "created_at" | "expires_at" | "ended_at"
>;

/** "2 h 5 min of 24 h elapsed, 21 h 55 min left", or how long an ended batch took. */
export function describeWindow(batch: WindowBatch, now: number): string {
  const window = timeWindow(batch, now);
  const span = formatDuration(window.windowMs);
  if (isTerminal(batch)) return `Ended after ${formatDuration(window.elapsedMs)} of its ${span} window`;
  return `${formatDuration(window.elapsedMs)} of ${span} elapsed, ${formatDuration(window.remainingMs)} left`;
}

interface TimeWindowBarProps {
  batch: WindowBatch;
  size?: "sm" | "md";
}

/** Time from creation toward `expires_at`, when the batch expires and open requests become `expired`. */
export function TimeWindowBar({ batch, size = "sm" }: TimeWindowBarProps) {
  const { now } = useNow();
  const window = timeWindow(batch, now);
  const percent = Math.round(window.fraction * 1000) / 10;
  return (
    <div
      role="progressbar"
      aria-label="Time in the processing window"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      aria-valuetext={describeWindow(batch, now)}
      className={`w-full overflow-hidden rounded-full bg-line ${size === "md" ? "h-3" : "h-2"}`}
      data-testid="time-bar"
      data-elapsed-ms={window.elapsedMs}
    >
      <span
        className={`block h-full rounded-full ${isTerminal(batch) ? "bg-muted" : "bg-info"}`}
        // At least a sliver, so a just-started batch visibly has a bar.
        style={{ width: `max(0.25rem, ${percent}%)` }}
      />
    </div>
  );
}
