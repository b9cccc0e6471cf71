import { resolveModel } from "../models/catalogue";

/** Body keys the Messages API knows, per `anthropic-version`; 2026-10-21 dropped the sampling knobs. */
const COMMON_KEYS = [
  "model",
  "messages",
  "max_tokens",
  "system",
  "metadata",
  "stop_sequences",
  "stream",
  "tools",
  "tool_choice",
  "thinking",
  "service_tier",
  "container",
  "mcp_servers",
  "context_management",
  "output_config",
  "output_format",
  "inference_geo",
  "cache_control",
  "speed",
  "billing_policy",
  "diagnostics",
];
export const KNOWN_KEYS: Record<string, ReadonlySet<string>> = {
  "2023-06-01": new Set([...COMMON_KEYS, "temperature", "top_p", "top_k"]),
  "2026-10-21": new Set(COMMON_KEYS),
};

export interface ParamsProblem {
  type: "invalid_request_error" | "not_found_error";
  message: string;
}

const problem = (message: string): ParamsProblem => ({ type: "invalid_request_error", message });
const isObject = (value: unknown): value is Record<string, unknown> =>
  typeof value === "object" && value !== null && !Array.isArray(value);

function checkMessages(messages: unknown): ParamsProblem | undefined {
  if (messages === undefined) return problem("messages: Field required");
  if (!Array.isArray(messages)) return problem("messages: Input should be a valid list");
  if (messages.length === 0) return problem("messages: at least one message is required");
  for (const [i, message] of messages.entries()) {
    if (!isObject(message)) return problem(`messages.${i}: Input should be a valid dictionary`);
    if (message.role !== "user" && message.role !== "assistant") {
      return problem(`messages.${i}.role: Input should be 'user' or 'assistant'`);
    }
    if (message.content === undefined) return problem(`messages.${i}.content: Field required`);
    if (typeof message.content !== "string" && !Array.isArray(message.content)) {
      return problem(`messages.${i}.content: Input should be a valid string or a valid list`);
    }
  }
  return undefined;
}

/**
 * What the API finds wrong with one request's `params` once the batch runs: the problems it reports as an
 * `errored` result instead of rejecting the create. `undefined` means the request would be answered.
 */
export function checkParams(params: Record<string, unknown>, apiVersion: string): ParamsProblem | undefined {
  const known = KNOWN_KEYS[apiVersion] ?? KNOWN_KEYS["2026-10-21"];
  for (const key of Object.keys(params)) {
    if (!known?.has(key)) return problem(`${key}: Extra inputs are not permitted`);
  }
  if (params.stream === true) return problem('"stream=True" is not supported in the Message Batches API');
  if (params.speed === "fast") return problem("speed: fast mode is not supported in the Message Batches API");

  const { model, max_tokens: maxTokens, thinking } = params;
  if (model === undefined) return problem("model: Field required");
  if (typeof model !== "string") return problem("model: Input should be a valid string");
  if (maxTokens === undefined) return problem("max_tokens: Field required");
  if (typeof maxTokens !== "number" || !Number.isSafeInteger(maxTokens)) {
    return problem("max_tokens: Input should be a valid integer");
  }
  if (maxTokens < 1) return problem("max_tokens: must be greater than or equal to 1");
  const messagesProblem = checkMessages(params.messages);
  if (messagesProblem) return messagesProblem;
  if (params.system !== undefined && typeof params.system !== "string" && !Array.isArray(params.system)) {
    return problem("system: Input should be a valid string or a valid list");
  }
  if (isObject(params.billing_policy) && params.billing_policy.bill_to === "user_profile") {
    return problem("billing_policy.bill_to: 'user_profile' is not supported in the Message Batches API");
  }

  const resolved = resolveModel(model);
  if (!resolved) return { type: "not_found_error", message: `model: ${model}` };
  if (maxTokens > resolved.maxOutputTokens) {
    return problem(
      `max_tokens: ${maxTokens} > ${resolved.maxOutputTokens}, which is the maximum allowed number of output tokens for ${resolved.id}`,
    );
  }
  if (isObject(thinking) && thinking.type === "enabled") {
    const budget = thinking.budget_tokens;
    if (typeof budget !== "number" || !Number.isSafeInteger(budget)) {
      return problem("thinking.enabled.budget_tokens: Input should be a valid integer");
    }
    if (budget < 1024)
      return problem("thinking.enabled.budget_tokens: Input should be greater than or equal to 1024");
    if (budget >= maxTokens) return problem("`max_tokens` must be greater than `thinking.budget_tokens`");
  }
  return undefined;
}
