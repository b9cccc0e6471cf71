import { copyOf, joinHeld } from "../jsonl/held-bytes";
import { MAX_DEPTH, MAX_LINE_BYTES } from "./limits";
import type { Problem } from "./problems";

export interface JsonArraySink {
  /**
   * One element of the requests array, from its first byte to the byte before the "," or "]" that ends
   * it, with the 1-based line and column (in characters) where it starts. `bytes` may be a view into the
   * pushed chunk: it is only valid during the call.
   */
  element(bytes: Uint8Array, line: number, column: number): void;
  /**
   * A problem the scanner found. `isRequest` is true when it stands for an element that was refused
   * without being buffered (too long, too deep), so the element still counts as a request.
   */
  problem(problem: Problem, isRequest: boolean): void;
}

type State =
  | "start"
  | "bom1"
  | "bom2"
  | "objectStart"
  | "key"
  | "colon"
  | "requestsValue"
  | "arrayStart"
  | "element"
  | "afterComma"
  | "objectEnd"
  | "done"
  | "dead";

const LF = 0x0a;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const isSpace = (b: number) => b === 0x20 || b === 0x09 || b === LF || b === 0x0d;
/** The longest key kept to compare with "requests"; a longer one is unknown anyway. */
const MAX_KEY_BYTES = 256;

/**
 * A byte-level scanner for a JSON upload: a top-level array `[ {...}, {...} ]` or a `{"requests": [...]}`
 * document (its only allowed key). It hands each element over as bytes, one at a time, so memory holds one
 * element (capped like a JSONL line) whatever the document's size; the elements are parsed by the caller.
 * It tracks strings and escapes to find the element boundaries, and bracket depth without matching kinds
 * (a mismatch inside an element is for `JSON.parse` to report, with its position). A structural problem
 * outside the elements stops the scan: nothing after it can be read reliably.
 */
export class JsonArraySplitter {
  private state: State = "start";
  private form: "array" | "object" = "array";
  private line = 1;
  private column = 1;
  private seen = 0;
  private lastByte = -1;
  private ended = false;

  // The element being scanned.
  private depth = 0;
  private inString = false;
  private escaped = false;
  private startLine = 0;
  private startColumn = 0;
  private pending: Uint8Array[] = [];
  private pendingBytes = 0;
  /** The element was refused (too long or too deep) and is no longer buffered. */
  private refused = false;

  // The key of a `{"requests": …}` document.
  private keyBytes: number[] = [];
  private keyEscaped = false;
  private keyLine = 0;
  private keyColumn = 0;
  private commaLine = 0;
  private commaColumn = 0;

  constructor(
    private readonly sink: JsonArraySink,
    private readonly maxElementBytes: number = MAX_LINE_BYTES,
    private readonly maxDepth: number = MAX_DEPTH,
  ) {}

  /** Lines in the input so far; a last line without "\n" counts, nothing after a final "\n" does. */
  get lines(): number {
    if (this.seen === 0) return 0;
    return this.lastByte === LF ? this.line - 1 : this.line;
  }

  get bytes(): number {
    return this.seen;
  }

  push(chunk: Uint8Array): void {
    if (this.ended) throw new Error("JsonArraySplitter: push() after end()");
    const n = chunk.length;
    if (n === 0) return;
    let i = 0;
    /** Where the element being scanned starts in this chunk (0 when it began in an earlier one). */
    let elementStart = 0;
    while (i < n) {
      if (this.state === "element") {
        const end = this.scanElement(chunk, i);
        if (end === -1) {
          this.hold(chunk, elementStart, n);
          i = n;
          break;
        }
        if (this.isDead()) {
          i = end;
          continue;
        }
        // chunk[end] is the "," or "]" that closes the element.
        this.finishElement(chunk, elementStart, end);
        const b = chunk[end] as number;
        if (b === 0x2c) {
          this.commaLine = this.line;
          this.commaColumn = this.column;
          this.state = "afterComma";
        } else {
          this.closeArray();
        }
        this.advance(b);
        i = end + 1;
        continue;
      }
      if (this.state === "dead") {
        this.countLines(chunk, i);
        i = n;
        break;
      }
      const b = chunk[i] as number;
      if (this.structural(b)) {
        // An element starts at this byte: scan it without consuming the byte here.
        elementStart = i;
        continue;
      }
      this.advance(b);
      i++;
    }
    this.seen += n;
    this.lastByte = chunk[n - 1] as number;
  }

  /** A method, so that TypeScript does not keep `state` narrowed across the call that may change it. */
  private isDead(): boolean {
    return this.state === "dead";
  }

