// Results as CSV (RFC 4180). Cells hold model output and custom_ids, which are untrusted: a cell that a
// spreadsheet would read as a formula is neutralized the way OWASP recommends ("CSV Injection").

import type { FlatResult } from "./flatten";
import { isRecord } from "./result-line";

export const CSV_COLUMNS = [
  "custom_id",
  "result_type",
  "model",
  "stop_reason",
  "stop_sequence",
  "input_tokens",
  "output_tokens",
  "cache_creation_input_tokens",
  "cache_read_input_tokens",
  "error_type",
  "error_message",
  "message_id",
  "text",
] as const satisfies readonly (keyof FlatResult)[];

const FORMULA_START = /^[=+\-@\t\r]/;
const NEEDS_QUOTES = /[",\r\n]/;

function cell(value: string | number | undefined): string {
  if (value === undefined) return "";
  if (typeof value === "number") return String(value);
  // The leading quote makes Excel, LibreOffice and Sheets show the text instead of evaluating it.
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return NEEDS_QUOTES.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

function record(cells: readonly (string | number | undefined)[]): string {
  return `${cells.map(cell).join(",")}\r\n`;
}

/** The header record, CRLF-terminated like every row, so a file is `csvHeader()` plus rows. */
export function csvHeader(): string {
  return record(CSV_COLUMNS);
}

export function csvRow(flat: FlatResult): string {
  return record(CSV_COLUMNS.map((column) => flat[column]));
}

/**
 * A line that is not a result still gets its record, so an export has one per line: type `invalid`, its
 * custom_id when it names one, and what is wrong in error_message.
 */
export function unreadableCsvRow(line: number, value: unknown): string {
  const customId = isRecord(value) && typeof value.custom_id === "string" ? value.custom_id : undefined;
  const cells: Partial<Record<(typeof CSV_COLUMNS)[number], string>> = {
    custom_id: customId,
    result_type: "invalid",
    error_message: `line ${line} is ${value === undefined ? "not JSON" : "not a result"}`,
  };
  return record(CSV_COLUMNS.map((column) => cells[column]));
}
