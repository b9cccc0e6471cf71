import { LineSplitter } from "../jsonl/line-splitter";
import { JsonArraySplitter } from "./json-array-splitter";
import { locateJsonError } from "./json-error";
import {
  CUSTOM_ID_PATTERN,
  MAX_BODY_BYTES,
  MAX_DEPTH,
  MAX_LINE_BYTES,
  MAX_PROBLEMS_PER_LINE,
  MAX_REQUESTS,
} from "./limits";
import { type Problem, ProblemList } from "./problems";
import { passesQuickCheck } from "./quick-check";
import { BODY_PREFIX, BODY_SUFFIX } from "./request-body";
import { type BatchRequest, BatchRequestSchema } from "./request-schema";
import { problemsFromIssues } from "./schema-problems";
import { invalidUtf8Index, utf8Length } from "./utf8";

export type BatchFileFormat = "jsonl" | "json";

export interface BatchFileValidatorOptions {
  /** `jsonl`: one request a line. `json`: `[ {...}, … ]` or `{"requests": [ … ]}`. */
  format: BatchFileFormat;
  /**
   * Called for each valid request, in file order, with its canonical JSON, the form that goes upstream
   * (`JSON.stringify({custom_id, params})`). Not called any more once a problem has been found: whether
   * what was handed over can be submitted is only known from `end().ok`. An exception it throws comes out
   * of `push`/`end`; the validator is then in an unknown state and must be dropped.
   */
  onRequest?: (canonical: string, line: number, request: BatchRequest) => void;
}

/** What the valid requests naming one model add up to: the inputs of a cost estimate. */
export interface ModelTally {
  requests: number;
  /** Sum of `max_tokens`. */
  maxTokens: number;
  /** Characters of text in `system` and `messages`, counted as for `ValidationSummary.inputChars`. */
  inputChars: number;
}

export interface ValidationSummary {
  /** No problem at all: the canonical requests may be submitted. */
  ok: boolean;
  /** Valid requests. */
  requests: number;
  /** Lines in the file, blank ones included. */
  lines: number;
  /** Blank or whitespace-only lines skipped (JSONL). */
  blank: number;
  fileBytes: number;
  /** Exact byte length of `{"requests":[` + the valid canonical requests joined by "," + `]}`. */
  bodyBytes: number;
  /** Valid requests per model, keyed by the model name as written in the file (an alias stays an alias). */
  models: Record<string, ModelTally>;
  maxTokensTotal: number;
  /** Characters of text in `system` and `messages` (string content and text blocks). */
  inputChars: number;
  /** The first `MAX_PROBLEMS` problems, in the order found (file order). */
  problems: Problem[];
  problemCount: number;
}

const EMPTY_BODY_BYTES = BODY_PREFIX.length + BODY_SUFFIX.length;
/** A local copy for the hot loop: some module transforms (tsx, vite SSR) turn imports into getters. */
const DEPTH_LIMIT = MAX_DEPTH;
const TOO_DEEP = 1;
const NOT_FINITE = 2;

/**
 * The one validator of batch files, used by `POST /api/batches` on the request body and by the browser on
 * the chosen File (docs/security.md §3.3). Isomorphic: TextDecoder, Uint8Array and zod only. Feed it bytes
 * in chunks of any size with `push`, then call `end` once.
 */
export class BatchFileValidator {
  private readonly onRequest: BatchFileValidatorOptions["onRequest"];
  private readonly decoder = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
  private readonly splitter: LineSplitter | JsonArraySplitter;
  private readonly format: BatchFileFormat;
  private readonly problems = new ProblemList();
  private readonly firstLineOf = new Map<string, number>();
  private readonly models = new Map<string, ModelTally>();
  /** Non-blank lines or array elements: what the API would count as requests. */
  private entries = 0;
  private requests = 0;
  private blank = 0;
  private bodyBytes = EMPTY_BODY_BYTES;
  private maxTokensTotal = 0;
  private inputChars = 0;
  private summary: ValidationSummary | undefined;

  constructor(options: BatchFileValidatorOptions) {
    this.format = options.format;
    this.onRequest = options.onRequest;
    if (options.format === "jsonl") {
      this.splitter = new LineSplitter(
        {
          line: (bytes, line) => this.entry(bytes, line, 1),
          tooLong: (line) => {
            this.countEntry(line);
            this.report({ line, code: "line_too_long", message: `line ${line} is longer than 32 MiB` });
          },
        },
        MAX_LINE_BYTES,
      );
    } else {
      this.splitter = new JsonArraySplitter(
        {
          element: (bytes, line, column) => this.entry(bytes, line, column),
          problem: (problem, isRequest) => {
            if (isRequest) this.countEntry(problem.line);
            this.report(problem);
          },
        },
        MAX_LINE_BYTES,
        MAX_DEPTH,
      );
    }
  }

  push(chunk: Uint8Array): void {
    if (this.summary) throw new Error("BatchFileValidator: push() after end()");
    this.splitter.push(chunk);
  }

