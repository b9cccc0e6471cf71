import type { ResultRow } from "../result-row";

/** Page → loader: fetch the results at `url`; on a resume, skip the `skip` results already loaded. */
export interface LoadRequest {
  type: "load";
  url: string;
  skip: number;
  /** The custom_id of the last result already loaded: a resume checks the file still starts the same way. */
  lastCustomId?: string;
  /** The chunk number the first new chunk gets, so chunks from a resume follow the earlier ones. */
  firstChunk: number;
}

/** Loader → page. */
export type LoadMessage =
  | { type: "started"; expected?: number; totalBytes?: number }
  /** When the first byte arrived, in epoch milliseconds (the page and the worker have different clocks). */
  | { type: "first-byte"; at: number }
  /** New rows, and the bytes of their lines in one Blob (a chunk), which the rows point into. */
  | { type: "rows"; rows: ResultRow[]; chunk: Blob; bytes: number }
  | { type: "progress"; bytes: number }
  | { type: "done"; bytes: number }
  /** The stream broke: the rows posted so far are sound, the rest is missing. */
  | { type: "interrupted"; bytes: number; message: string }
  /** The dashboard refused or could not be reached; `body` is its answer, for its error envelope. */
  | { type: "failed"; status: number; body: string; retryAfter: string | null }
  /** A resume found other results where the loaded ones were: start over. */
  | { type: "reordered" };
