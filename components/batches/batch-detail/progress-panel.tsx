import { useId } from "react";
import { formatCount, formatPercent } from "@/lib/batches/format";
import { finishedRequests, OUTCOMES, progressMode, totalRequests } from "@/lib/batches/status";
import type { MessageBatch } from "@/lib/schemas/batch";
import { useNow } from "@/lib/use-now";
import { Panel } from "../../ui/panel";
import { RelativeTime } from "../../ui/relative-time";
import { OUTCOME_FILL, OUTCOME_LABEL } from "../outcome-style";
import { RequestCountsBar } from "../request-counts-bar";
import { describeWindow, TimeWindowBar } from "../time-window-bar";

function OutcomeLegend({ batch }: { batch: MessageBatch }) {
  const counts = batch.request_counts;
  const total = totalRequests(counts);
  return (
    <dl className="grid grid-cols-2 gap-x-4 gap-y-2 sm:grid-cols-5" data-testid="outcome-legend">
      {OUTCOMES.map((outcome) => (
        <div key={outcome} className="grid gap-0.5" data-outcome={outcome}>
          <dt className="flex items-center gap-1.5 text-muted text-xs">
            <span aria-hidden className={`size-2.5 rounded-sm ${OUTCOME_FILL[outcome]}`} />
            {OUTCOME_LABEL[outcome]}
          </dt>
          <dd className="tabular-nums">
            <span className="font-semibold text-base" data-testid={`count-${outcome}`}>
              {formatCount(counts[outcome])}
            </span>{" "}
            <span className="text-muted text-xs">{formatPercent(counts[outcome], total)}</span>
          </dd>
        </div>
      ))}
    </dl>
  );
}

/**
 * Counts and the processing window. While nothing has an outcome yet, the counts bar would sit at 0 %
 * for the whole run (the API may report every request as processing until the end), so the time bar
 * stands in as the measure of progress and says why.
 */
export function ProgressPanel({ batch }: { batch: MessageBatch }) {
  const { now } = useNow();
  const headingId = useId();
  const counts = batch.request_counts;
  const total = totalRequests(counts);
  const finished = finishedRequests(counts);
  const mode = progressMode(batch);
  return (
    <Panel
      title="Progress"
      testId="progress-panel"
      aside={
        <span className="text-muted text-xs tabular-nums" data-testid="progress-summary">
          {formatCount(finished)} of {formatCount(total)} finished ({formatPercent(finished, total)})
        </span>
      }
    >
      <div className="grid gap-5" data-mode={mode}>
        <section className="grid gap-3" aria-labelledby={`${headingId}-requests`}>
          <h3 id={`${headingId}-requests`} className="font-medium text-muted text-xs uppercase tracking-wide">
            Requests
          </h3>
          {mode === "elapsed" ? (
            <p className="rounded border border-info/30 bg-info/10 px-3 py-2" data-testid="honest-note">
              The API reports all {formatCount(total)} requests as processing and gives outcomes only when the
              batch ends, so there is no per-request progress to show. The time bar below shows how far the
              batch is into its processing window instead.
            </p>
          ) : (
            <RequestCountsBar counts={counts} size="md" />
          )}
          <OutcomeLegend batch={batch} />
          {batch.cancel_initiated_at && batch.processing_status === "canceling" && (
            <p className="text-warn" data-testid="canceling-note">
              Cancel requested <RelativeTime iso={batch.cancel_initiated_at} />. Requests not yet started
              become canceled; ones in flight may still finish.
            </p>
          )}
        </section>
        <section className="grid gap-2" aria-labelledby={`${headingId}-window`}>
          <h3 id={`${headingId}-window`} className="font-medium text-muted text-xs uppercase tracking-wide">
            Processing window
          </h3>
          <TimeWindowBar batch={batch} size="md" />
          <div className="flex flex-wrap justify-between gap-x-4 gap-y-1 text-muted text-xs">
            <span>
              Created <RelativeTime iso={batch.created_at} className="text-fg" />
            </span>
            <span className="text-fg" data-testid="window-summary">
              {describeWindow(batch, now)}
            </span>
            {batch.processing_status !== "ended" && (
              <span>
                Expires <RelativeTime iso={batch.expires_at} className="text-fg" />
              </span>
            )}
          </div>
          {batch.processing_status !== "ended" && (
            <p className="text-muted text-xs">
              Requests still processing when the window closes end as expired.
            </p>
          )}
        </section>
      </div>
    </Panel>
  );
}
