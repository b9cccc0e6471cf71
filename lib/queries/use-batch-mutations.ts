import { useMutation, useQueryClient } from "@tanstack/react-query";
import type { DeletedBatch, MessageBatch } from "../schemas/batch";
import { dropBatchFromLists, storeBatchInLists } from "./batches";
import { ApiError, fetchJson } from "./fetch-json";
import { batchKeys } from "./keys";

const batchPath = (id: string) => `/api/batches/${encodeURIComponent(id)}`;

/** After a 409 the batch moved on without us (it ended, or someone else acted): show where it is now. */
function refreshOnConflict(client: ReturnType<typeof useQueryClient>, id: string, error: unknown) {
  if (error instanceof ApiError && (error.status === 409 || error.status === 404)) {
    void client.invalidateQueries({ queryKey: batchKeys.detail(id) });
  }
}

/** POST …/cancel, no body (so no content-type); the answer is the batch, now `canceling`. */
export function useCancelBatch(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<MessageBatch>(`${batchPath(id)}/cancel`, { method: "POST" }),
    onSuccess: (batch) => {
      client.setQueryData(batchKeys.detail(id), batch);
      storeBatchInLists(client, batch);
    },
    onError: (error) => refreshOnConflict(client, id, error),
  });
}

/**
 * DELETE, ended batches only. Afterwards no cached list page shows it and lists are fetched again. Its own
 * (ended, never refetched) detail entry is left to expire: removing it under the page still showing it
 * would make that page fetch it again and flash a 404 before the caller navigates away.
 */
export function useDeleteBatch(id: string) {
  const client = useQueryClient();
  return useMutation({
    mutationFn: () => fetchJson<DeletedBatch>(batchPath(id), { method: "DELETE" }),
    onSuccess: () => {
      dropBatchFromLists(client, id);
      void client.invalidateQueries({ queryKey: batchKeys.lists() });
    },
    onError: (error) => refreshOnConflict(client, id, error),
  });
}
