import type { BatchList, MessageBatch, RequestCounts } from "../../lib/schemas/batch";

const ZERO: RequestCounts = { processing: 0, succeeded: 0, errored: 0, canceled: 0, expired: 0 };

type BatchOverrides = Partial<
  Pick<
    MessageBatch,
    | "id"
    | "processing_status"
    | "created_at"
    | "expires_at"
    | "ended_at"
    | "archived_at"
    | "cancel_initiated_at"
    | "results_url"
  >
> & { request_counts?: Partial<RequestCounts> };

/** A `message_batch` as our API sends it (batches-api.md §3.1), in progress with 10 requests by default. */
export function buildBatch(overrides: BatchOverrides = {}): MessageBatch {
  const { request_counts, ...rest } = overrides;
  return {
    id: "msgbatch_01HkcTjaV5uDC8jWR4ZsDV8d",
    type: "message_batch",
    processing_status: "in_progress",
    created_at: "2024-09-24T18:37:24.100435Z",
    expires_at: "2024-09-25T18:37:24.100435Z",
    ended_at: null,
    archived_at: null,
    cancel_initiated_at: null,
    results_url: null,
    ...rest,
    request_counts: { ...ZERO, ...(request_counts ?? { processing: 10 }) },
  };
}

export function buildEndedBatch(overrides: BatchOverrides = {}): MessageBatch {
  const id = overrides.id ?? "msgbatch_01HkcTjaV5uDC8jWR4ZsDV8d";
  return buildBatch({
    processing_status: "ended",
    ended_at: "2024-09-24T18:47:24.100435Z",
    results_url: `/api/batches/${id}/results`,
    request_counts: { succeeded: 10 },
    ...overrides,
  });
}

export function buildPage(ids: string[], overrides: Partial<BatchList> = {}): BatchList {
  return {
    data: ids.map((id) => buildBatch({ id })),
    has_more: false,
    first_id: ids[0] ?? null,
    last_id: ids.at(-1) ?? null,
    ...overrides,
  };
}
