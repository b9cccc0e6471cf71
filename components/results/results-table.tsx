"use client";

import { useVirtualizer } from "@tanstack/react-virtual";
import { type KeyboardEvent, useEffect, useRef, useState } from "react";
import { formatCount } from "@/lib/batches/format";
import type { ResultRow } from "@/lib/results/result-row";
import type { SortKey } from "@/lib/results/view";
import { RESULT_LABEL } from "./result-style";

const ROW_HEIGHT = 36;
/**
 * Columns, shared by the header and every row, by the width of the table itself (a container query): with
 * the detail open beside it the table is narrow even on a wide screen. Narrow: id, result, preview; medium
 * adds the stop reason or error; wide adds the line and the token counts.
 */
const GRID =
  "grid grid-cols-[minmax(7rem,1fr)_6rem_minmax(8rem,2fr)] items-center gap-x-3 px-3 @xl:grid-cols-[minmax(8rem,13rem)_6rem_9rem_minmax(10rem,1fr)] @4xl:grid-cols-[4rem_minmax(8rem,13rem)_6.5rem_9rem_4.5rem_4.5rem_minmax(10rem,1fr)]";
const MEDIUM = "hidden @xl:block";
const WIDE = "hidden @4xl:block";

interface ResultsTableProps {
  rows: readonly ResultRow[];
  /** The row whose detail is open. */
  selected: number | undefined;
  onSelect: (row: ResultRow) => void;
  sort: SortKey;
  onSort: (sort: SortKey) => void;
  /** Shown when no row matches. */
  empty: string;
}

const tokens = (value: number) => (value < 0 ? "—" : formatCount(value));

function SortHeader({
  label,
  keyName,
  sort,
  onSort,
  className = "",
}: {
  label: string;
  keyName: "custom_id" | "input" | "output";
  sort: SortKey;
  onSort: (sort: SortKey) => void;
  className?: string;
}) {
  const direction = sort === keyName ? "ascending" : sort === `-${keyName}` ? "descending" : "none";
  // Tokens are most useful largest first; ids alphabetically.
  const first: SortKey = keyName === "custom_id" ? "custom_id" : (`-${keyName}` as SortKey);
  const second: SortKey = keyName === "custom_id" ? "-custom_id" : keyName;
  const next = sort === first ? second : sort === second ? "file" : first;
  return (
    <th scope="col" aria-sort={direction} className={className}>
      <button
        type="button"
        onClick={() => onSort(next)}
        className="inline-flex items-center gap-1 font-medium hover:text-fg"
        data-testid={`sort-${keyName}`}
      >
        {label}
        <span aria-hidden className="w-3 text-fg">
          {direction === "ascending" ? "↑" : direction === "descending" ? "↓" : ""}
        </span>
      </button>
    </th>
  );
}

/**
 * A virtualized grid: only the rows in view (plus a few) are in the DOM, so 100,000 rows scroll as smoothly
 * as 100. The grid itself takes focus; arrow keys, Page Up/Down, Home and End move the cursor, Enter opens
 * the row under it.
 */
