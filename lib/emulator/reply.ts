import { errorEnvelope } from "./errors";
import { messageIdFor } from "./ids";
import { seededRandom } from "./seeded-random";
import type { WorkItem } from "./work-item";

export type ResultType = "succeeded" | "errored" | "canceled" | "expired";

const CHARS_PER_TOKEN = 4;

const POSITIVE =
  /\b(excellent|great|good|love|loved|amazing|wonderful|happy|best|fantastic|perfect|recommend)\b/gi;
const NEGATIVE = /\b(terrible|bad|awful|hate|hated|worst|poor|never|broken|disappointed|horrible|refund)\b/gi;

/** "Classify as positive/negative/neutral (one word): …" gets one of the offered words, picked by tone. */
function classify(prompt: string, next: () => number): string | undefined {
  const offered = /\b([A-Za-z]+(?:\s*\/\s*[A-Za-z]+)+)\b/.exec(prompt)?.[1];
  if (!offered) return undefined;
  const options = offered.split("/").map((option) => option.trim());
  const subject = prompt.slice(prompt.lastIndexOf(":") + 1);
  const tone = (subject.match(POSITIVE)?.length ?? 0) - (subject.match(NEGATIVE)?.length ?? 0);
  const byTone = tone > 0 ? "positive" : tone < 0 ? "negative" : "neutral";
  const pick =
    options.find((option) => option.toLowerCase() === byTone) ??
    options[Math.floor(next() * options.length)] ??
    "";
  return pick.charAt(0).toUpperCase() + pick.slice(1);
}

const SENTENCES = [
  "The short answer depends on a few factors, so it helps to take them one at a time.",
  "First, consider what {topic} involves in practice and which parts matter most for your goal.",
  "A common approach is to start small, check the results, and then widen the scope step by step.",
  "It is worth noting that the trade-offs shift as the scale grows, so revisit the plan regularly.",
  "In most cases the simplest explanation is also the most useful one to act on.",
  "Evidence from similar situations suggests that consistency matters more than any single decision.",
  "To summarise {topic}: focus on the essentials, measure what changes, and adjust as you learn.",
  "There are exceptions, of course, and they usually come from constraints that are easy to overlook.",
  "One practical example is to write down the assumptions behind {topic} and test the weakest first.",
  "Finally, keep in mind that clear communication often resolves more than additional analysis.",
];

function prose(prompt: string, chars: number, next: () => number): string {
  const topic =
    prompt
      .split(" ")
      .slice(0, 8)
      .join(" ")
      .replace(/[^\p{L}\p{N}\s'-]/gu, "")
      .trim() || "this";
  let text = `Here is a response about "${topic}".`;
  while (text.length < chars) {
    const sentence = SENTENCES[Math.floor(next() * SENTENCES.length)] ?? "";
    text += ` ${sentence.replaceAll("{topic}", topic.toLowerCase())}`;
  }
  return text;
}

function succeeded(batchId: string, item: WorkItem): Record<string, unknown> {
  // Seeded by the request, so the same request always gets the same reply.
  const next = seededRandom(item.seed ?? 0);
  const maxTokens = item.maxTokens ?? 1;
  const content: Record<string, unknown>[] = [];
  let outputTokens = 0;
  let stopReason = "end_turn";
  let stopSequence: string | null = null;

  const prompt = (item.prompt ?? "").replace(/\s+/g, " ").trim();
  if (item.thinking) {
    const thinking = `Let me think about how best to answer: ${prompt.slice(0, 120)}`;
    content.push({
      type: "thinking",
      thinking,
      signature: Buffer.from(thinking.slice(0, 48)).toString("base64"),
    });
    outputTokens += Math.ceil(thinking.length / CHARS_PER_TOKEN);
  }
  // A model about to call a tool says so in a line, or not at all when the tool was forced by name.
  let text = item.tool
    ? item.tool.forced
      ? ""
      : `I'll use the ${item.tool.name} tool for this.`
    : classify(prompt, next);
  if (text === undefined) {
    const brief = /\b(one word|briefly|short answer|yes or no)\b/i.test(prompt);
    const wanted = brief ? 8 + Math.floor(next() * 20) : 60 + Math.floor(next() * 500);
    text = prose(prompt, wanted * CHARS_PER_TOKEN, next);
  }
  const budget = Math.max(0, maxTokens - outputTokens);
  const textTokens = Math.ceil(text.length / CHARS_PER_TOKEN);
  if (textTokens >= budget) {
    text = text.slice(0, budget * CHARS_PER_TOKEN);
    stopReason = "max_tokens";
    outputTokens = maxTokens;
  } else if (item.stopSequence) {
    text = text.slice(0, Math.ceil(text.length / 2));
    stopReason = "stop_sequence";
    stopSequence = item.stopSequence;
    outputTokens += Math.ceil(text.length / CHARS_PER_TOKEN);
  } else {
    outputTokens += textTokens;
  }
  if (text) content.push({ type: "text", text });
  if (item.tool && stopReason === "end_turn") {
    const { name, input } = item.tool;
    const inputJson = JSON.stringify(input);
    content.push({
      type: "tool_use",
      id: `toolu_01${messageIdFor(batchId, item.customId).slice(6, 28)}`,
      name,
      input,
    });
    outputTokens += Math.ceil(inputJson.length / CHARS_PER_TOKEN);
    stopReason = "tool_use";
  }

  const cached = item.cache?.tokens ?? 0;
  const written = cached > 0 && (item.seed ?? 0) % 4 === 0;
  return {
    id: messageIdFor(batchId, item.customId),
    type: "message",
    role: "assistant",
    model: item.model,
    content,
    stop_reason: stopReason,
    stop_sequence: stopSequence,
    usage: {
      input_tokens: (item.inputTokens ?? 1) - cached,
      cache_creation_input_tokens: written ? cached : 0,
      cache_read_input_tokens: written ? 0 : cached,
      cache_creation: {
        ephemeral_5m_input_tokens: written && item.cache?.ttl === "5m" ? cached : 0,
        ephemeral_1h_input_tokens: written && item.cache?.ttl === "1h" ? cached : 0,
      },
      output_tokens: outputTokens,
      service_tier: "batch",
    },
  };
}

/** The JSONL line (without its newline) for a request that ran to an outcome. */
export function answeredLine(batchId: string, item: WorkItem): { line: string; type: ResultType } {
  if (item.error) {
    const { type, message, requestId } = item.error;
    const result = { type: "errored", error: errorEnvelope(type, message, requestId) };
    return { line: JSON.stringify({ custom_id: item.customId, result }), type: "errored" };
  }
  const result = { type: "succeeded", message: succeeded(batchId, item) };
  return { line: JSON.stringify({ custom_id: item.customId, result }), type: "succeeded" };
}

/** The line for a request that never ran: canceled before it started, or still waiting at expiry. */
export function unansweredLine(customId: string, type: "canceled" | "expired"): string {
  return JSON.stringify({ custom_id: customId, result: { type } });
}
