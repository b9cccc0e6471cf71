import { Skeleton } from "../../ui/skeleton";

function PanelSkeleton({ lines }: { lines: number }) {
  return (
    <div className="rounded-md border border-line bg-surface">
      <div className="border-line border-b px-4 py-3">
        <Skeleton className="h-3.5 w-24" />
      </div>
      <div className="grid gap-3 px-4 py-4">
        {Array.from({ length: lines }, (_, line) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: placeholder lines have nothing else to key on.
          <Skeleton key={line} className={`h-3.5 ${line % 2 ? "w-2/3" : "w-full"}`} />
        ))}
      </div>
    </div>
  );
}

/** The batch page's shape while the batch loads in the browser (the server could not fetch it). */
export function BatchDetailSkeleton() {
  return (
    <div role="status" className="grid gap-4" data-testid="batch-detail-skeleton">
      <span className="sr-only">Loading the batch…</span>
      <Skeleton className="h-6 w-80 max-w-full" />
      <div className="grid gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <PanelSkeleton lines={5} />
        </div>
        <PanelSkeleton lines={4} />
      </div>
    </div>
  );
}
