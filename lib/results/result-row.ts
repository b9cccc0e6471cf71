/** The four outcomes of a request, as `result.type` names them. */
export const RESULT_TYPES = ["succeeded", "errored", "canceled", "expired"] as const;
export type ResultType = (typeof RESULT_TYPES)[number];

/**
 * What the results table keeps of one line of the results file: the columns it shows, and where the full
 * line's bytes are, so the detail view can read it back. Strings are flat copies (never slices of the
 * line), so a row does not keep the line alive.
 */
export interface ResultRow {
  /** 0-based position among the file's results (its non-blank lines). */
  index: number;
  /** 1-based line of the file, blank lines counted. */
  line: number;
  /** `""` when the line could not be read. */
  customId: string;
  /** `invalid`: the line is not JSON or not a result; it is shown, never dropped. */
  type: ResultType | "invalid";
  /** `errored`: the inner error's type (`invalid_request_error`, `api_error`…); otherwise `""`. */
  errorType: string;
  /** `succeeded`: the message's `stop_reason`; otherwise `""`. */
  stopReason: string;
  /** `succeeded` only; -1 otherwise. */
  inputTokens: number;
  outputTokens: number;
  /** The reply's first text, the error's message, or for an invalid line what is wrong with it; cut short. */
  preview: string;
  /** The chunk of the file (see ResultChunk) holding this line. */
  chunk: number;
  /** Byte offset of the line in its chunk and its length, without the line ending. */
  offset: number;
  length: number;
}
