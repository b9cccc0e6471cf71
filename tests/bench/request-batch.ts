/**
 * A realistic, deterministic 100k-request Message Batch, generated in memory: support tickets, reviews and
 * e-mails of varied length (some multi-turn, some as content blocks, ~15% with non-ASCII text) under a
 * handful of system prompts. Sized like the 248.4 MB requests file of docs/performance.md: ~2.45 KB a
 * request, which keeps the whole body under the emulator's 256 MB create limit.
 */
import type Anthropic from "@anthropic-ai/sdk";
import { seededRandom } from "../../lib/emulator/seeded-random";

export type BatchRequest = Anthropic.Messages.BatchCreateParams.Request;
type MessageParam = Anthropic.Messages.MessageParam;

export const MODEL = "claude-haiku-4-5";

/** `req-000001` … `req-100000`. */
export const customIdOf = (index: number): string => `req-${String(index + 1).padStart(6, "0")}`;

const WORDS = (
  "the order arrived two days late and the box was damaged but the product itself works well after setup " +
  "customer account invoice refund shipment warranty replacement battery screen charger cable support team " +
  "please could you check whether my payment went through because the bank shows a pending charge twice " +
  "great excellent good love amazing happy recommend terrible bad awful broken disappointed poor never " +
  "we need an update on the delivery date for our office in the north building before the end of month " +
  "subscription plan upgrade downgrade cancel renewal discount code coupon price total tax shipping fee " +
  "i tried resetting the device three times and reading the manual yet nothing seems to change at all " +
  "manager escalate ticket priority urgent response call email chat agent hours weekend holiday policy"
).split(" ");

/** Sentences that force UTF-8 multi-byte characters (and a UTF-16 string in V8) into some requests. */
const NON_ASCII = [
  "Le café était délicieux, mais le service était très lent.",
  "Die Lieferung kam pünktlich an, vielen Dank für die schnelle Bearbeitung!",
  "El pedido llegó dañado y necesito un reembolso lo antes posible.",
  "配送が予定より二日遅れました。返金は可能ですか？",
  "Спасибо за помощь, проблема решена полностью.",
  "商品质量很好，但是包装有点破损。",
  "Η παραγγελία μου δεν έχει φτάσει ακόμα.",
  "배송이 빨라서 정말 만족합니다.",
  "Great product 👍 would buy again 🚀✨",
  "A naïve résumé of the façade — “quoted” ‘text’ … ±5 °C, 10 € or £8.",
];

const SYSTEM_PROMPTS = [
  "You are a helpful customer support assistant for an online electronics store. Be concise and polite.",
  "You classify customer feedback. Answer with exactly one word unless asked otherwise.",
  "You are an assistant that extracts structured data from e-mails. Prefer tables. Never invent values; " +
    "write 'unknown' when a field is missing. Dates are ISO 8601, prices keep their currency.",
  "You summarise support tickets for the on-call engineer: the problem, what the customer already tried, " +
    "and the single most useful next step. Keep it under 80 words.",
  "You are an editor. Rewrite text to be clear and short while keeping every fact. Keep the author's language.",
  "You answer questions strictly from the policy excerpt provided by the user. If the excerpt does not " +
    "answer the question, say so and suggest contacting support. Quote the sentence you relied on.",
];

const TASKS: ReadonlyArray<(body: string) => string> = [
  (body) => `Classify the sentiment of this review as positive/negative/neutral (one word): ${body}`,
  (body) => `Summarize the following support ticket in three bullet points.\n\n${body}`,
  (body) => `Extract every product name, price and date mentioned in this e-mail as a table.\n\n${body}`,
  (body) => `Rewrite the following paragraph so it is clearer and more concise:\n\n${body}`,
  (body) =>
    `Answer using only the policy excerpt below.\n\nPolicy:\n${body}\n\nQuestion: Can I return an item after 30 days?`,
];

interface Pools {
  sentences: string[];
  random: () => number;
  lengthScale: number;
}

const pick = <T>(items: readonly T[], random: () => number): T =>
  items[Math.floor(random() * items.length)] as T;

function makeSentence(random: () => number): string {
  const words: string[] = [];
  const length = 6 + Math.floor(random() * 15);
  for (let i = 0; i < length; i++) words.push(pick(WORDS, random));
  // A few quoted words, so the body has JSON escapes as real text does.
  if (random() < 0.08) words[1] = `"${words[1] ?? "this"}"`;
  const text = words.join(" ");
  return `${text.charAt(0).toUpperCase()}${text.slice(1)}${random() < 0.1 ? "?" : "."}`;
}

/** Lengths in characters: a few short notes, mostly tickets of a page or so, some long threads. */
function bodyLength(random: () => number): number {
  const r = random();
  if (r < 0.2) return 150 + random() * 400;
  if (r < 0.7) return 950 + random() * 1500;
  return 2400 + random() * 2000;
}

/** One flat string (built by `join`, not `+`, so V8 does not hand JSON.stringify a rope to flatten). */
function makeBody(pools: Pools, length: number, nonAscii: boolean): string {
  const { sentences, random } = pools;
  const parts: string[] = [];
  let size = 0;
  while (size < length) {
    const sentence = nonAscii && random() < 0.2 ? pick(NON_ASCII, random) : pick(sentences, random);
    // A paragraph break now and then: newlines are escaped in JSON too.
    parts.push(parts.length > 0 && random() < 0.15 ? `\n\n${sentence}` : sentence);
    size += sentence.length + 1;
  }
  return parts.join(" ");
}

function makeMessages(pools: Pools, nonAscii: boolean): MessageParam[] {
  const { random, lengthScale } = pools;
  const prompt = pick(TASKS, random)(makeBody(pools, bodyLength(random) * lengthScale, nonAscii));
  const content = random() < 0.25 ? [{ type: "text" as const, text: prompt }] : prompt;
  const messages: MessageParam[] = [{ role: "user", content }];
  if (random() < 0.15) {
    messages.push(
      { role: "assistant", content: makeBody(pools, (120 + random() * 300) * lengthScale, false) },
      { role: "user", content: "Thanks. Now make it shorter and list anything I still need to send you." },
    );
  }
  return messages;
}

export interface GeneratedBatch {
  requests: BatchRequest[];
  /** How many requests carry non-ASCII text. */
  nonAscii: number;
}

export interface GenerateOptions {
  /**
   * Multiplies the length of every message text: below 1 for a smaller file of the same shape (0.78 makes
   * 100k requests ~200 MB). At 1, the default, the batch is the one every bench has always measured.
   */
  lengthScale?: number;
}

export function generateBatch(count: number, seed: number, options: GenerateOptions = {}): GeneratedBatch {
  const random = seededRandom(seed);
  const sentences = Array.from({ length: 5000 }, () => makeSentence(random));
  const pools: Pools = { sentences, random, lengthScale: options.lengthScale ?? 1 };
  const requests: BatchRequest[] = [];
  let nonAscii = 0;
  for (let i = 0; i < count; i++) {
    const withNonAscii = random() < 0.15;
    if (withNonAscii) nonAscii += 1;
    const params: BatchRequest["params"] = {
      model: MODEL,
      max_tokens: 1024,
      system: pick(SYSTEM_PROMPTS, random),
      messages: makeMessages(pools, withNonAscii),
    };
    if (random() < 0.2) params.metadata = { user_id: `user-${Math.floor(random() * 5000)}` };
    requests.push({ custom_id: customIdOf(i), params });
  }
  return { requests, nonAscii };
}
