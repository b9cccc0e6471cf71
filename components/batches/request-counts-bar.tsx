import { formatCount } from "@/lib/batches/format";
import { finishedRequests, progressSegments, totalRequests } from "@/lib/batches/status";
import type { RequestCounts } from "@/lib/schemas/batch";
import { OUTCOME_FILL, OUTCOME_LABEL } from "./outcome-style";

/** "12 of 200 finished: 10 succeeded, 2 errored, 188 processing". */
export function describeCounts(counts: RequestCounts): string {
  const parts = progressSegments(counts).map(
    (segment) => `${formatCount(segment.count)} ${OUTCOME_LABEL[segment.outcome].toLowerCase()}`,
  );
  const head = `${formatCount(finishedRequests(counts))} of ${formatCount(totalRequests(counts))} finished`;
  return parts.length ? `${head}: ${parts.join(", ")}` : head;
}

interface RequestCountsBarProps {
  counts: RequestCounts;
  size?: "sm" | "md";
}

/** One bar, one segment per outcome, widths by share of all requests. */
export function RequestCountsBar({ counts, size = "sm" }: RequestCountsBarProps) {
  const total = totalRequests(counts);
  const finished = finishedRequests(counts);
  return (
    <div
      role="progressbar"
      aria-label="Requests finished"
      aria-valuemin={0}
      aria-valuemax={total}
      aria-valuenow={finished}
      aria-valuetext={describeCounts(counts)}
      title={describeCounts(counts)}
      className={`flex w-full overflow-hidden rounded-full bg-line ${size === "md" ? "h-3" : "h-2"}`}
      data-testid="counts-bar"
      data-finished={finished}
      data-total={total}
    >
      {progressSegments(counts).map((segment) => (
        <span
          key={segment.outcome}
          className={`h-full transition-[width] duration-500 not-last:border-surface not-last:border-r ${OUTCOME_FILL[segment.outcome]}`}
          style={{ width: `${segment.fraction * 100}%` }}
          data-outcome={segment.outcome}
        />
      ))}
    </div>
  );
}
