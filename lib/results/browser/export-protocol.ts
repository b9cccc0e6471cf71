/** Page → exporter: the view's rows as `[chunk, offset, length, line]` quadruples, in view order. */
export interface ExportRequest {
  format: "jsonl" | "csv";
  chunks: Blob[];
  picks: Int32Array;
}

export const PICK_FIELDS = 4;

/** Exporter → page. */
export type ExportMessage =
  | { type: "progress"; done: number }
  | { type: "done"; file: Blob }
  | { type: "failed"; message: string };
