import type { BatchFileFormat } from "./validate";

const WHITESPACE = new Set([0x20, 0x09, 0x0a, 0x0d]);
const BOM = [0xef, 0xbb, 0xbf];
const REQUESTS_KEY = new TextEncoder().encode('"requests"');

/**
 * Which of the accepted layouts a file uses, from its first bytes rather than its name: a JSON document
 * starts with `[` or with `{"requests"`, while a JSONL file's first line is a request object
 * (`{"custom_id"…`). Files are often renamed, and `.json` is a common name for JSONL.
 */
export function detectFormat(head: Uint8Array): BatchFileFormat {
  let at = BOM.every((byte, i) => head[i] === byte) ? BOM.length : 0;
  const skipSpace = () => {
    while (at < head.length && WHITESPACE.has(head[at] as number)) at++;
  };
  skipSpace();
  if (head[at] === 0x5b) return "json";
  if (head[at] !== 0x7b) return "jsonl";
  at++;
  skipSpace();
  return REQUESTS_KEY.every((byte, i) => head[at + i] === byte) ? "json" : "jsonl";
}

/** The content type the upload route reads each layout as. */
export const FORMAT_CONTENT_TYPE: Record<BatchFileFormat, string> = {
  jsonl: "application/x-ndjson",
  json: "application/json",
};
