import { ApiError, errorFromBody, goToSignIn } from "../../queries/fetch-json";
import type { ResultRow, ResultType } from "../result-row";
import type { LoadMessage, LoadRequest } from "./load-protocol";

export type LoadState =
  | { kind: "loading" }
  | { kind: "complete" }
  /** Fewer results than the batch holds, or the stream broke: what is loaded is sound but not all. */
  | { kind: "interrupted"; message: string }
  | { kind: "failed"; error: ApiError };

export type TypeCounts = Record<ResultType | "invalid", number>;

const RENDER_INTERVAL_MS = 250;

const startLoader = () =>
  new Worker(new URL("./results-loader.worker.ts", import.meta.url), { name: "results-loader" });

/**
 * The results of one batch as they stream in: compact rows for the table, the lines' bytes in Blobs (outside
 * the JS heap) for the detail view and downloads, and running counts for the filters. React reads it through
 * `subscribe` / `version` (useSyncExternalStore); every change bumps `version`.
 */
export class ResultsStore {
  rows: ResultRow[] = [];
  chunks: Blob[] = [];
  bytes = 0;
  /** Results the batch holds, from the route's `x-results-expected`. */
  expected: number | undefined;
  totalBytes: number | undefined;
  counts: TypeCounts = { succeeded: 0, errored: 0, canceled: 0, expired: 0, invalid: 0 };
  errorTypes = new Map<string, number>();
  stopReasons = new Map<string, number>();
  state: LoadState = { kind: "loading" };
  version = 0;
  /** When the first byte reached the loader, in epoch milliseconds. */
  firstByteAt: number | undefined;

  private readonly listeners = new Set<() => void>();
  private notifiedAt = 0;
  private pending: ReturnType<typeof setTimeout> | undefined;
  private readonly interned = new Map<string, string>();
  private worker: Worker | undefined;

  constructor(private readonly url: string) {}

  readonly subscribe = (listener: () => void) => {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  };

  readonly getVersion = () => this.version;

  /** Loads from the start, dropping anything loaded before. */
  start(): void {
    this.rows = [];
    this.chunks = [];
    this.bytes = 0;
    this.counts = { succeeded: 0, errored: 0, canceled: 0, expired: 0, invalid: 0 };
    this.errorTypes = new Map();
    this.stopReasons = new Map();
    this.run({ type: "load", url: this.url, skip: 0, firstChunk: 0 });
  }

  /** After an interruption: fetches again and appends only the results not loaded yet. */
  resume(): void {
    this.run({
      type: "load",
      url: this.url,
      skip: this.rows.length,
      lastCustomId: this.rows.at(-1)?.customId,
      firstChunk: this.chunks.length,
    });
  }

  dispose(): void {
    this.worker?.terminate();
    this.worker = undefined;
    clearTimeout(this.pending);
    this.pending = undefined;
  }

  /** The full line of a row, read back from its chunk. */
  lineBlob(row: ResultRow): Blob {
    return (this.chunks[row.chunk] ?? new Blob()).slice(row.offset, row.offset + row.length);
  }

  private run(request: LoadRequest): void {
    this.dispose();
    this.state = { kind: "loading" };
    this.changed();
    const worker = startLoader();
    this.worker = worker;
    worker.onmessage = ({ data }: MessageEvent<LoadMessage>) => {
      if (this.worker === worker) this.receive(data);
    };
    worker.onerror = (event) => {
      if (this.worker !== worker) return;
      this.finish({
        kind: "interrupted",
        message: `The results loader stopped: ${event.message || "unknown error"}`,
      });
    };
    worker.postMessage(request);
  }

  private receive(message: LoadMessage): void {
    switch (message.type) {
      case "started":
        this.expected = message.expected;
        this.totalBytes = message.totalBytes;
        break;
      case "first-byte":
        this.firstByteAt ??= message.at;
        break;
      case "rows": {
        const first = this.rows.length === 0;
        this.chunks.push(message.chunk);
        for (const row of message.rows) this.add(row);
        this.bytes = message.bytes;
        // The first rows show at once; later ones at a pace that leaves the page free (see `changedSoon`).
        if (first) break;
        this.changedSoon();
        return;
      }
      case "progress":
        this.bytes = message.bytes;
        this.changedSoon();
        return;
      case "done":
        this.bytes = message.bytes;
        this.finish(
          this.expected !== undefined && this.rows.length < this.expected
            ? {
                kind: "interrupted",
                message: `The results ended after ${this.rows.length} of ${this.expected}: the file is incomplete.`,
              }
            : { kind: "complete" },
        );
        return;
      case "interrupted":
        this.bytes = message.bytes;
        this.finish({ kind: "interrupted", message: message.message });
        return;
      case "failed":
        if (message.status === 401) goToSignIn();
        this.finish({
          kind: "failed",
          error:
            message.status === 0
              ? new ApiError(0, "network", "The dashboard did not answer. Check that it is still running.")
              : errorFromBody(message.status, message.body, message.retryAfter),
        });
        return;
      case "reordered":
        // The results no longer line up with what was loaded: start over rather than mix two orders.
        this.start();
        return;
    }
    this.changed();
  }

  private add(row: ResultRow): void {
    // Equal strings from different rows share one copy: thousands of rows say "end_turn".
    row.errorType = this.intern(row.errorType);
    row.stopReason = this.intern(row.stopReason);
    this.rows.push(row);
    this.counts[row.type] += 1;
    if (row.errorType) this.errorTypes.set(row.errorType, (this.errorTypes.get(row.errorType) ?? 0) + 1);
    if (row.stopReason) this.stopReasons.set(row.stopReason, (this.stopReasons.get(row.stopReason) ?? 0) + 1);
  }

  private intern(value: string): string {
    if (!value) return value;
    const known = this.interned.get(value);
    if (known !== undefined) return known;
    this.interned.set(value, value);
    return value;
  }

  private finish(state: LoadState): void {
    this.dispose();
    this.state = state;
    this.changed();
  }

  /**
   * While rows stream in, React renders at most every RENDER_INTERVAL_MS: each render filters every row and
   * resizes the virtual list, which at 100,000 rows and ten messages a second would crowd the main thread.
   */
  private changedSoon(): void {
    if (this.pending) return;
    const wait = this.notifiedAt + RENDER_INTERVAL_MS - performance.now();
    if (wait <= 0) {
      this.changed();
      return;
    }
    this.pending = setTimeout(() => this.changed(), wait);
  }

  private changed(): void {
    clearTimeout(this.pending);
    this.pending = undefined;
    this.notifiedAt = performance.now();
    this.version += 1;
    for (const listener of this.listeners) listener();
  }
}
