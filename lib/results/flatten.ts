import { innerError, type ResultLine } from "./result-line";
import type { ResultType } from "./result-row";

/**
 * One result as a flat record, for CSV and other tabular exports. A field is `undefined` when the result
 * type does not have it or the line lacks it (an errored line has no usage), never a placeholder such as
 * -1 or "", so an export can tell "absent" from zero or empty text.
 */
export interface FlatResult {
  custom_id: string;
  result_type: ResultType;
  model: string | undefined;
  stop_reason: string | undefined;
  stop_sequence: string | undefined;
  input_tokens: number | undefined;
  output_tokens: number | undefined;
  cache_creation_input_tokens: number | undefined;
  cache_read_input_tokens: number | undefined;
  error_type: string | undefined;
  error_message: string | undefined;
  message_id: string | undefined;
  /** Every `text` block, joined by a blank line; tool calls and thinking are left out. */
  text: string | undefined;
}

function asString(value: unknown): string | undefined {
  return typeof value === "string" ? value : undefined;
}

function asNumber(value: unknown): number | undefined {
  return typeof value === "number" && Number.isFinite(value) ? value : undefined;
}

export function flattenResult(line: ResultLine): FlatResult {
  const { result } = line;
  const message = result.type === "succeeded" ? result.message : undefined;
  const usage = message?.usage;
  const inner = result.type === "errored" ? innerError(result.error) : undefined;
  const content = message?.content;
  return {
    custom_id: line.custom_id,
    result_type: result.type,
    model: asString(message?.model),
    stop_reason: asString(message?.stop_reason),
    stop_sequence: asString(message?.stop_sequence),
    input_tokens: asNumber(usage?.input_tokens),
    output_tokens: asNumber(usage?.output_tokens),
    cache_creation_input_tokens: asNumber(usage?.cache_creation_input_tokens),
    cache_read_input_tokens: asNumber(usage?.cache_read_input_tokens),
    error_type: asString(inner?.type),
    error_message: asString(inner?.message),
    message_id: asString(message?.id),
    text: Array.isArray(content)
      ? content
          .flatMap((block) => (block?.type === "text" && typeof block.text === "string" ? [block.text] : []))
          .join("\n\n")
      : undefined,
  };
}
