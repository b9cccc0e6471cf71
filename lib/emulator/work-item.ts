import { resolveModel } from "../models/catalogue";
import type { BatchRequest } from "./create-body";
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
  /** The head of the last user turn's text, as sent. */
  prompt?: string;
  seed?: number;
  tool?: { name: string; input: unknown; forced: boolean };
  thinking?: boolean;
  stopSequence?: string;
}

/** Raised for params nested deeper than any real request is: the whole create is refused. */
export class TooDeepError extends Error {}

/** Deeper than any real request nests, and shallow enough that no recursive consumer can overflow. */
const MAX_DEPTH = 128;

interface Shape {
  /** Characters in every string and key: the basis of the input-token estimate. */
  chars: number;
  cacheTtl: "5m" | "1h" | undefined;
}

/**
 * One pass over the params that sizes them and looks for cache breakpoints, without serialising them:
 * a 256 MB batch has few nodes but long strings, so walking is far cheaper than `JSON.stringify`.
 */
function measure(params: Record<string, unknown>): Shape {
  const shape: Shape = { chars: 0, cacheTtl: undefined };
  // Two parallel stacks rather than one of pairs: no allocation per node on a path that sees millions.
  const values: unknown[] = [params];
  const depths: number[] = [0];
  while (values.length > 0) {
    const value = values.pop();
    const depth = depths.pop() as number;
    if (typeof value === "string") {
      shape.chars += value.length;
    } else if (typeof value === "object" && value !== null) {
      if (depth >= MAX_DEPTH) throw new TooDeepError();
      if (Array.isArray(value)) {
        for (const element of value) {
          values.push(element);
          depths.push(depth + 1);
        }
        continue;
      }
      for (const key in value) {
        const child = (value as Record<string, unknown>)[key];
        shape.chars += key.length;
        if (key === "cache_control" && isObject(child)) {
          shape.cacheTtl = child.ttl === "1h" ? "1h" : (shape.cacheTtl ?? "5m");
        }
        values.push(child);
        depths.push(depth + 1);
      }
    } else {
      shape.chars += 4;
    }
  }
  return shape;
}

/** FNV-1a: a cheap, stable hash, so the same request always draws the same reply. */
function hash(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

const PROMPT_CHARS = 200;
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

/** Turns one validated request into its work item; throws `TooDeepError` for a nesting bomb. */
export function toWorkItem(request: BatchRequest, apiVersion: string): WorkItem {
  const { custom_id: customId, params } = request;
  const shape = measure(params);
  const problem = checkParams(params, apiVersion);
  if (problem) return { customId, error: { ...problem, requestId: null } };

  // Kept raw: folding whitespace here would cost more than the rest of create; replies fold it.
  const prompt = lastUserText(params.messages as unknown[]).slice(0, PROMPT_CHARS);
  for (const [marker, message] of Object.entries(FAILURE_MARKERS)) {
    if (prompt.includes(marker)) {
      const type = marker.slice("[emulator:".length, -1);
      return { customId, error: { type, message, requestId: `workerreq_01${customId.slice(0, 20)}` } };
    }
  }

  const seed = hash(
    `${String(params.model)}|${String(params.max_tokens)}|${shape.chars}|${prompt.slice(0, 64)}`,
  );
  const inputTokens = Math.max(1, Math.round(shape.chars / 4));
  const item: WorkItem = {
    customId,
    model: resolveModel(params.model as string)?.id,
    maxTokens: params.max_tokens as number,
    inputTokens,
    prompt,
    seed,
  };
  const cachedTokens = Math.floor(inputTokens * 0.8);
  if (shape.cacheTtl && cachedTokens >= MIN_CACHEABLE_TOKENS)
    item.cache = { tokens: cachedTokens, ttl: shape.cacheTtl };
  const tool = chooseTool(params, seed);
  if (tool) item.tool = tool;
  if (isObject(params.thinking) && params.thinking.type !== "disabled") item.thinking = true;
  const stop = params.stop_sequences;
  if (Array.isArray(stop) && typeof stop[0] === "string" && seed % 5 === 0) item.stopSequence = stop[0];
  return item;
}
