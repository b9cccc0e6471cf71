import { CUSTOM_ID_PATTERN } from "./limits";
import type { BatchRequest } from "./request-schema";

/**
 * The hot path of validation: a hand-written check that accepts only requests `BatchRequestSchema` accepts
 * (the common shape: model, max_tokens, messages, system, metadata, stop_sequences, sampling knobs,
 * `stream: false`) and says `false` for everything else, without saying why. A `false` sends the request
 * through the schema, which alone decides and words the problems; tests hold this check to "true implies
 * the schema accepts". It exists because the schema costs more than parsing the line does.
 */
export function passesQuickCheck(value: unknown): value is BatchRequest {
  if (!isObject(value)) return false;
  let keys = 0;
  for (const key in value) {
    if (key !== "custom_id" && key !== "params") return false;
    keys += 1;
  }
  if (keys !== 2) return false;
  const customId = value.custom_id;
  if (typeof customId !== "string" || !CUSTOM_ID_PATTERN.test(customId)) return false;
  return paramsPass(value.params);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function paramsPass(params: unknown): boolean {
  if (!isObject(params)) return false;
  let required = 0;
  for (const key in params) {
    const value = params[key];
    switch (key) {
      case "model":
        if (typeof value !== "string") return false;
        required += 1;
        break;
      case "max_tokens":
        if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) return false;
        required += 1;
        break;
      case "messages":
        if (!messagesPass(value)) return false;
        required += 1;
        break;
      case "system":
        if (typeof value !== "string" && !systemBlocksPass(value)) return false;
        break;
      case "metadata":
        if (!isObject(value)) return false;
        break;
      case "stop_sequences":
        if (!stringsPass(value)) return false;
        break;
      case "temperature":
      case "top_p":
      case "top_k":
        if (typeof value !== "number" || !Number.isFinite(value)) return false;
        break;
      case "stream":
        if (value !== false) return false;
        break;
      default:
        return false;
    }
  }
  return required === 3;
}

function messagesPass(messages: unknown): boolean {
  if (!Array.isArray(messages) || messages.length === 0) return false;
  for (const message of messages) {
    if (!isObject(message)) return false;
    let keys = 0;
    for (const key in message) {
      if (key !== "role" && key !== "content") return false;
      keys += 1;
    }
    if (keys !== 2 || (message.role !== "user" && message.role !== "assistant")) return false;
    const content = message.content;
    if (typeof content === "string") continue;
    if (!Array.isArray(content)) return false;
    for (const block of content) {
      if (!isObject(block) || typeof block.type !== "string") return false;
    }
  }
  return true;
}

function systemBlocksPass(system: unknown): boolean {
  if (!Array.isArray(system)) return false;
  for (const block of system) {
    if (!isObject(block) || block.type !== "text" || typeof block.text !== "string") return false;
  }
  return true;
}

/** A loop, not `every`: `every` skips the holes of a sparse array, which the schema sees as `undefined`. */
function stringsPass(items: unknown): boolean {
  if (!Array.isArray(items)) return false;
  for (const item of items) {
    if (typeof item !== "string") return false;
  }
  return true;
}