  end(): ValidationSummary {
    if (this.summary) return this.summary;
    this.splitter.end();
    if (this.entries === 0 && this.problems.count === 0) {
      this.report({
        line: 0,
        code: "no_requests",
        message:
          this.blank > 0
            ? "no requests: the file has only blank lines"
            : this.splitter.bytes === 0
              ? "no requests: the file is empty"
              : "no requests: the array is empty",
      });
    }
    this.summary = {
      ok: this.problems.count === 0,
      requests: this.requests,
      lines: this.splitter.lines,
      blank: this.blank,
      fileBytes: this.splitter.bytes,
      bodyBytes: this.bodyBytes,
      models: Object.fromEntries(this.models),
      maxTokensTotal: this.maxTokensTotal,
      inputChars: this.inputChars,
      problems: this.problems.kept,
      problemCount: this.problems.count,
    };
    return this.summary;
  }

  private report(problem: Problem): void {
    this.problems.add(problem);
  }

  private countEntry(line: number): void {
    this.entries += 1;
    if (this.entries === MAX_REQUESTS + 1) {
      this.report({ line, code: "too_many_requests", message: `more than ${MAX_REQUESTS} requests` });
    }
  }

  /** One JSONL line or JSON array element, starting at `line`:`column` of the file. */
  private entry(raw: Uint8Array, line: number, column: number): void {
    let bytes = raw;
    if (
      line === 1 &&
      this.format === "jsonl" &&
      bytes[0] === 0xef &&
      bytes[1] === 0xbb &&
      bytes[2] === 0xbf
    ) {
      bytes = bytes.subarray(3);
    }
    let text: string;
    try {
      text = this.decoder.decode(bytes);
    } catch {
      this.countEntry(line);
      const at = Math.max(0, invalidUtf8Index(bytes));
      this.report({
        ...bytePosition(bytes, at, line, column),
        code: "invalid_utf8",
        message: "not valid UTF-8",
      });
      return;
    }
    if (isBlank(text)) {
      this.blank += 1;
      return;
    }
    this.countEntry(line);

    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (error) {
      this.reportJsonError(error, text, line, column);
      return;
    }
    if (typeof value !== "object" || value === null || Array.isArray(value)) {
      this.report({
        line,
        column,
        code: "not_an_object",
        message: `a request must be a JSON object with custom_id and params, not ${describeValue(value)}`,
      });
      return;
    }
    const request = value as Record<string, unknown>;
    const flags = inspect(request);
    if (flags & TOO_DEEP) {
      this.report({ line, column, code: "too_deep", message: `nesting deeper than ${MAX_DEPTH} levels` });
      return;
    }

    let valid = passesQuickCheck(request);
    if (!valid) {
      const result = BatchRequestSchema.safeParse(request, { reportInput: true });
      if (result.success) {
        valid = true;
      } else {
        const found = problemsFromIssues(result.error.issues);
        for (const problem of found.slice(0, MAX_PROBLEMS_PER_LINE)) this.report({ line, ...problem });
      }
    }
    if (valid && flags & NOT_FINITE) {
      const field = nonFinitePath(request) ?? "a number";
      this.report({
        line,
        code: "bad_value",
        field,
        message: `${field} is too large for a JSON number (it would be sent as null)`,
      });
      valid = false;
    }

    const customId = request.custom_id;
    if (typeof customId === "string" && (valid || CUSTOM_ID_PATTERN.test(customId))) {
      const first = this.firstLineOf.get(customId);
      if (first === undefined) {
        this.firstLineOf.set(customId, line);
      } else {
        this.report({
          line,
          code: "duplicate_custom_id",
          field: "custom_id",
          message: `duplicate custom_id "${customId}" (first on line ${first})`,
        });
        valid = false;
      }
    }
    if (valid) this.accept(request as BatchRequest, text, bytes.length, line);
  }

  private accept(request: BatchRequest, text: string, textBytes: number, line: number): void {
    let canonical: string;
    let size: number;
    try {
      canonical = JSON.stringify({ custom_id: request.custom_id, params: request.params });
      // A line already in canonical form (the common case) needs no re-encoding to be measured.
      size =
        canonical === text ? textBytes : canonical.length > MAX_BODY_BYTES ? Infinity : utf8Length(canonical);
    } catch {
      canonical = "";
      size = Infinity;
    }
    if (size > MAX_BODY_BYTES - EMPTY_BODY_BYTES) {
      this.report({
        line,
        code: "too_large",
        message: `this request alone is over the ${MAX_BODY_BYTES}-byte body limit once written as JSON`,
      });
      return;
    }
    const before = this.bodyBytes;
    this.bodyBytes += size + (this.requests > 0 ? 1 : 0);
    this.requests += 1;
    if (this.bodyBytes > MAX_BODY_BYTES && before <= MAX_BODY_BYTES) {
      this.report({
        line,
        code: "too_large",
        message: `the batch body goes over ${MAX_BODY_BYTES} bytes with this request`,
      });
    }
    const params = request.params;
    const chars = inputCharsOf(params);
    let tally = this.models.get(params.model);
    if (tally === undefined) {
      tally = { requests: 0, maxTokens: 0, inputChars: 0 };
      this.models.set(params.model, tally);
    }
    tally.requests += 1;
    tally.maxTokens += params.max_tokens;
    tally.inputChars += chars;
    this.maxTokensTotal += params.max_tokens;
    this.inputChars += chars;
    if (this.onRequest && this.problems.count === 0) this.onRequest(canonical, line, request);
  }

