import { useId } from "react";
import type { ListQuery, Neighbours, PageSize } from "@/lib/batches/list-query";
import { PAGE_SIZES } from "@/lib/schemas/batch";
import { Button } from "../../ui/button";
import { ChevronLeftIcon, ChevronRightIcon } from "../../ui/icons";

interface PaginationProps {
  neighbours: Neighbours;
  firstPage: boolean;
  limit: PageSize;
  /** Rows on screen belong to the previous position while the next one loads. */
  loading: boolean;
  shown: number;
  onNavigate: (query: ListQuery) => void;
  onLimitChange: (limit: PageSize) => void;
}

/**
 * Cursor pagination: newer and older pages relative to this one. Buttons at an end stay focusable
 * (aria-disabled) so a keyboard user paging through does not lose focus when the last page arrives.
 */
export function Pagination({
  neighbours,
  firstPage,
  limit,
  loading,
  shown,
  onNavigate,
  onLimitChange,
}: PaginationProps) {
  const sizeId = useId();
  const go = (target: ListQuery | null) => () => {
    if (target && !loading) onNavigate(target);
  };
  return (
    <nav
      aria-label="Pages of batches"
      className="flex flex-wrap items-center justify-between gap-x-4 gap-y-2 text-sm"
      data-testid="pagination"
    >
      <div className="flex items-center gap-2 text-muted">
        <label htmlFor={sizeId}>Rows per page</label>
        <select
          id={sizeId}
          value={limit}
          onChange={(event) => onLimitChange(Number(event.target.value) as PageSize)}
          className="h-8 rounded border border-line bg-surface px-2 text-fg"
          data-testid="page-size"
        >
          {PAGE_SIZES.map((size) => (
            <option key={size} value={size}>
              {size}
            </option>
          ))}
        </select>
        <span aria-live="polite" className="tabular-nums">
          {loading ? "Loading…" : `${shown} shown`}
        </span>
      </div>
      <div className="ml-auto flex items-center gap-2">
        {!firstPage && (
          <Button variant="ghost" onClick={go({ limit })} data-testid="page-newest">
            Newest
          </Button>
        )}
        <Button
          onClick={go(neighbours.previous)}
          aria-disabled={!neighbours.previous || loading || undefined}
          title={neighbours.previous ? undefined : "This is the newest page"}
          data-testid="page-previous"
        >
          <ChevronLeftIcon />
          Newer
        </Button>
        <Button
          onClick={go(neighbours.next)}
          aria-disabled={!neighbours.next || loading || undefined}
          title={neighbours.next ? undefined : "This is the oldest page"}
          data-testid="page-next"
        >
          Older
          <ChevronRightIcon />
        </Button>
      </div>
    </nav>
  );
}
