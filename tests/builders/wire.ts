// The Batches API's objects as the tests read them off the wire, unparsed by any SDK (docs/batches-api.md
// §3.1): one copy for the emulator's unit tests, the route-level e2e harness and the benches.

export interface WireRequestCounts {
  processing: number;
  succeeded: number;
  errored: number;
  canceled: number;
  expired: number;
}

export interface WireBatch {
  id: string;
  type: string;
  processing_status: "in_progress" | "canceling" | "ended";
  request_counts: WireRequestCounts;
  ended_at: string | null;
  created_at: string;
  expires_at: string;
  archived_at: string | null;
  cancel_initiated_at: string | null;
  results_url: string | null;
}

export interface WireList {
  data: WireBatch[];
  has_more: boolean;
  first_id: string | null;
  last_id: string | null;
}

/** Every field of a `message_batch`, sorted: the API sends exactly these. */
export const BATCH_FIELDS = [
  "archived_at",
  "cancel_initiated_at",
  "created_at",
  "ended_at",
  "expires_at",
  "id",
  "processing_status",
  "request_counts",
  "results_url",
  "type",
] as const;

/** What `/_emulator/stats` answers: calls per route and batches held. */
export interface EmulatorStats {
  calls: { create: number; list: number; retrieve: number; cancel: number; delete: number; results: number };
  batches: number;
}

/** Requests in a batch, whatever their state. */
export function totalOf(counts: WireRequestCounts): number {
  return counts.processing + counts.succeeded + counts.errored + counts.canceled + counts.expired;
}
