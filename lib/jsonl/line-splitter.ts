import { copyOf, joinHeld } from "./held-bytes";

const LF = 0x0a;
const CR = 0x0d;

export interface LineSink {
  /**
   * One complete line, without its "\n" and without one trailing "\r". `bytes` may be a view into the
   * pushed chunk: it is only valid during the call. `offset` is the byte offset of the line's start.
   */
  line(bytes: Uint8Array, line: number, offset: number): void;
  /**
   * A line longer than the cap, reported as soon as it overflows; its bytes are dropped up to the next
   * "\n", so memory stays bounded whatever the line's length.
   */
  tooLong(line: number, offset: number): void;
}

/**
 * Splits a byte stream into lines on 0x0A before any decoding. That byte never occurs inside a UTF-8
 * multi-byte sequence, so chunks may be cut anywhere, including inside a character. Lines are numbered from
 * 1; a last line without a final "\n" still counts, an empty segment after the final "\n" does not.
 */
export class LineSplitter {
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** The current line overflowed the cap: drop bytes until its "\n". */
  private skipping = false;
  private lineNumber = 1;
  private lineStart = 0;
  private seen = 0;
  private completed = 0;
  private ended = false;

  constructor(
    private readonly sink: LineSink,
    /** Bytes of one line, without its line ending. */
    private readonly maxLineBytes: number,
  ) {}

  /** Lines finished so far (all of them once `end()` has run), blank and over-long ones included. */
  get lines(): number {
    return this.completed;
  }

  /** Bytes pushed so far. */
  get bytes(): number {
    return this.seen;
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error("LineSplitter: push() after end()");
    const length = chunk.length;
    let start = 0;
    while (start < length) {
      const newline = chunk.indexOf(LF, start);
      if (newline === -1) {
        this.hold(chunk, start, length);
        break;
      }
      this.finish(chunk, start, newline);
      start = newline + 1;
      this.lineStart = this.seen + start;
    }
    this.seen += length;
  }

  /** Flushes the last line when the stream did not end with "\n". Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    if (this.skipping) {
      this.skipping = false;
      this.completed += 1;
    } else if (this.pendingBytes > 0) {
      this.finish(new Uint8Array(0), 0, 0);
    }
  }

  /** Keeps the tail of a chunk (copied: the caller may reuse its buffer) until its line ends. */
  private hold(chunk: Uint8Array, start: number, end: number): void {
    if (this.skipping) return;
    const size = end - start;
    // One byte of grace: a trailing "\r" is not part of the line.
    if (this.pendingBytes + size > this.maxLineBytes + 1) {
      this.overflow();
      return;
    }
    this.pending.push(copyOf(chunk, start, end));
    this.pendingBytes += size;
  }

  private finish(chunk: Uint8Array, start: number, end: number): void {
    const line = this.lineNumber;
    this.lineNumber += 1;
    this.completed += 1;
    if (this.skipping) {
      this.skipping = false;
      return;
    }
    let bytes = joinHeld(this.pending, this.pendingBytes, chunk.subarray(start, end));
    this.pending = [];
    this.pendingBytes = 0;
    const last = bytes.length - 1;
    if (last >= 0 && bytes[last] === CR) bytes = bytes.subarray(0, last);
    if (bytes.length > this.maxLineBytes) {
      this.sink.tooLong(line, this.lineStart);
      return;
    }
    this.sink.line(bytes, line, this.lineStart);
  }

  private overflow(): void {
    this.pending = [];
    this.pendingBytes = 0;
    this.skipping = true;
    this.sink.tooLong(this.lineNumber, this.lineStart);
  }
}
