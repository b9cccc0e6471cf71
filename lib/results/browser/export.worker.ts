/// <reference lib="webworker" />
import { csvHeader, csvRow, unreadableCsvRow } from "../csv";
import { flattenResult } from "../flatten";
import { asResultLine } from "../result-line";
import { type ExportMessage, type ExportRequest, PICK_FIELDS } from "./export-protocol";

const PROGRESS_EVERY = 5000;
/** Excel reads a CSV as UTF-8 only with a byte order mark. */
const UTF8_BOM = "\uFEFF";

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: ExportMessage) => scope.postMessage(message);

/** The lines themselves, cut from the chunks without reading them: the browser joins the pieces. */
function jsonl({ chunks, picks }: ExportRequest): Blob {
  const parts: BlobPart[] = [];
  for (let at = 0; at < picks.length; at += PICK_FIELDS) {
    const chunk = chunks[picks[at] as number] as Blob;
    const offset = picks[at + 1] as number;
    parts.push(chunk.slice(offset, offset + (picks[at + 2] as number)), "\n");
  }
  return new Blob(parts, { type: "application/x-ndjson" });
}

/**
 * Every line parsed and flattened to one CSV record, in view order. Lines are visited chunk by chunk, so
 * only one chunk's bytes are held at a time.
 */
async function csv({ chunks, picks }: ExportRequest): Promise<Blob> {
  const count = picks.length / PICK_FIELDS;
  const order = Array.from({ length: count }, (_, i) => i).sort(
    (a, b) =>
      (picks[a * PICK_FIELDS] as number) - (picks[b * PICK_FIELDS] as number) ||
      (picks[a * PICK_FIELDS + 1] as number) - (picks[b * PICK_FIELDS + 1] as number),
  );
  const records = new Array<string>(count);
  const decoder = new TextDecoder();
  let loadedChunk = -1;
  let bytes = new Uint8Array(0);
  for (const [done, i] of order.entries()) {
    const [chunk, offset, length, line] = Array.from(picks.subarray(i * PICK_FIELDS, (i + 1) * PICK_FIELDS));
    if (chunk !== loadedChunk) {
      loadedChunk = chunk as number;
      bytes = new Uint8Array(await (chunks[loadedChunk] as Blob).arrayBuffer());
    }
    const text = decoder.decode(bytes.subarray(offset, (offset as number) + (length as number)));
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch {
      value = undefined;
    }
    const result = asResultLine(value);
    records[i] = result ? csvRow(flattenResult(result)) : unreadableCsvRow(line as number, value);
    if (done % PROGRESS_EVERY === 0) post({ type: "progress", done });
  }
  return new Blob([UTF8_BOM, csvHeader(), ...records], { type: "text/csv;charset=utf-8" });
}

scope.onmessage = async (event: MessageEvent<ExportRequest>) => {
  try {
    const request = event.data;
    post({ type: "done", file: request.format === "csv" ? await csv(request) : jsonl(request) });
  } catch (error) {
    post({ type: "failed", message: error instanceof Error ? error.message : String(error) });
  }
};
