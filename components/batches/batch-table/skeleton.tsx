import { Skeleton } from "../../ui/skeleton";

/** The table's shape while its first data loads: same header, same row height, no layout jump. */
export function BatchTableSkeleton({ rows = 8 }: { rows?: number }) {
  return (
    <div
      role="status"
      className="overflow-hidden rounded-md border border-line bg-surface"
      data-testid="batch-table-skeleton"
    >
      <span className="sr-only">Loading batches…</span>
      <div className="hidden grid-cols-[18rem_6rem_1fr_5rem_7rem_8rem] gap-3 border-line border-b bg-canvas/60 px-3 py-2.5 md:grid">
        {["w-12", "w-10", "w-14", "w-14", "w-12", "w-20"].map((width, column) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder cells have nothing else to key on.
          <Skeleton key={column} className={`h-3 ${width}`} />
        ))}
      </div>
      {Array.from({ length: rows }, (_, row) => (
        <div
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder rows have nothing else to key on.
          key={row}
          className="grid grid-cols-[1fr_auto] items-center gap-x-3 gap-y-2.5 border-line px-3 py-3.5 not-first:border-t md:grid-cols-[18rem_6rem_1fr_5rem_7rem_8rem] md:py-4"
        >
          <Skeleton className="h-3.5 w-56 max-w-full" />
          <Skeleton className="h-5 w-20 rounded-full" />
          <Skeleton className="col-span-2 h-2 md:col-span-1" />
          <Skeleton className="hidden h-3.5 w-10 justify-self-end md:block" />
          <Skeleton className="h-3.5 w-20" />
          <Skeleton className="h-3.5 w-24 justify-self-end md:justify-self-start" />
        </div>
      ))}
    </div>
  );
}
