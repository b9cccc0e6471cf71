import type { BatchRequest } from "../../../lib/batch-file/request-schema";
import {
  type BatchFileFormat,
  BatchFileValidator,
  type ValidationSummary,
} from "../../../lib/batch-file/validate";

const encoder = new TextEncoder();

export const bytes = (text: string): Uint8Array => encoder.encode(text);

/** A small valid request; `params` keys given in `overrides` replace or add to the defaults. */
export function request(customId: string, overrides: Record<string, unknown> = {}): BatchRequest {
  return {
    custom_id: customId,
    params: {
      model: "claude-haiku-4-5",
      max_tokens: 64,
      messages: [{ role: "user", content: `Say hello to ${customId}.` }],
      ...overrides,
    },
  } as BatchRequest;
}

export const line = (value: unknown): string => JSON.stringify(value);

export interface Run {
  summary: ValidationSummary;
  canonical: { text: string; line: number }[];
}

/** Validates `input`, pushed in chunks of `chunk` bytes (all at once when omitted). */
export function validate(
  format: BatchFileFormat,
  input: string | Uint8Array | Uint8Array[],
  chunk?: number,
): Run {
  const canonical: Run["canonical"] = [];
  const validator = new BatchFileValidator({
    format,
    onRequest: (text, at) => canonical.push({ text, line: at }),
  });
  const parts = Array.isArray(input) ? input : [typeof input === "string" ? bytes(input) : input];
  for (const part of parts) {
    if (!chunk) {
      validator.push(part);
      continue;
    }
    for (let at = 0; at < part.length; at += chunk) validator.push(part.subarray(at, at + chunk));
  }
  return { summary: validator.end(), canonical };
}

/** The JSONL file of these lines (strings are taken as already-written lines). */
export const jsonl = (...lines: unknown[]): string =>
  lines.map((item) => (typeof item === "string" ? item : line(item))).join("\n");

/** `count` valid lines `r1`…`rN`, so a test can put a bad line at a known line number. */
export const validLines = (count: number, prefix = "r"): string[] =>
  Array.from({ length: count }, (_, i) => line(request(`${prefix}${i + 1}`)));

/** Problems without the message, for exact comparisons of where and what. */
export const where = (summary: ValidationSummary) =>
  summary.problems.map(({ line: at, column, code, field }) => ({
    line: at,
    code,
    ...(column === undefined ? {} : { column }),
    ...(field === undefined ? {} : { field }),
  }));
