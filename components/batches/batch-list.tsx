"use client";

import { useQuery } from "@tanstack/react-query";
import { useSearchParams } from "next/navigation";
import { type ReactNode, useRef } from "react";
import {
  isFirstPage,
  type ListQuery,
  listSearch,
  neighbours,
  parseListQuery,
} from "@/lib/batches/list-query";
import { batchListOptions } from "@/lib/queries/batches";
import { Button } from "../ui/button";
import { DataTable } from "./batch-table/data-table";
import { EmptyPage, EmptyState } from "./batch-table/empty-state";
import { Pagination } from "./batch-table/pagination";
import { BatchTableSkeleton } from "./batch-table/skeleton";
import { QueryErrorState, RefreshWarning } from "./query-error";

/**
 * The list, positioned by the URL. Paging rewrites the URL with history.pushState, which Next's router
 * follows (useSearchParams updates) without a server round trip: Back and Forward are served from the
 * query cache, while a reload or a shared link renders that same page on the server.
 */
export function BatchList() {
  const query = parseListQuery(useSearchParams());
  const top = useRef<HTMLDivElement>(null);
  const { data, error, isPending, isError, isFetching, isPlaceholderData, refetch } = useQuery(
    batchListOptions(query),
  );

  function navigate(target: ListQuery) {
    window.history.pushState(null, "", `/batches${listSearch(target)}`);
    // Paging from the bottom of a long page: bring the top of the new page into view.
    if ((top.current?.getBoundingClientRect().top ?? 0) < 0) top.current?.scrollIntoView({ block: "start" });
  }

  const retry = () => void refetch();
  const firstPage = isFirstPage(query);

  let body: ReactNode;
  if (isPending) {
    body = <BatchTableSkeleton />;
  } else if (isError && !data) {
    body = (
      <QueryErrorState title="Could not load the batches" error={error} onRetry={retry} retrying={isFetching}>
        {!firstPage && (
          <Button variant="ghost" onClick={() => navigate({ limit: query.limit })}>
            Go to the newest batches
          </Button>
        )}
      </QueryErrorState>
    );
  } else if (data.data.length === 0) {
    body = firstPage ? <EmptyState /> : <EmptyPage onNewest={() => navigate({ limit: query.limit })} />;
  } else {
    body = (
      <>
        {isError && <RefreshWarning error={error} onRetry={retry} retrying={isFetching} />}
        <DataTable rows={data.data} busy={isPlaceholderData} />
        <Pagination
          neighbours={neighbours(query, data)}
          firstPage={firstPage}
          limit={query.limit}
          loading={isPlaceholderData}
          shown={data.data.length}
          onNavigate={navigate}
          onLimitChange={(limit) => navigate({ ...query, limit })}
        />
      </>
    );
  }

  return (
    <div
      ref={top}
      className="grid scroll-mt-4 gap-3"
      data-testid="batch-list"
      // Which page the rows on screen are, once they are that page's own (not the previous page's).
      data-page={data && !isPlaceholderData ? listSearch(query) || "?" : undefined}
    >
      {body}
    </div>
  );
}
