import type { EmulatorOptions } from "./options";
import { formatTimestamp, type Micros } from "./time";

export type ProcessingStatus = "in_progress" | "canceling" | "ended";

export interface RequestCounts {
  processing: number;
  succeeded: number;
  errored: number;
  canceled: number;
  expired: number;
}

/** What the emulator keeps of one batch; `batch.json` holds exactly this. */
export interface BatchState {
  id: string;
  /** Creation order, also the list cursor's position; never reused, not even after delete. */
  seq: number;
  createdAt: Micros;
  expiresAt: Micros;
  status: ProcessingStatus;
  endedAt: Micros | null;
  cancelInitiatedAt: Micros | null;
  archivedAt: Micros | null;
  /** The `anthropic-version` the batch was created with; it decides which params are known. */
  apiVersion: string;
  total: number;
  counts: RequestCounts;
}

export const zeroCounts = (processing: number): RequestCounts => ({
  processing,
  succeeded: 0,
  errored: 0,
  canceled: 0,
  expired: 0,
});

const nullableTimestamp = (us: Micros | null) => (us === null ? null : formatTimestamp(us));

/** The ten-field `message_batch` object, as the API sends it. */
export function toWireBatch(state: BatchState, origin: string, counts: EmulatorOptions["counts"]) {
  const ended = state.status === "ended";
  return {
    id: state.id,
    type: "message_batch" as const,
    processing_status: state.status,
    request_counts: ended || counts === "incremental" ? { ...state.counts } : zeroCounts(state.total),
    ended_at: nullableTimestamp(state.endedAt),
    created_at: formatTimestamp(state.createdAt),
    expires_at: formatTimestamp(state.expiresAt),
    archived_at: nullableTimestamp(state.archivedAt),
    cancel_initiated_at: nullableTimestamp(state.cancelInitiatedAt),
    results_url: ended ? `${origin}/v1/messages/batches/${state.id}/results` : null,
  };
}
