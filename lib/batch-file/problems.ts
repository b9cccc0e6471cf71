import { MAX_PROBLEMS } from "./limits";

/** Stable codes: the UI and the tests key on these, never on the wording of a message. */
export type ProblemCode =
  | "invalid_utf8"
  | "invalid_json"
  | "too_deep"
  | "line_too_long"
  | "not_an_object"
  | "unknown_key"
  | "bad_custom_id"
  | "duplicate_custom_id"
  | "missing_field"
  | "bad_type"
  | "bad_value"
  | "stream_not_supported"
  | "too_many_requests"
  | "too_large"
  | "no_requests"
  | "bad_document";

/** One thing wrong with an upload, as the 422 body lists it (docs/security.md §3.3). */
export interface Problem {
  /** 1-based line of the file; 0 when the problem is about the file as a whole. */
  line: number;
  /** 1-based column in characters, when the problem is at a known place in the line. */
  column?: number;
  code: ProblemCode;
  /** Dotted path of the field at fault (`params.messages.0.role`). */
  field?: string;
  message: string;
}

/** Keeps the first `limit` problems and counts all of them. */
export class ProblemList {
  readonly kept: Problem[] = [];
  count = 0;

  constructor(private readonly limit: number = MAX_PROBLEMS) {}

  add(problem: Problem): void {
    this.count += 1;
    if (this.kept.length < this.limit) this.kept.push(problem);
  }
}
