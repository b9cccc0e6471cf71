import type { ResultRow } from "../result-row";
import { type ExportMessage, type ExportRequest, PICK_FIELDS } from "./export-protocol";

/**
 * Builds a file of the given rows in a worker: JSONL is the rows' own lines, CSV one flattened record per
 * row. The rows cross to the worker as one transferred Int32Array, not as objects: cloning 100,000 objects
 * would block the page.
 */
export function exportView(
  format: ExportRequest["format"],
  chunks: Blob[],
  rows: readonly ResultRow[],
  onProgress: (done: number) => void,
): Promise<Blob> {
  const picks = new Int32Array(rows.length * PICK_FIELDS);
  for (const [i, row] of rows.entries())
    picks.set([row.chunk, row.offset, row.length, row.line], i * PICK_FIELDS);
  const worker = new Worker(new URL("./export.worker.ts", import.meta.url), { name: "results-export" });
  return new Promise<Blob>((resolve, reject) => {
    worker.onmessage = ({ data }: MessageEvent<ExportMessage>) => {
      if (data.type === "progress") return onProgress(data.done);
      worker.terminate();
      if (data.type === "done") resolve(data.file);
      else reject(new Error(data.message));
    };
    worker.onerror = (event) => {
      worker.terminate();
      reject(new Error(event.message || "The export stopped."));
    };
    worker.postMessage({ format, chunks, picks } satisfies ExportRequest, [picks.buffer]);
  });
}
