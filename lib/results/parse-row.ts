import { innerError, isRecord } from "./result-line";
import { RESULT_TYPES, type ResultRow, type ResultType } from "./result-row";

/** Characters of the reply (or error) a row keeps: a table cell's worth, and what the quick search sees. */
export const PREVIEW_CHARS = 140;

const decoder = new TextDecoder("utf-8", { fatal: true });
const KNOWN_TYPES: ReadonlySet<string> = new Set(RESULT_TYPES);

export type RowPlace = Pick<ResultRow, "index" | "line" | "chunk" | "offset" | "length">;

const tokens = (value: unknown): number => (typeof value === "number" && Number.isFinite(value) ? value : -1);

/**
 * Whitespace runs become one space, so a multi-line reply reads on one table line. Only the head of the
 * text is looked at: collapsing whitespace over every whole reply cost more than parsing them.
 */
function excerpt(text: string): string {
  // A little beyond the preview: enough to fill it unless the head is mostly whitespace.
  const head = text.length > PREVIEW_CHARS + 60 ? text.slice(0, PREVIEW_CHARS + 60) : text;
  const flat = head.replace(/\s+/g, " ").trim();
  return flat.length > PREVIEW_CHARS || head !== text ? `${flat.slice(0, PREVIEW_CHARS)}…` : flat;
}

/** Every row built with the same fields in the same order: one object shape for 100,000 rows. */
function makeRow(
  where: RowPlace,
  customId: string,
  type: ResultRow["type"],
  errorType: string,
  stopReason: string,
  inputTokens: number,
  outputTokens: number,
  preview: string,
): ResultRow {
  return {
    index: where.index,
    line: where.line,
    customId,
    type,
    errorType,
    stopReason,
    inputTokens,
    outputTokens,
    preview,
    chunk: where.chunk,
    offset: where.offset,
    length: where.length,
  };
}

/** A line the table shows as unreadable, with the reason in place of a preview. */
export function unreadableRow(where: RowPlace, customId: string, reason: string): ResultRow {
  return makeRow(where, customId, "invalid", "", "", -1, -1, reason);
}

/** The first text block, or the first tool call, of a succeeded result's message. */
function replyPreview(content: unknown): string {
  if (!Array.isArray(content)) return "";
  let tool = "";
  for (const block of content) {
    if (!isRecord(block)) continue;
    if (block.type === "text" && typeof block.text === "string") return excerpt(block.text);
    if (!tool && (block.type === "tool_use" || block.type === "server_tool_use")) {
      tool = `[${block.type}: ${typeof block.name === "string" ? block.name : "?"}]`;
    }
  }
  return tool;
}

/**
 * One line of a results file as the table shows it. A line that is not valid UTF-8, not JSON, or not a
 * result (`custom_id` and one of the four `result.type`s) becomes an `invalid` row saying why: never dropped.
 */
export function parseRow(bytes: Uint8Array, where: RowPlace): ResultRow {
  let value: unknown;
  try {
    value = JSON.parse(decoder.decode(bytes));
  } catch (error) {
    return unreadableRow(
      where,
      "",
      error instanceof SyntaxError ? `not JSON: ${error.message}` : "not valid UTF-8",
    );
  }
  if (!isRecord(value) || typeof value.custom_id !== "string") {
    return unreadableRow(where, "", "not a result: no custom_id");
  }
  const customId = value.custom_id;
  const result = value.result;
  if (!isRecord(result) || typeof result.type !== "string" || !KNOWN_TYPES.has(result.type)) {
    return unreadableRow(
      where,
      customId,
      "not a result: result.type is not succeeded, errored, canceled or expired",
    );
  }
  const type = result.type as ResultType;
  if (type === "succeeded" && isRecord(result.message)) {
    const message = result.message;
    const usage = isRecord(message.usage) ? message.usage : {};
    return makeRow(
      where,
      customId,
      type,
      "",
      typeof message.stop_reason === "string" ? message.stop_reason : "",
      tokens(usage.input_tokens),
      tokens(usage.output_tokens),
      replyPreview(message.content),
    );
  }
  if (type === "errored" && isRecord(result.error)) {
    const inner = innerError(result.error) ?? {};
    return makeRow(
      where,
      customId,
      type,
      typeof inner.type === "string" ? inner.type : "",
      "",
      -1,
      -1,
      typeof inner.message === "string" ? excerpt(inner.message) : "",
    );
  }
  return makeRow(where, customId, type, "", "", -1, -1, "");
}
