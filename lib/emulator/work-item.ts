import { createHash } from "node:crypto";
import type { BatchRequest } from "./create-body";
import { resolveModel } from "./models";
import { checkParams } from "./params-check";

/**
 * What processing needs to know of one request, kept instead of the request itself: a 256 MB batch
 * shrinks to a few MB of these, and every reply is derived from them alone.
 */
export interface WorkItem {
  customId: string;
  /** Set when the request comes back `errored`. */
  error?: { type: string; message: string; requestId: string | null };
  model?: string;
  maxTokens?: number;
  inputTokens?: number;
  /** Prompt tokens behind a `cache_control` breakpoint, with the breakpoint's TTL. */
  cache?: { tokens: number; ttl: "5m" | "1h" };
  /** The last user turn's text, whitespace folded, cut short. */
  prompt?: string;
  seed?: number;
  tool?: { name: string; input: unknown; forced: boolean };
  thinking?: boolean;
  stopSequence?: string;
}

/** Raised when a request cannot even be serialised (a nesting bomb): the whole create is refused. */
export class TooDeepError extends Error {}

const PROMPT_CHARS = 300;
const MIN_CACHEABLE_TOKENS = 1024;
/** Markers a prompt can carry to get a server-side failure, so clients can test their retry paths. */
const FAILURE_MARKERS: Record<string, string> = {
  "[emulator:api_error]": "Internal server error",
  "[emulator:overloaded_error]": "Overloaded",
};

const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function textOf(content: unknown): string {
  if (typeof content === "string") return content;
  if (!Array.isArray(content)) return "";
  return content
    .map((block) =>
      isObject(block) && block.type === "text" && typeof block.text === "string" ? block.text : "",
    )
    .join(" ");
}

function lastUserText(messages: unknown[]): string {
  for (let i = messages.length - 1; i >= 0; i--) {
    const message = messages[i];
    if (isObject(message) && message.role === "user") return textOf(message.content);
  }
  return "";
}

/** A value that fits a JSON Schema well enough to look like a model's tool input. */
function sampleFromSchema(schema: unknown, name: string, seed: number, depth = 0): unknown {
  if (!isObject(schema) || depth > 4) return null;
  if (Array.isArray(schema.enum) && schema.enum.length > 0) return schema.enum[seed % schema.enum.length];
  switch (schema.type) {
    case "string":
      return `${name.replace(/_/g, " ")} ${seed % 97}`;
    case "integer":
    case "number":
      return seed % 100;
    case "boolean":
      return seed % 2 === 0;
    case "array":
      return [sampleFromSchema(schema.items, name, seed >>> 1, depth + 1)];
    default: {
      const properties = isObject(schema.properties) ? schema.properties : {};
      const required = Array.isArray(schema.required) ? schema.required.map(String) : Object.keys(properties);
      return Object.fromEntries(
        required.map((key, i) => [key, sampleFromSchema(properties[key], key, (seed >>> i) + i, depth + 1)]),
      );
    }
  }
}

function chooseTool(params: Record<string, unknown>, seed: number): WorkItem["tool"] {
  const tools = Array.isArray(params.tools)
    ? params.tools.filter(
        (tool): tool is Record<string, unknown> => isObject(tool) && isObject(tool.input_schema),
      )
    : [];
  if (tools.length === 0) return undefined;
  const choice = isObject(params.tool_choice) ? params.tool_choice : { type: "auto" };
  let tool: Record<string, unknown> | undefined;
  if (choice.type === "tool") tool = tools.find((candidate) => candidate.name === choice.name);
  else if (choice.type === "any" || (choice.type === "auto" && seed % 3 === 0))
    tool = tools[seed % tools.length];
  if (!tool) return undefined;
  const name = String(tool.name);
  return { name, input: sampleFromSchema(tool.input_schema, name, seed), forced: choice.type === "tool" };
}

/** Turns one validated request into its work item; throws `TooDeepError` for params nested beyond serialising. */
export function toWorkItem(request: BatchRequest, apiVersion: string): WorkItem {
  const { custom_id: customId, params } = request;
  let json: string;
  try {
    json = JSON.stringify(params);
  } catch {
    throw new TooDeepError(customId);
  }
  const problem = checkParams(params, apiVersion);
  if (problem) return { customId, error: { ...problem, requestId: null } };

  const messages = params.messages as unknown[];
  const prompt = lastUserText(messages).replace(/\s+/g, " ").trim();
  for (const [marker, message] of Object.entries(FAILURE_MARKERS)) {
    if (prompt.includes(marker)) {
      const type = marker.slice("[emulator:".length, -1);
      return { customId, error: { type, message, requestId: `workerreq_01${customId.slice(0, 20)}` } };
    }
  }

  const seed = createHash("sha1").update(json).digest().readUInt32BE(0);
  const inputTokens = Math.max(1, Math.round(json.length / 4));
  const item: WorkItem = {
    customId,
    model: resolveModel(params.model as string)?.id,
    maxTokens: params.max_tokens as number,
    inputTokens,
    prompt: prompt.slice(0, PROMPT_CHARS),
    seed,
  };
  const cachedTokens = Math.floor(inputTokens * 0.8);
  if (json.includes('"cache_control"') && cachedTokens >= MIN_CACHEABLE_TOKENS) {
    item.cache = { tokens: cachedTokens, ttl: json.includes('"ttl":"1h"') ? "1h" : "5m" };
  }
  const tool = chooseTool(params, seed);
  if (tool) item.tool = tool;
  if (isObject(params.thinking) && params.thinking.type !== "disabled") item.thinking = true;
  const stop = params.stop_sequences;
  if (Array.isArray(stop) && typeof stop[0] === "string" && seed % 5 === 0) item.stopSequence = stop[0];
  return item;
}
