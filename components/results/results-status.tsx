"use client";

import { Button } from "@/components/ui/button";
import { AlertIcon, Spinner } from "@/components/ui/icons";
import { ProgressBar } from "@/components/ui/progress-bar";
import { formatBytes, formatCount } from "@/lib/batches/format";
import type { ResultsStore } from "@/lib/results/browser/results-store";
import { ErrorDetails } from "../batches/query-error";

/** How much has arrived, of how much; and when it stopped early, why and what to do. */
export function ResultsStatus({ store }: { store: ResultsStore }) {
  const { state, expected, bytes, totalBytes } = store;
  const loaded = store.rows.length;
  const of = expected !== undefined ? ` of ${formatCount(expected)}` : "";
  const size = `${formatBytes(bytes)}${totalBytes ? ` of ${formatBytes(totalBytes)}` : ""}`;
  if (state.kind === "loading") {
    return (
      <div className="grid gap-1.5" role="status" data-testid="results-progress">
        <p className="flex items-center gap-2 text-sm tabular-nums">
          <Spinner />
          Loading results: {formatCount(loaded)}
          {of} · {size}
        </p>
        {expected ? (
          <ProgressBar
            fraction={loaded / expected}
            label="Results loaded"
            valueText={`${formatCount(loaded)}${of} results`}
            testId="results-bar"
          />
        ) : null}
      </div>
    );
  }
  if (state.kind === "complete") {
    return (
      <p className="text-muted text-sm tabular-nums" role="status" data-testid="results-complete">
        All {formatCount(loaded)} results loaded · {formatBytes(bytes)}
        {store.counts.invalid > 0 && (
          <span className="text-bad">
            {" "}
            · {formatCount(store.counts.invalid)} {store.counts.invalid === 1 ? "line" : "lines"} could not be
            read
          </span>
        )}
      </p>
    );
  }
  if (state.kind === "interrupted") {
    return (
      <div
        role="alert"
        className="grid gap-2 rounded-md border border-bad/40 bg-surface px-3 py-2.5"
        data-testid="results-interrupted"
      >
        <p className="flex items-start gap-2 font-medium text-bad text-sm">
          <AlertIcon className="mt-0.5 size-4 shrink-0" />
          Interrupted after {formatCount(loaded)}
          {of} results: the rest did not arrive, so what is shown is incomplete.
        </p>
        <p className="text-muted text-xs">{state.message}</p>
        <div className="flex flex-wrap gap-2">
          <Button size="sm" variant="primary" onClick={() => store.resume()} data-testid="results-resume">
            Resume (fetch again, keep the {formatCount(loaded)} loaded)
          </Button>
          <Button size="sm" onClick={() => store.start()} data-testid="results-restart">
            Start over
          </Button>
        </div>
      </div>
    );
  }
  return (
    <div
      role="alert"
      className="grid gap-2 rounded-md border border-bad/40 bg-surface px-3 py-2.5"
      data-testid="results-failed"
    >
      <p className="flex items-center gap-2 font-medium text-bad text-sm">
        <AlertIcon className="size-4" />
        The results could not be loaded.
      </p>
      <ErrorDetails error={state.error} />
      <div>
        <Button size="sm" variant="primary" onClick={() => store.start()} data-testid="results-retry">
          Retry
        </Button>
      </div>
    </div>
  );
}
