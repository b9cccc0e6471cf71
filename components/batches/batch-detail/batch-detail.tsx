"use client";

import { useQuery, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { batchDetailOptions } from "@/lib/queries/batches";
import { ApiError } from "@/lib/queries/fetch-json";
import { CopyButton } from "../../ui/copy-button";
import { ArrowLeftIcon } from "../../ui/icons";
import { BatchActions } from "../batch-actions";
import { BatchNotFound } from "../batch-not-found";
import { BatchStatusBadge } from "../batch-status-badge";
import { QueryErrorState, RefreshWarning } from "../query-error";
import { ProgressPanel } from "./progress-panel";
import { ResultsPanel } from "./results-panel";
import { BatchDetailSkeleton } from "./skeleton";
import { StatusAnnouncer } from "./status-announcer";
import { TimestampsPanel } from "./timestamps-panel";

/** One batch, kept live: polled while it runs, never again once it has ended. */
export function BatchDetail({ id }: { id: string }) {
  const client = useQueryClient();
  const { data: batch, error, isFetching, refetch } = useQuery(batchDetailOptions(id, client));
  const retry = () => void refetch();

  // Gone since the page loaded (deleted from another tab or by a script).
  if (error instanceof ApiError && error.status === 404) return <BatchNotFound id={id} />;
  if (!batch) {
    return error ? (
      <QueryErrorState title="Could not load the batch" error={error} onRetry={retry} retrying={isFetching} />
    ) : (
      <BatchDetailSkeleton />
    );
  }

  return (
    <div className="grid gap-4" data-testid="batch-detail" data-status={batch.processing_status}>
      <div className="grid gap-2">
        <Link
          href="/batches"
          className="inline-flex items-center gap-1 justify-self-start text-muted text-sm hover:text-fg"
        >
          <ArrowLeftIcon className="size-3.5" />
          Batches
        </Link>
        <div className="flex flex-wrap items-start justify-between gap-x-6 gap-y-3">
          <div className="flex min-w-0 flex-wrap items-center gap-x-2 gap-y-1">
            <h1
              className="min-w-0 break-all font-mono font-semibold text-base sm:text-lg"
              data-testid="batch-id"
            >
              {batch.id}
            </h1>
            <CopyButton value={batch.id} label="Copy batch id" />
            <BatchStatusBadge batch={batch} />
          </div>
          <BatchActions batch={batch} />
        </div>
      </div>
      {error && <RefreshWarning error={error} onRetry={retry} retrying={isFetching} />}
      <div className="grid items-start gap-4 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <ProgressPanel batch={batch} />
        </div>
        <div className="grid gap-4">
          <ResultsPanel batch={batch} />
          <TimestampsPanel batch={batch} />
        </div>
      </div>
      <StatusAnnouncer batch={batch} />
    </div>
  );
}