export function ResultsTable({ rows, selected, onSelect, sort, onSort, empty }: ResultsTableProps) {
  const scroller = useRef<HTMLDivElement>(null);
  const [cursor, setCursor] = useState(0);
  const virtualizer = useVirtualizer({
    count: rows.length,
    getScrollElement: () => scroller.current,
    estimateSize: () => ROW_HEIGHT,
    // Few rows beyond the window: a jump (a scrollbar drag, End) renders every row anew, and each costs style work.
    overscan: 2,
  });

  // A filter can leave the cursor past the end.
  useEffect(() => {
    if (cursor >= rows.length) setCursor(Math.max(0, rows.length - 1));
  }, [cursor, rows.length]);

  const moveTo = (position: number) => {
    const next = Math.min(Math.max(position, 0), rows.length - 1);
    setCursor(next);
    virtualizer.scrollToIndex(next, { align: "auto" });
  };

  const onKeyDown = (event: KeyboardEvent) => {
    const page = Math.max(
      1,
      Math.floor((scroller.current?.clientHeight ?? ROW_HEIGHT * 10) / ROW_HEIGHT) - 1,
    );
    const moves: Record<string, number> = {
      ArrowDown: cursor + 1,
      ArrowUp: cursor - 1,
      PageDown: cursor + page,
      PageUp: cursor - page,
      Home: 0,
      End: rows.length - 1,
    };
    const target = moves[event.key];
    if (target !== undefined && rows.length > 0) {
      event.preventDefault();
      moveTo(target);
    } else if ((event.key === "Enter" || event.key === " ") && rows[cursor]) {
      event.preventDefault();
      onSelect(rows[cursor]);
    }
  };

  const active = rows[cursor];
  return (
    <div
      ref={scroller}
      className="@container relative h-[60vh] min-h-72 overflow-auto rounded-md border border-line bg-surface"
      data-testid="results-scroll"
    >
      {/* A grid of table elements in CSS grid layout: rows are positioned absolutely, as virtualization needs. */}
      <table
        // biome-ignore lint/a11y/noNoninteractiveElementToInteractiveRole: a table navigated by keyboard is an ARIA grid
        role="grid"
        aria-label="Results"
        aria-rowcount={rows.length + 1}
        // The grid is one tab stop; arrow keys move through its rows.
        tabIndex={0}
        aria-activedescendant={active ? `result-row-${active.index}` : undefined}
        onKeyDown={onKeyDown}
        className="grid w-full focus-visible:outline-2 focus-visible:outline-info focus-visible:-outline-offset-2"
        data-testid="results-table"
      >
        <thead className="sticky top-0 z-10 grid border-line border-b bg-canvas text-muted text-xs">
          <tr aria-rowindex={1} className={`${GRID} h-9 text-left`}>
            <th scope="col" className={`${WIDE} font-medium`}>
              Line
            </th>
            <SortHeader label="custom_id" keyName="custom_id" sort={sort} onSort={onSort} />
            <th scope="col" className="font-medium">
              Result
            </th>
            <th scope="col" className={`${MEDIUM} font-medium`}>
              Stop reason / error
            </th>
            <SortHeader
              label="In"
              keyName="input"
              sort={sort}
              onSort={onSort}
              className={`${WIDE} justify-self-end`}
            />
            <SortHeader
              label="Out"
              keyName="output"
              sort={sort}
              onSort={onSort}
              className={`${WIDE} justify-self-end`}
            />
            <th scope="col" className="font-medium">
              Preview
            </th>
          </tr>
        </thead>
        <tbody
          className="relative grid"
          style={{ height: rows.length ? virtualizer.getTotalSize() : undefined }}
        >
          {rows.length === 0 ? (
            <tr className="grid">
              <td className="px-3 py-6 text-center text-muted text-sm" data-testid="results-empty">
                {empty}
              </td>
            </tr>
          ) : (
            virtualizer.getVirtualItems().map((item) => {
              const row = rows[item.index] as ResultRow;
              const isCursor = item.index === cursor;
              const isSelected = row.index === selected;
              return (
                <tr
                  key={row.index}
                  id={`result-row-${row.index}`}
                  aria-rowindex={item.index + 2}
                  aria-selected={isSelected}
                  onClick={() => {
                    setCursor(item.index);
                    onSelect(row);
                  }}
                  className={`${GRID} results-row absolute top-0 left-0 w-full cursor-pointer border-line border-b ${
                    isSelected ? "bg-info/15" : isCursor ? "bg-canvas" : "hover:bg-canvas"
                  } ${isCursor ? "shadow-[inset_3px_0_0_var(--bb-info)]" : ""}`}
                  style={{ height: ROW_HEIGHT, transform: `translateY(${item.start}px)` }}
                  data-testid="result-row"
                  data-type={row.type}
                  data-custom-id={row.customId}
                >
                  {/* Cells carry no classes: the row styles them by position (app/globals.css, .results-row). */}
                  <td>{row.line}</td>
                  <td title={row.customId}>{row.customId || "—"}</td>
                  <td>{RESULT_LABEL[row.type]}</td>
                  <td>{row.stopReason || row.errorType || "—"}</td>
                  <td>{tokens(row.inputTokens)}</td>
                  <td>{tokens(row.outputTokens)}</td>
                  <td title={row.preview}>{row.preview || "—"}</td>
                </tr>
              );
            })
          )}
        </tbody>
      </table>
    </div>
  );
}