  /** Reports what an unfinished document lacks. Idempotent. */
  end(): void {
    if (this.ended) return;
    this.ended = true;
    switch (this.state) {
      case "start":
        return; // empty or blank: the caller reports "no requests"
      case "element": {
        const complete = this.depth === 0 && !this.inString;
        this.finishElement(new Uint8Array(0), 0, 0);
        if (complete) this.fail("invalid_json", 'the JSON ends before the closing "]"');
        return;
      }
      case "arrayStart":
      case "afterComma":
        this.fail("invalid_json", 'the JSON ends before the closing "]"');
        return;
      case "objectEnd":
        this.fail("invalid_json", 'the JSON ends before the closing "}"');
        return;
      case "bom1":
      case "bom2":
      case "objectStart":
      case "key":
      case "colon":
      case "requestsValue":
        this.fail("bad_document", 'the JSON ends before its "requests" array');
        return;
      case "done":
      case "dead":
        return;
    }
  }

  /**
   * Handles one byte outside the elements. Returns true, without consuming it, when the byte starts an
   * element.
   */
  private structural(b: number): boolean {
    switch (this.state) {
      case "start":
        if (isSpace(b)) return false;
        if (b === 0xef && this.seen === 0 && this.line === 1 && this.column === 1) {
          this.state = "bom1";
        } else if (b === 0x5b) {
          this.form = "array";
          this.state = "arrayStart";
        } else if (b === 0x7b) {
          this.form = "object";
          this.state = "objectStart";
        } else {
          this.fail("bad_document", 'a JSON upload must be an array of requests or {"requests": [...]}');
        }
        return false;
      case "bom1":
      case "bom2":
        if (b === (this.state === "bom1" ? 0xbb : 0xbf)) {
          this.state = this.state === "bom1" ? "bom2" : "start";
        } else {
          this.fail("invalid_utf8", "not valid UTF-8");
        }
        return false;
      case "objectStart":
        if (isSpace(b)) return false;
        if (b === QUOTE) {
          this.keyBytes = [];
          this.keyEscaped = false;
          this.keyLine = this.line;
          this.keyColumn = this.column;
          this.state = "key";
        } else if (b === 0x7d) {
          this.fail("bad_document", 'the document has no "requests" array');
        } else {
          this.fail("invalid_json", "expected a property name in double quotes");
        }
        return false;
      case "key":
        this.keyByte(b);
        return false;
      case "colon":
        if (isSpace(b)) return false;
        if (b === 0x3a) this.state = "requestsValue";
        else this.fail("invalid_json", 'expected ":" after a property name');
        return false;
      case "requestsValue":
        if (isSpace(b)) return false;
        if (b === 0x5b) this.state = "arrayStart";
        else this.fail("bad_document", '"requests" must be an array');
        return false;
      case "arrayStart":
      case "afterComma":
        if (isSpace(b)) return false;
        if (b === 0x5d) {
          if (this.state === "afterComma") {
            this.sink.problem(
              {
                line: this.commaLine,
                column: this.commaColumn,
                code: "invalid_json",
                message: 'trailing comma before "]"',
              },
              false,
            );
          }
          this.closeArray();
          return false;
        }
        if (b === 0x2c) {
          this.sink.problem(
            {
              line: this.line,
              column: this.column,
              code: "invalid_json",
              message: 'a request is missing before ","',
            },
            false,
          );
          this.commaLine = this.line;
          this.commaColumn = this.column;
          this.state = "afterComma";
          return false;
        }
        this.startElement();
        return true;
      case "objectEnd":
        if (isSpace(b)) return false;
        if (b === 0x7d) this.state = "done";
        else if (b === 0x2c) this.fail("bad_document", 'a JSON document may only hold "requests"');
        else this.fail("invalid_json", 'expected "}" after the "requests" array');
        return false;
      case "done":
        if (!isSpace(b)) this.fail("invalid_json", "unexpected data after the end of the JSON document");
        return false;
      default:
        return false;
    }
  }

  private keyByte(b: number): void {
    if (this.keyEscaped) {
      this.keyEscaped = false;
    } else if (b === BACKSLASH) {
      this.keyEscaped = true;
    } else if (b === QUOTE) {
      const key = this.decodeKey();
      if (key === "requests") {
        this.state = "colon";
      } else {
        const hint = key === "custom_id" || key === "params" ? " (is this a JSONL file?)" : "";
        this.fail(
          "bad_document",
          `unknown key ${JSON.stringify(key ?? "")}: a JSON document may only hold "requests"${hint}`,
          this.keyLine,
          this.keyColumn,
        );
      }
      return;
    }
    if (this.keyBytes.length < MAX_KEY_BYTES) this.keyBytes.push(b);
  }

