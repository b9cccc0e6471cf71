import { keepPreviousData, type QueryClient, queryOptions } from "@tanstack/react-query";
import { type ListQuery, listApiPath, withBatch, withoutBatch } from "../batches/list-query";
import { isTerminal, pickNewer } from "../batches/status";
import type { BatchList, MessageBatch } from "../schemas/batch";
import { ApiError, fetchJson } from "./fetch-json";
import { batchKeys } from "./keys";
import { focusFactor, pollDelay } from "./polling";

/** A running batch on its own page: often, since that is what the user is watching. */
export const DETAIL_POLL_MS = 3_000;
/** A page of the list with at least one running batch. */
export const LIST_POLL_MS = 5_000;

/** Puts a fresh snapshot of a batch into every list page that shows it. */
export function storeBatchInLists(client: QueryClient, batch: MessageBatch): void {
  client.setQueriesData<BatchList>({ queryKey: batchKeys.lists() }, (page) => page && withBatch(page, batch));
}

export function dropBatchFromLists(client: QueryClient, id: string): void {
  client.setQueriesData<BatchList>({ queryKey: batchKeys.lists() }, (page) => page && withoutBatch(page, id));
}

/** The batch as some cached list page last saw it, to show at once while its own page loads. */
function batchFromLists(client: QueryClient, id: string): { batch: MessageBatch; at: number } | undefined {
  for (const [key, page] of client.getQueriesData<BatchList>({ queryKey: batchKeys.lists() })) {
    const batch = page?.data.find((row) => row.id === id);
    if (batch) return { batch, at: client.getQueryState(key)?.dataUpdatedAt ?? 0 };
  }
  return undefined;
}

export function batchListOptions(query: ListQuery) {
  return queryOptions({
    queryKey: batchKeys.list(query),
    queryFn: async ({ client, signal }) => {
      const page = await fetchJson<BatchList>(listApiPath(query), { signal });
      // Open batch pages see the list's fresher rows; closed ones are not created for every row.
      for (const batch of page.data) {
        if (client.getQueryData(batchKeys.detail(batch.id))) {
          client.setQueryData<MessageBatch>(batchKeys.detail(batch.id), (current) =>
            current ? pickNewer(current, batch) : batch,
          );
        }
      }
      return page;
    },
    // Paging keeps the rows on screen until the next page arrives, instead of a skeleton flash.
    placeholderData: keepPreviousData,
    refetchInterval: (q) => {
      const page = q.state.data;
      if (page?.data.every(isTerminal)) return false;
      return pollDelay(LIST_POLL_MS * focusFactor(), q.state, Date.now());
    },
  });
}

export function batchDetailOptions(id: string, client: QueryClient) {
  return queryOptions({
    queryKey: batchKeys.detail(id),
    queryFn: async ({ client: cache, signal }) => {
      try {
        const batch = await fetchJson<MessageBatch>(`/api/batches/${encodeURIComponent(id)}`, { signal });
        storeBatchInLists(cache, batch);
        return batch;
      } catch (error) {
        if (error instanceof ApiError && error.status === 404) dropBatchFromLists(cache, id);
        throw error;
      }
    },
    initialData: () => batchFromLists(client, id)?.batch,
    initialDataUpdatedAt: () => batchFromLists(client, id)?.at,
    // An ended batch no longer changes: no refetch on focus or remount, ever.
    staleTime: (q) => (q.state.data && isTerminal(q.state.data) ? Number.POSITIVE_INFINITY : 1_000),
    refetchInterval: (q) => {
      if (q.state.data && isTerminal(q.state.data)) return false;
      return pollDelay(DETAIL_POLL_MS * focusFactor(), q.state, Date.now());
    },
  });
}
