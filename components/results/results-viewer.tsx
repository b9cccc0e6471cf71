"use client";

import { useEffect, useLayoutEffect, useMemo, useRef, useState, useSyncExternalStore } from "react";
import { formatCount } from "@/lib/batches/format";
import { ResultsStore } from "@/lib/results/browser/results-store";
import type { ResultRow } from "@/lib/results/result-row";
import { selectRows, viewKey } from "@/lib/results/view";
import { ResultDetailPanel } from "./result-detail-panel";
import { ResultsDownloads } from "./results-downloads";
import { ResultsFilters } from "./results-filters";
import { ResultsStatus } from "./results-status";
import { ResultsTable } from "./results-table";
import { useResultsView } from "./use-results-view";

/**
 * Marks for the results benchmark and for anyone profiling: when the first byte reached the loader, when the
 * first rows were painted, when everything was in.
 */
function useLoadMarks(store: ResultsStore, rows: number, done: boolean) {
  const marked = useRef({ firstRows: false, complete: false });
  useEffect(() => {
    if (rows === 0 || marked.current.firstRows) return;
    marked.current.firstRows = true;
    if (store.firstByteAt !== undefined) {
      performance.mark("results:first-byte", { startTime: store.firstByteAt - performance.timeOrigin });
    }
    requestAnimationFrame(() => performance.mark("results:first-rows"));
  }, [store, rows]);
  useEffect(() => {
    if (!done || marked.current.complete) return;
    marked.current.complete = true;
    performance.mark("results:complete");
  }, [done]);
}

/** Streams a batch's results into a filterable, sortable, virtualized table with a detail view. */
export function ResultsViewer({ batchId }: { batchId: string }) {
  const [store] = useState(() => new ResultsStore(`/api/batches/${encodeURIComponent(batchId)}/results`));
  useEffect(() => {
    store.start();
    return () => store.dispose();
  }, [store]);
  const version = useSyncExternalStore(store.subscribe, store.getVersion, store.getVersion);
  const [view, setView] = useResultsView();
  const key = viewKey(view);
  // biome-ignore lint/correctness/useExhaustiveDependencies: `version` and `key` stand for the store's rows and the view's filters
  const rows = useMemo(() => selectRows(store.rows, view), [store, version, key]);
  const done = store.state.kind !== "loading";
  useLoadMarks(store, store.rows.length, store.state.kind === "complete");

  const root = useRef<HTMLDivElement>(null);
  // Set once the filtered rows are in the DOM: the benchmark times a filter switch up to this change.
  // biome-ignore lint/correctness/useExhaustiveDependencies: runs after each commit of new rows, which `rows` stands for
  useLayoutEffect(() => {
    root.current?.setAttribute("data-view", key);
  }, [key, rows]);

  const selected = view.row !== undefined ? store.rows[view.row] : undefined;
  const position = selected ? rows.indexOf(selected) : -1;
  const select = (row: ResultRow) => setView({ row: row.index });

  return (
    <div
      ref={root}
      className="grid gap-3"
      data-testid="results-viewer"
      data-state={store.state.kind}
      data-rows={store.rows.length}
      data-visible={rows.length}
    >
      <ResultsStatus store={store} />
      <ResultsFilters
        view={view}
        onChange={setView}
        counts={store.counts}
        total={store.rows.length}
        errorTypes={store.errorTypes}
        stopReasons={store.stopReasons}
      />
      <div className="flex flex-wrap items-center justify-between gap-2">
        <p className="text-muted text-sm tabular-nums" data-testid="results-shown">
          {rows.length === store.rows.length
            ? `${formatCount(rows.length)} results`
            : `${formatCount(rows.length)} of ${formatCount(store.rows.length)} results match`}
        </p>
        <ResultsDownloads
          batchId={batchId}
          store={store}
          rows={rows}
          viewName={
            view.type === "all" && !view.q && !view.errorType && !view.stopReason ? "all" : "filtered"
          }
          complete={store.state.kind === "complete"}
        />
      </div>
      <div className={`grid items-start gap-3 ${selected ? "lg:grid-cols-[minmax(0,1fr)_30rem]" : ""}`}>
        <ResultsTable
          rows={rows}
          selected={view.row}
          onSelect={select}
          sort={view.sort}
          onSort={(sort) => setView({ sort })}
          empty={
            store.rows.length === 0
              ? done
                ? "This batch has no results."
                : "Waiting for the first results…"
              : "No result matches these filters."
          }
        />
        {selected && (
          <ResultDetailPanel
            store={store}
            row={selected}
            previous={position > 0 ? rows[position - 1] : undefined}
            next={position >= 0 ? rows[position + 1] : undefined}
            onSelect={select}
            onClose={() => setView({ row: undefined })}
          />
        )}
      </div>
    </div>
  );
}
