// One line of a batch's results file, as the API sends it (SDK: `MessageBatchIndividualResponse`).
//
// Plain types, not a schema, because this ships to the browser. Only the envelope is ever checked
// (`asResultLine`); everything below it is what the API documents but may be missing or of another type in
// a line we did not write, so every field is optional and readers check a value's type where they use it.

import { RESULT_TYPES, type ResultType } from "./result-row";

export interface CacheCreation {
  ephemeral_5m_input_tokens?: number;
  ephemeral_1h_input_tokens?: number;
}

export interface ServerToolUsage {
  web_search_requests?: number;
  web_fetch_requests?: number;
}

/** `null` is how the API says "not applicable" for most of these; newer fields may appear at any time. */
export interface Usage {
  input_tokens?: number;
  cache_creation_input_tokens?: number | null;
  cache_creation?: CacheCreation | null;
  cache_read_input_tokens?: number | null;
  output_tokens?: number;
  output_tokens_details?: { thinking_tokens?: number } | null;
  server_tool_use?: ServerToolUsage | null;
  service_tier?: string | null;
  inference_geo?: string | null;
  speed?: string | null;
  [field: string]: unknown;
}

/** One of the five citation shapes; which location fields it has depends on `type`. */
export interface Citation {
  type: string;
  cited_text?: string;
  /** Web search results. */
  url?: string;
  title?: string | null;
  /** Documents in the request. */
  document_index?: number;
  document_title?: string | null;
  start_char_index?: number;
  end_char_index?: number;
  start_page_number?: number;
  end_page_number?: number;
  start_block_index?: number;
  end_block_index?: number;
  /** Search results passed in the request. */
  source?: string;
  [field: string]: unknown;
}

export interface TextBlock {
  type: "text";
  text: string;
  citations?: Citation[] | null;
}

export interface ThinkingBlock {
  type: "thinking";
  thinking: string;
  signature?: string;
}

export interface RedactedThinkingBlock {
  type: "redacted_thinking";
  data: string;
}

/** `tool_use` is a call for the caller to run; `server_tool_use` one the API ran itself (web search…). */
export interface ToolUseBlock {
  type: "tool_use" | "server_tool_use";
  id: string;
  name: string;
  input: unknown;
}

export interface WebSearchResult {
  type: "web_search_result";
  title: string;
  url: string;
  page_age?: string | null;
  encrypted_content?: string;
}

export interface WebSearchToolResultBlock {
  type: "web_search_tool_result";
  tool_use_id: string;
  content: WebSearchResult[] | { type: "web_search_tool_result_error"; error_code: string };
}

/**
 * Anything else the API may put in `content`: the other server tools' results (`web_fetch_tool_result`,
 * `code_execution_tool_result`…), `container_upload`, and block types newer than this code.
 */
export interface OtherBlock {
  type: string;
  [field: string]: unknown;
}

/**
 * Because `OtherBlock` is open, comparing `type` does not narrow away its index signature: a field read
 * after `block.type === "text"` is `unknown`. That is what we want here, since no field is checked.
 */
export type ContentBlock =
  | TextBlock
  | ThinkingBlock
  | RedactedThinkingBlock
  | ToolUseBlock
  | WebSearchToolResultBlock
  | OtherBlock;

/** A Messages API `Message`. */
export interface Message {
  id?: string;
  type?: "message";
  role?: "assistant";
  model?: string;
  content?: ContentBlock[];
  stop_reason?: string | null;
  stop_sequence?: string | null;
  usage?: Usage;
  [field: string]: unknown;
}

/** The API's error body, nested whole: the error's own type is `result.error.error.type`. */
export interface ErrorEnvelope {
  type?: "error";
  error?: { type?: string; message?: string; [field: string]: unknown };
  request_id?: string | null;
}

export interface SucceededResult {
  type: "succeeded";
  message?: Message;
}

export interface ErroredResult {
  type: "errored";
  error?: ErrorEnvelope;
}

export interface ResultLine {
  custom_id: string;
  result: SucceededResult | ErroredResult | { type: "canceled" } | { type: "expired" };
}

/** A JSON object (not an array): what every level of a result line is meant to be. */
export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function isResultType(value: unknown): value is ResultType {
  return (RESULT_TYPES as readonly unknown[]).includes(value);
}

/**
 * The error's own `{type, message}`: inside the envelope, as the API nests it (`result.error.error`), or the
 * object itself when a line carries it un-nested, as the results table also accepts.
 */
export function innerError(envelope: unknown): { type?: unknown; message?: unknown } | undefined {
  if (!isRecord(envelope)) return undefined;
  if (isRecord(envelope.error)) return envelope.error;
  return envelope.type === "error" ? undefined : envelope;
}

/** The line itself when it has a string `custom_id` and one of the four `result.type`s; nothing deeper. */
export function asResultLine(value: unknown): ResultLine | undefined {
  if (!isRecord(value) || typeof value.custom_id !== "string") return undefined;
  if (!isRecord(value.result) || !isResultType(value.result.type)) return undefined;
  return value as unknown as ResultLine;
}