  private decodeKey(): string | undefined {
    try {
      const raw = new TextDecoder("utf-8", { fatal: true }).decode(Uint8Array.from(this.keyBytes));
      const key: unknown = JSON.parse(`"${raw}"`);
      return typeof key === "string" ? key : undefined;
    } catch {
      return undefined;
    }
  }

  private startElement(): void {
    this.state = "element";
    this.depth = 0;
    this.inString = false;
    this.escaped = false;
    this.refused = false;
    this.startLine = this.line;
    this.startColumn = this.column;
  }

  /**
   * Scans element bytes from `from`, keeping line and column counts. Returns the index of the "," or "]"
   * that ends the element at depth 0, or -1 when the chunk ends first. On a fatal problem the state is
   * "dead" and the index is that of the offending byte.
   */
  private scanElement(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    let depth = this.depth;
    let inString = this.inString;
    let escaped = this.escaped;
    let line = this.line;
    let column = this.column;
    let end = -1;
    let i = from;
    while (i < n) {
      let b = chunk[i] as number;
      if (inString) {
        if (escaped) {
          escaped = false;
        } else {
          // Most of a request's bytes are ordinary string bytes: skip them in a tight loop.
          while (b !== QUOTE && b !== BACKSLASH && b !== LF) {
            if ((b & 0xc0) !== 0x80) column += 1;
            i += 1;
            if (i === n) break;
            b = chunk[i] as number;
          }
          if (i === n) break;
          if (b === BACKSLASH) escaped = true;
          else if (b === QUOTE) inString = false;
        }
      } else if (b === QUOTE) {
        inString = true;
      } else if (b === 0x7b || b === 0x5b) {
        depth += 1;
        if (depth > this.maxDepth && !this.refused) {
          this.refuse("too_deep", `nesting deeper than ${this.maxDepth} levels`);
        }
      } else if (b === 0x7d || b === 0x5d) {
        if (depth === 0) {
          if (b === 0x5d) {
            end = i;
            break;
          }
          this.line = line;
          this.column = column;
          this.fail("invalid_json", 'unexpected "}" after a request (is a "]" missing?)');
          return i;
        }
        depth -= 1;
      } else if (b === 0x2c && depth === 0) {
        end = i;
        break;
      }
      if (b === LF) {
        line += 1;
        column = 1;
      } else if ((b & 0xc0) !== 0x80) {
        column += 1;
      }
      i += 1;
    }
    this.depth = depth;
    this.inString = inString;
    this.escaped = escaped;
    this.line = line;
    this.column = column;
    return end;
  }

  private hold(chunk: Uint8Array, start: number, end: number): void {
    if (this.refused || this.state !== "element") return;
    const size = end - start;
    if (this.pendingBytes + size > this.maxElementBytes) {
      this.refuse("line_too_long", `the request starting on line ${this.startLine} is longer than 32 MiB`);
      return;
    }
    this.pending.push(copyOf(chunk, start, end));
    this.pendingBytes += size;
  }

  private finishElement(chunk: Uint8Array, start: number, end: number): void {
    this.state = "afterComma";
    if (this.refused) {
      this.refused = false;
      return;
    }
    const bytes = joinHeld(this.pending, this.pendingBytes, chunk.subarray(start, end));
    this.pending = [];
    this.pendingBytes = 0;
    if (bytes.length > this.maxElementBytes) {
      this.sink.problem(
        {
          line: this.startLine,
          code: "line_too_long",
          message: `the request starting on line ${this.startLine} is longer than 32 MiB`,
        },
        true,
      );
      return;
    }
    this.sink.element(bytes, this.startLine, this.startColumn);
  }

  /** Drops the element being scanned, reports it, and keeps scanning for its end. */
  private refuse(code: "too_deep" | "line_too_long", message: string): void {
    this.refused = true;
    this.pending = [];
    this.pendingBytes = 0;
    this.sink.problem({ line: this.startLine, column: this.startColumn, code, message }, true);
  }

  private closeArray(): void {
    this.state = this.form === "object" ? "objectEnd" : "done";
  }

  /** Moves the line and column past one byte handled outside an element. */
  private advance(b: number): void {
    if (b === LF) {
      this.line += 1;
      this.column = 1;
    } else if ((b & 0xc0) !== 0x80 && this.state !== "bom1" && this.state !== "bom2") {
      this.column += 1;
    }
  }

  /** After a fatal problem, only the line count still matters. */
  private countLines(chunk: Uint8Array, from: number): void {
    let at = chunk.indexOf(LF, from);
    while (at !== -1) {
      this.line += 1;
      at = chunk.indexOf(LF, at + 1);
    }
  }

  private fail(code: Problem["code"], message: string, line = this.line, column = this.column): void {
    this.sink.problem({ line, column, code, message }, false);
    this.state = "dead";
    this.pending = [];
    this.pendingBytes = 0;
  }
}
