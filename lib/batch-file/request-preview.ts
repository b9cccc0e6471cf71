import type { BatchRequest } from "./request-schema";

/** Characters kept of one text: enough to recognise a prompt, little enough to post and render at once. */
const EXCERPT_CHARS = 280;
const MESSAGES_SHOWN = 4;

export interface MessagePreview {
  role: "user" | "assistant";
  /** The message's text (string content, or its text blocks joined), cut to an excerpt. */
  text: string;
  /** Types of the blocks that are not text (`image`, `document`, `tool_result`…), in order. */
  otherBlocks: string[];
}

/** One request as the upload preview shows it. Plain data: it crosses from the worker to the page. */
export interface RequestPreview {
  line: number;
  customId: string;
  model: string;
  maxTokens: number;
  system?: string;
  messages: MessagePreview[];
  /** Messages beyond the ones shown. */
  moreMessages: number;
  /** The other parameters set, as short labels (`temperature 0.2`, `3 tools`, `thinking`). */
  options: string[];
}

/**
 * Cuts a text to an excerpt as a new flat string: a plain `slice` of a large string can keep the whole
 * parent alive (V8 sliced strings), which would hold the request's full text for as long as the preview.
 */
function excerpt(text: string): string {
  if (text.length <= EXCERPT_CHARS) return text;
  return `${[...text.slice(0, EXCERPT_CHARS)].join("")}…`;
}

function textOf(content: BatchRequest["params"]["messages"][number]["content"] | undefined): string {
  if (content === undefined) return "";
  if (typeof content === "string") return content;
  return content
    .map((block) => (block.type === "text" && typeof block.text === "string" ? block.text : ""))
    .filter(Boolean)
    .join("\n");
}

const LISTS = ["tools", "stop_sequences", "mcp_servers"] as const;
const SKIPPED = new Set(["model", "max_tokens", "messages", "system", ...LISTS]);

function optionsOf(params: BatchRequest["params"]): string[] {
  const options: string[] = [];
  for (const key of LISTS) {
    const list = params[key];
    if (list?.length) options.push(`${list.length} ${key.replaceAll("_", " ")}`);
  }
  for (const [key, value] of Object.entries(params)) {
    if (SKIPPED.has(key) || value === undefined || value === null) continue;
    options.push(typeof value === "object" ? key : `${key} ${String(value)}`);
  }
  return options;
}

/** What the preview shows of one valid request. */
export function previewRequest(request: BatchRequest, line: number): RequestPreview {
  const { params } = request;
  const system =
    typeof params.system === "string" ? params.system : params.system?.map((b) => b.text).join("\n");
  return {
    line,
    customId: request.custom_id,
    model: params.model,
    maxTokens: params.max_tokens,
    ...(system ? { system: excerpt(system) } : {}),
    messages: params.messages.slice(0, MESSAGES_SHOWN).map((message) => ({
      role: message.role,
      text: excerpt(textOf(message.content)),
      otherBlocks:
        typeof message.content === "string"
          ? []
          : message.content.filter((block) => block.type !== "text").map((block) => block.type),
    })),
    moreMessages: Math.max(0, params.messages.length - MESSAGES_SHOWN),
    options: optionsOf(params),
  };
}
