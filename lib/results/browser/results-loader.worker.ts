/// <reference lib="webworker" />
import { LineSplitter } from "../../jsonl/line-splitter";
import { parseRow, unreadableRow } from "../parse-row";
import type { ResultRow } from "../result-row";
import type { LoadMessage, LoadRequest } from "./load-protocol";

/** Rows are posted this often while the stream flows: smooth to watch, few enough messages to cost nothing. */
const FLUSH_MS = 100;
const FLUSH_ROWS = 2000;
/** A results line holds one reply; far longer than any real one, short enough to bound memory. */
const MAX_LINE_BYTES = 64 * 1024 * 1024;
/** Room for the lines of one flush at first; it grows when a flush holds more. */
const PENDING_BYTES = 8 * 1024 * 1024;

const scope = self as unknown as DedicatedWorkerGlobalScope;
const post = (message: LoadMessage, transfer: Transferable[] = []) => scope.postMessage(message, transfer);

const isBlank = (bytes: Uint8Array) => bytes.every((byte) => byte === 0x20 || byte === 0x09 || byte === 0x0d);

function customIdOf(bytes: Uint8Array): string | undefined {
  try {
    const value: unknown = JSON.parse(new TextDecoder().decode(bytes));
    return (value as { custom_id?: unknown }).custom_id as string | undefined;
  } catch {
    return undefined;
  }
}

/**
 * Streams the results file, splits it into lines on bytes (CRLF, characters cut across chunks), turns each
 * line into a compact row and posts rows in batches with the lines' bytes as a Blob, which the browser keeps
 * outside the JS heap. A broken stream is reported as such with what arrived intact, never as the end.
 */
async function load({ url, skip, lastCustomId, firstChunk }: LoadRequest): Promise<void> {
  let response: Response;
  try {
    response = await fetch(url, { headers: { accept: "application/x-ndjson" }, cache: "no-store" });
  } catch {
    post({ type: "failed", status: 0, body: "", retryAfter: null });
    return;
  }
  if (!response.ok || !response.body) {
    post({
      type: "failed",
      status: response.status,
      body: await response.text().catch(() => ""),
      retryAfter: response.headers.get("retry-after"),
    });
    return;
  }
  const header = (name: string) => {
    const value = Number(response.headers.get(name) ?? Number.NaN);
    return Number.isFinite(value) ? value : undefined;
  };
  post({ type: "started", expected: header("x-results-expected"), totalBytes: header("content-length") });

  let rows: ResultRow[] = [];
  // The lines since the last flush, back to back: a Blob made of one buffer costs far less to hand to the
  // browser than one made of thousands of small parts.
  let pending = new Uint8Array(PENDING_BYTES);
  let partBytes = 0;
  let chunk = firstChunk;
  let index = 0;
  let bytes = 0;
  let reordered = false;
  let flushedAt = 0;
  const flush = (force: boolean) => {
    const now = performance.now();
    if (!force && now - flushedAt < FLUSH_MS && rows.length < FLUSH_ROWS) return;
    flushedAt = now;
    if (rows.length === 0) {
      post({ type: "progress", bytes });
      return;
    }
    post({ type: "rows", rows, chunk: new Blob([pending.subarray(0, partBytes)]), bytes });
    rows = [];
    partBytes = 0;
    chunk += 1;
  };
  const splitter = new LineSplitter(
    {
      line: (lineBytes, line) => {
        if (isBlank(lineBytes)) return;
        const at = index++;
        if (at < skip) {
          if (at === skip - 1 && lastCustomId !== undefined && customIdOf(lineBytes) !== lastCustomId) {
            reordered = true;
          }
          return;
        }
        rows.push(
          parseRow(lineBytes, { index: at, line, chunk, offset: partBytes, length: lineBytes.length }),
        );
        if (partBytes + lineBytes.length > pending.length) {
          const grown = new Uint8Array(Math.max(pending.length * 2, partBytes + lineBytes.length));
          grown.set(pending.subarray(0, partBytes));
          pending = grown;
        }
        // A copy: `lineBytes` may be a view into the network chunk.
        pending.set(lineBytes, partBytes);
        partBytes += lineBytes.length;
      },
      tooLong: (line) => {
        const at = index++;
        if (at >= skip) {
          rows.push(
            unreadableRow(
              { index: at, line, chunk, offset: partBytes, length: 0 },
              "",
              "line longer than 64 MiB",
            ),
          );
        }
      },
    },
    MAX_LINE_BYTES,
  );

  const reader = response.body.getReader();
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      if (bytes === 0) post({ type: "first-byte", at: performance.timeOrigin + performance.now() });
      bytes += value.byteLength;
      splitter.push(value);
      if (reordered) {
        await reader.cancel();
        post({ type: "reordered" });
        return;
      }
      // The first rows go out at once: they are what the user waits for.
      flush(chunk === firstChunk);
    }
  } catch (error) {
    flush(true);
    post({
      type: "interrupted",
      bytes,
      message: error instanceof Error ? error.message : String(error),
    });
    return;
  }
  splitter.end();
  flush(true);
  post({ type: "done", bytes });
}

scope.onmessage = (event: MessageEvent<LoadRequest>) => {
  void load(event.data);
};
