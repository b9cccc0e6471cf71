"use client";

import { useEffect, useState } from "react";
import { Button } from "@/components/ui/button";
import { ChevronLeftIcon, ChevronRightIcon } from "@/components/ui/icons";
import type { ResultsStore } from "@/lib/results/browser/results-store";
import type { ResultRow } from "@/lib/results/result-row";
import { ResultDetail } from "./result-detail";

interface ResultDetailPanelProps {
  store: ResultsStore;
  row: ResultRow;
  /** The rows before and after it in the current view, if any. */
  previous?: ResultRow;
  next?: ResultRow;
  onSelect: (row: ResultRow) => void;
  onClose: () => void;
}

type Loaded = { row: ResultRow; raw: string; value: unknown };

/**
 * The full result of one row, read back from the bytes kept for it and parsed only now: the table holds a
 * summary, this holds everything. Beside the table on wide screens, a sheet over it on narrow ones.
 */
export function ResultDetailPanel({ store, row, previous, next, onSelect, onClose }: ResultDetailPanelProps) {
  const [loaded, setLoaded] = useState<Loaded | undefined>();

  useEffect(() => {
    let current = true;
    void store
      .lineBlob(row)
      .text()
      .then((raw) => {
        let value: unknown;
        try {
          value = JSON.parse(raw);
        } catch {
          value = undefined;
        }
        if (current) setLoaded({ row, raw, value });
      });
    return () => {
      current = false;
    };
  }, [store, row]);

  useEffect(() => {
    const onKey = (event: KeyboardEvent) => {
      if (event.key === "Escape") onClose();
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, [onClose]);

  return (
    <aside
      aria-label={`Result ${row.customId || `on line ${row.line}`}`}
      className="fixed inset-x-0 bottom-0 z-20 max-h-[75vh] overflow-auto rounded-t-lg border border-line bg-surface shadow-lg lg:static lg:max-h-[calc(60vh+2.25rem)] lg:rounded-md lg:shadow-none"
      data-testid="result-detail-panel"
    >
      <div className="sticky top-0 z-10 flex items-center justify-between gap-2 border-line border-b bg-surface px-3 py-2">
        <span className="text-muted text-xs tabular-nums">Line {row.line}</span>
        <div className="flex items-center gap-1">
          <Button
            size="sm"
            variant="ghost"
            onClick={() => previous && onSelect(previous)}
            aria-disabled={!previous || undefined}
            aria-label="Previous result"
          >
            <ChevronLeftIcon />
          </Button>
          <Button
            size="sm"
            variant="ghost"
            onClick={() => next && onSelect(next)}
            aria-disabled={!next || undefined}
            aria-label="Next result"
          >
            <ChevronRightIcon />
          </Button>
          <Button size="sm" onClick={onClose} data-testid="close-detail">
            Close
          </Button>
        </div>
      </div>
      <div className="px-3 py-3">
        {loaded?.row === row ? (
          <ResultDetail key={row.index} value={loaded.value} raw={loaded.raw} line={row.line} />
        ) : (
          <p className="text-muted text-sm">Reading the result…</p>
        )}
      </div>
    </aside>
  );
}