  private reportJsonError(error: unknown, text: string, line: number, column: number): void {
    if (error instanceof RangeError) {
      // An engine whose JSON.parse recurses ran out of stack: the nesting is far too deep.
      this.report({ line, column, code: "too_deep", message: `nesting deeper than ${MAX_DEPTH} levels` });
      return;
    }
    const located = locateJsonError(text);
    if (located) {
      this.report({
        ...textPosition(text, located.index, line, column),
        code: "invalid_json",
        message: located.message,
      });
    } else {
      const message = error instanceof Error ? error.message : String(error);
      this.report({ line, code: "invalid_json", message: message.slice(0, 200) });
    }
  }
}

/** Only JSON's own whitespace makes a line blank; anything else is for `JSON.parse` to refuse. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const first = text.charCodeAt(0);
  if (first !== 0x20 && first !== 0x09 && first !== 0x0d) return false;
  return /^[ \t\r]*$/.test(text);
}

function describeValue(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  return `a ${typeof value}`;
}

/** Line and column (1-based, in characters) of index `at` of an entry's text that starts at `line`:`column`. */
function textPosition(
  text: string,
  at: number,
  line: number,
  column: number,
): { line: number; column: number } {
  let lines = 0;
  let lineStart = -1;
  for (let i = text.indexOf("\n"); i !== -1 && i < at; i = text.indexOf("\n", i + 1)) {
    lines += 1;
    lineStart = i;
  }
  return lines === 0 ? { line, column: column + at } : { line: line + lines, column: at - lineStart };
}

/** The same for a byte index, counting UTF-8 sequences as one character. */
function bytePosition(
  bytes: Uint8Array,
  at: number,
  line: number,
  column: number,
): { line: number; column: number } {
  let l = line;
  let c = column;
  for (let i = 0; i < at; i++) {
    const b = bytes[i] as number;
    if (b === 0x0a) {
      l += 1;
      c = 1;
    } else if ((b & 0xc0) !== 0x80) {
      c += 1;
    }
  }
  return { line: l, column: c };
}

// Reused by `inspect` so that the hot path allocates nothing.
const pendingValues: object[] = [];
const pendingDepths: number[] = [];

/**
 * Walks a parsed value without recursion: flags nesting deeper than `MAX_DEPTH` (which would overflow
 * `JSON.stringify`) and numbers that are not finite (`1e400`, which would be re-sent as `null`).
 */
function inspect(root: object): number {
  let flags = 0;
  pendingValues.length = 0;
  pendingDepths.length = 0;
  pendingValues.push(root);
  pendingDepths.push(1);
  while (pendingValues.length > 0) {
    const value = pendingValues.pop() as Record<string, unknown> | unknown[];
    const depth = pendingDepths.pop() as number;
    if (depth > DEPTH_LIMIT) {
      pendingValues.length = 0;
      pendingDepths.length = 0;
      return TOO_DEEP;
    }
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i++) {
        const item = value[i];
        if (typeof item === "object") {
          if (item !== null) {
            pendingValues.push(item);
            pendingDepths.push(depth + 1);
          }
        } else if (typeof item === "number" && !Number.isFinite(item)) {
          flags |= NOT_FINITE;
        }
      }
    } else {
      for (const key in value) {
        const item = value[key];
        if (typeof item === "object") {
          if (item !== null) {
            pendingValues.push(item);
            pendingDepths.push(depth + 1);
          }
        } else if (typeof item === "number" && !Number.isFinite(item)) {
          flags |= NOT_FINITE;
        }
      }
    }
  }
  return flags;
}

/** Dotted path of the first non-finite number (depth is known to be ≤ MAX_DEPTH here). */
function nonFinitePath(value: unknown, path = ""): string | undefined {
  if (typeof value === "number") return Number.isFinite(value) ? undefined : path;
  if (typeof value !== "object" || value === null) return undefined;
  for (const [key, item] of Object.entries(value)) {
    const found = nonFinitePath(item, path ? `${path}.${key}` : key);
    if (found !== undefined) return found;
  }
  return undefined;
}

function textLength(content: unknown): number {
  if (typeof content === "string") return content.length;
  if (!Array.isArray(content)) return 0;
  let total = 0;
  for (const block of content) {
    const text = (block as { text?: unknown }).text;
    if (typeof text === "string") total += text.length;
  }
  return total;
}

function inputCharsOf(params: BatchRequest["params"]): number {
  let total = textLength(params.system);
  for (const message of params.messages) total += textLength(message.content);
  return total;
}
