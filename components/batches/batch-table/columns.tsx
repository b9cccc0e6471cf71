"use client";

import Link, { useLinkStatus } from "next/link";
import type { ReactNode } from "react";
import { formatCount, formatDuration, formatLocal, formatUtc } from "@/lib/batches/format";
import { progressMode, timeWindow, totalRequests } from "@/lib/batches/status";
import type { MessageBatch } from "@/lib/schemas/batch";
import { useNow } from "@/lib/use-now";
import { CopyButton } from "../../ui/copy-button";
import { Spinner } from "../../ui/icons";
import { RelativeTime } from "../../ui/relative-time";
import { BatchStatusBadge } from "../batch-status-badge";
import { OUTCOME_LABEL } from "../outcome-style";
import { RequestCountsBar } from "../request-counts-bar";
import { TimeWindowBar } from "../time-window-bar";

interface BatchColumn {
  id: string;
  header: string;
  /** Where the cell sits in the stacked (narrow) layout; see data-table.tsx. */
  cellClassName: string;
  /** False: left out of the stacked layout, because another cell already says it there. */
  stacked?: boolean;
  headerClassName?: string;
  cell: (batch: MessageBatch) => ReactNode;
}

function PendingMark() {
  const { pending } = useLinkStatus();
  return pending ? <Spinner className="size-3 text-muted" /> : null;
}

function IdCell({ batch }: { batch: MessageBatch }) {
  return (
    <div className="flex min-w-0 items-center gap-1">
      <Link
        href={`/batches/${batch.id}`}
        // Each batch page fetches its batch upstream; with up to 100 rows, prefetching them on hover or in
        // view would spend upstream calls nobody asked for.
        prefetch={false}
        // Ids differ at the end, so the narrow layout wraps them rather than cutting the end off.
        className="min-w-0 break-all font-mono text-accent text-xs underline-offset-2 hover:underline md:truncate md:break-normal"
        data-testid="batch-link"
      >
        {batch.id}
        <PendingMark />
      </Link>
      <CopyButton value={batch.id} label="Copy batch id" />
    </div>
  );
}

/** Outcome counts when they say something; otherwise time in the window, labelled as such. */
function ProgressCell({ batch }: { batch: MessageBatch }) {
  const { now } = useNow();
  const counts = batch.request_counts;
  const total = totalRequests(counts);
  if (progressMode(batch) === "elapsed") {
    const window = timeWindow(batch, now);
    return (
      <div className="grid gap-1" data-testid="row-progress" data-mode="elapsed">
        <TimeWindowBar batch={batch} />
        <p className="text-muted text-xs tabular-nums">
          All {formatCount(total)} processing ·{" "}
          <span className="text-fg">{formatDuration(window.elapsedMs)}</span> of{" "}
          {formatDuration(window.windowMs)}
        </p>
      </div>
    );
  }
  const finished = total - counts.processing;
  const notes = (["errored", "canceled", "expired"] as const)
    .filter((outcome) => counts[outcome] > 0)
    .map((outcome) => `${formatCount(counts[outcome])} ${OUTCOME_LABEL[outcome].toLowerCase()}`);
  return (
    <div className="grid gap-1" data-testid="row-progress" data-mode="counts">
      <RequestCountsBar counts={counts} />
      <p className="text-muted text-xs tabular-nums">
        <span className="text-fg">
          {formatCount(finished)}/{formatCount(total)}
        </span>{" "}
        finished{notes.length > 0 && ` · ${notes.join(" · ")}`}
      </p>
    </div>
  );
}

/** Ended: when (and how long it took). Open: the time left before `expires_at`. */
function EndCell({ batch }: { batch: MessageBatch }) {
  const { now, local } = useNow();
  if (batch.ended_at !== null) {
    return (
      <span className="text-muted">
        <span className="md:hidden">Ended </span>
        <RelativeTime iso={batch.ended_at} className="text-fg" />
        <span className="block text-xs">took {formatDuration(timeWindow(batch, now).elapsedMs)}</span>
      </span>
    );
  }
  const exact = local ? formatLocal(batch.expires_at) : formatUtc(batch.expires_at);
  return (
    <span className="text-muted" title={`Expires ${exact}`}>
      <span className="text-fg tabular-nums">{formatDuration(timeWindow(batch, now).remainingMs)}</span> left
      <span className="block text-xs">
        {batch.processing_status === "canceling" ? "canceling" : "before it expires"}
      </span>
    </span>
  );
}

export const BATCH_COLUMNS: BatchColumn[] = [
  {
    id: "id",
    header: "Batch",
    cellClassName: "[grid-area:id] min-w-0 md:max-w-72",
    cell: (batch) => <IdCell batch={batch} />,
  },
  {
    id: "status",
    header: "Status",
    cellClassName: "[grid-area:status] justify-self-end",
    cell: (batch) => <BatchStatusBadge batch={batch} />,
  },
  {
    id: "progress",
    header: "Progress",
    cellClassName: "[grid-area:progress] md:w-[30%] md:min-w-48",
    cell: (batch) => <ProgressCell batch={batch} />,
  },
  {
    id: "requests",
    header: "Requests",
    // The progress caption already gives the total.
    stacked: false,
    cellClassName: "text-right tabular-nums",
    headerClassName: "text-right",
    cell: (batch) => formatCount(totalRequests(batch.request_counts)),
  },
  {
    id: "created",
    header: "Created",
    cellClassName: "[grid-area:created] text-muted",
    cell: (batch) => (
      <>
        <span className="md:hidden">Created </span>
        <RelativeTime iso={batch.created_at} className="text-fg" />
      </>
    ),
  },
  {
    id: "ends",
    header: "Ended / time left",
    cellClassName: "[grid-area:ends] text-right md:text-left",
    cell: (batch) => <EndCell batch={batch} />,
  },
];
