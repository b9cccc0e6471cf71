/**
 * A seeded, realistic Message Batches results file (JSONL, batches-api.md §3.5), streamed to disk by a child
 * process (this file run as a script), so that the bench's own heap and GC never see the ~140 MB of text:
 *
 * - 90% succeeded: a message id, one of a few models, a reply of 200–2,000 characters (some non-ASCII,
 *   some paragraphs), some with a tool_use block after the text; stop_reason mostly end_turn, some
 *   max_tokens, tool_use and stop_sequence; usage with tokens, cache fields on some, service_tier "batch";
 * - 5% errored, in the doubly nested envelope, as invalid_request_error, api_error, overloaded_error or
 *   not_found_error; 3% canceled; 2% expired;
 * - in shuffled order, as the API returns them; custom_ids (`req-000001` …) unique.
 *
 * The counts per type are exact, so the viewer's chips and filters can be checked against them.
 */
import { createWriteStream } from "node:fs";
import { fileURLToPath } from "node:url";
import { seededRandom } from "../../lib/emulator/seeded-random";
import { customIdOf } from "./request-batch";
import { isScript, runAsScript, runScript } from "./script-child";

export const RESULT_TYPES = ["succeeded", "errored", "canceled", "expired"] as const;
export type ResultType = (typeof RESULT_TYPES)[number];
export type ResultCounts = Record<ResultType, number>;

const SHARES: Record<Exclude<ResultType, "succeeded">, number> = {
  errored: 0.05,
  canceled: 0.03,
  expired: 0.02,
};

/** A word the replies use now and then, never in an error message or a custom_id: the bench searches it. */
export const SEARCH_WORD = "warranty";
/** Characters of a reply that any preview of it must hold, for a lower bound on the word's matches. */
const SURE_PREVIEW_CHARS = 100;

export interface ResultsFileSpec {
  count: number;
  seed: number;
}

export interface ResultsFile {
  bytes: number;
  counts: ResultCounts;
  /** Succeeded replies with non-ASCII text. */
  nonAscii: number;
  stopReasons: Record<string, number>;
  errorTypes: Record<string, number>;
  /** Replies holding SEARCH_WORD anywhere, and within their first SURE_PREVIEW_CHARS characters. */
  word: { anywhere: number; atStart: number };
}

/** How many custom_ids hold `query` (case-insensitive), of `count` ids made by `customIdOf`. */
export function customIdMatches(count: number, query: string): number {
  const needle = query.toLowerCase();
  let matches = 0;
  for (let i = 0; i < count; i++) if (customIdOf(i).toLowerCase().includes(needle)) matches += 1;
  return matches;
}

export async function writeResultsFile(file: string, spec: ResultsFileSpec): Promise<ResultsFile> {
  const last = await runScript("writing the results file", fileURLToPath(import.meta.url), [
    file,
    JSON.stringify(spec),
  ]);
  return JSON.parse(last || "{}") as ResultsFile;
}

/* ------------------------------------------------------------------------------------------------ */
/* The child's side                                                                                  */
/* ------------------------------------------------------------------------------------------------ */

const MODELS = [
  "claude-haiku-4-5-20251001",
  "claude-haiku-4-5-20251001",
  "claude-sonnet-4-5-20250929",
  "claude-opus-4-1-20250805",
  "claude-3-5-haiku-20241022",
];

const OPENINGS = [
  "Here is a summary of the ticket:",
  "Thanks for the details. Based on what you describe,",
  "Sure. The short answer is yes, with one condition.",
  "Positive. The customer praises the battery life and the quick delivery.",
  "Negative. The review complains about a cracked screen and a slow refund.",
  "| product | price | date |\n|---|---|---|",
  "I could not find that in the policy excerpt you provided.",
  "The warranty covers this case, as long as the device was bought within the last two years.",
  "Summary for the on-call engineer:",
  "Rewritten version:",
];

const SENTENCES = [
  "The customer reports that the order arrived two days late and the box was damaged in transit.",
  "They already tried resetting the device three times and followed the steps in the manual.",
  "The most useful next step is to ask for the order number and a photo of the damaged packaging.",
  "A replacement can be shipped as soon as the return label has been scanned by the carrier.",
  "The refund usually appears on the card statement within five to seven business days.",
  "Under the policy, items may be returned within 30 days of delivery if they are unused.",
  "The warranty does not cover accidental damage, but an extended plan can be added at checkout.",
  "The invoice lists the charger, the cable and the shipping fee as separate items.",
  "The bank shows a pending charge twice; only one of them will be captured, the other expires.",
  "Escalate to a manager only if the customer has contacted support more than twice this week.",
  "The subscription renews on the first of each month unless it is cancelled before that date.",
  "A discount code cannot be applied after the order has been placed, according to the terms.",
  "Please confirm the delivery address for the office in the north building before Friday.",
  "The sentiment is mixed: the product works well, but the support experience was disappointing.",
  "No date is given in the e-mail, so the field is marked as unknown in the table.",
  'The customer writes: "it stopped charging after the last update", which points to the firmware.',
];

/** Sentences that put UTF-8 multi-byte characters (and UTF-16 strings in V8) into some replies. */
const NON_ASCII = [
  "Le client indique que le colis est arrivé abîmé ; un échange est possible sous 30 jours.",
  "Die Rückerstattung wird innerhalb von fünf Werktagen gutgeschrieben, sagt der Kundendienst.",
  "El cliente solicita un reembolso porque el pedido llegó dañado y tarde.",
  "お客様は配送の遅れについて問い合わせています。返金は可能です。",
  "Клиент просит заменить зарядное устройство по гарантии.",
  "客户反映包装破损，但商品本身完好无损。",
  "Ο πελάτης ζητά επιστροφή χρημάτων για την παραγγελία.",
  "고객은 빠른 배송에 매우 만족한다고 말했습니다.",
  "Great product 👍 — arrived early 🚀, would order again ✨",
  "Price: 49,90 € (≈ £42), delivery ± 2 days, temperature range −10 °C to 45 °C.",
];

const STOP_SEQUENCES = ["</answer>", "\n\nUser:", "END"];

const TOOLS = [
  { name: "lookup_order", input: (n: number) => ({ order_id: `ORD-${100000 + n}` }) },
  {
    name: "create_ticket",
    input: (n: number) => ({ priority: n % 2 ? "high" : "normal", queue: "billing" }),
  },
  { name: "get_weather", input: () => ({ location: "Lisbon, PT", unit: "celsius" }) },
];

const ERRORS: ReadonlyArray<{ type: string; share: number; messages: readonly string[]; during: boolean }> = [
  {
    type: "invalid_request_error",
    share: 0.5,
    during: false,
    messages: [
      "max_tokens: 100000 > 64000, which is the maximum allowed number of output tokens for claude-haiku-4-5-20251001",
      'messages: roles must alternate between "user" and "assistant", but found multiple "user" roles in a row',
      "messages.0.content.1.image.source.base64: image exceeds 5 MB maximum: 7340032 bytes > 5242880 bytes",
      '"stream=True" is not supported in the Message Batches API',
      "max_tokens: must be greater than or equal to 1",
    ],
  },
  {
    type: "api_error",
    share: 0.2,
    during: true,
    messages: ["Internal server error", "An unexpected error occurred while processing the request."],
  },
  { type: "overloaded_error", share: 0.2, during: true, messages: ["Overloaded"] },
  {
    type: "not_found_error",
    share: 0.1,
    during: false,
    messages: ["model: claude-does-not-exist-9", "model: claude-2.0"],
  },
];

const BASE58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz";

function makeGenerator(seed: number) {
  const random = seededRandom(seed);
  const int = (below: number) => Math.floor(random() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)] as T;
  const id = (prefix: string) => {
    let out = `${prefix}01`;
    for (let i = 0; i < 22; i++) out += BASE58[int(58)];
    return out;
  };
  return { random, int, pick, id };
}
type Generator = ReturnType<typeof makeGenerator>;

/** Fisher–Yates, seeded. */
function shuffle<T>(items: T[], g: Generator): T[] {
  for (let i = items.length - 1; i > 0; i--) {
    const j = g.int(i + 1);
    [items[i], items[j]] = [items[j] as T, items[i] as T];
  }
  return items;
}

/**
 * 200–2,000 characters, most of them mid-length: whole sentences up to a target that leaves room for the
 * last one (a cut could split a surrogate pair). Joined once, so each reply is one flat string.
 */
function replyText(g: Generator, nonAscii: boolean, truncated: boolean): string {
  const length = 200 + 1610 * g.random() ** 0.8;
  const parts = [g.pick(OPENINGS)];
  let size = parts[0]?.length ?? 0;
  while (size < length) {
    const sentence = nonAscii && g.random() < 0.3 ? g.pick(NON_ASCII) : g.pick(SENTENCES);
    parts.push(g.random() < 0.12 ? `\n\n${sentence}` : sentence);
    size += sentence.length + 1;
  }
  const text = parts.join(" ");
  // A reply cut by max_tokens stops mid-sentence.
  return truncated ? text.slice(0, text.lastIndexOf(" ")) : text;
}

function succeededResult(g: Generator, stats: ResultsFile, n: number): unknown {
  const r = g.random();
  const stopReason =
    r < 0.85 ? "end_turn" : r < 0.92 ? "max_tokens" : r < 0.98 ? "tool_use" : "stop_sequence";
  stats.stopReasons[stopReason] = (stats.stopReasons[stopReason] ?? 0) + 1;
  const nonAscii = g.random() < 0.15;
  if (nonAscii) stats.nonAscii += 1;
  const text = replyText(g, nonAscii, stopReason === "max_tokens");
  const lowered = text.toLowerCase();
  if (lowered.includes(SEARCH_WORD)) stats.word.anywhere += 1;
  if (lowered.slice(0, SURE_PREVIEW_CHARS).includes(SEARCH_WORD)) stats.word.atStart += 1;
  const content: unknown[] = [{ type: "text", text }];
  if (stopReason === "tool_use") {
    const tool = g.pick(TOOLS);
    content.push({ type: "tool_use", id: g.id("toolu_"), name: tool.name, input: tool.input(n) });
  }
  const outputTokens = Math.ceil(Buffer.byteLength(text) / 3.6) + (stopReason === "tool_use" ? 40 : 0);
  const usage: Record<string, unknown> = { input_tokens: 150 + g.int(3000) };
  if (g.random() < 0.3) {
    const created = g.random() < 0.2 ? 1024 + g.int(4000) : 0;
    usage.cache_creation_input_tokens = created;
    usage.cache_read_input_tokens = created ? 0 : 1024 + g.int(4000);
    usage.cache_creation = { ephemeral_5m_input_tokens: created, ephemeral_1h_input_tokens: 0 };
  }
  usage.output_tokens = outputTokens;
  usage.service_tier = "batch";
  return {
    type: "succeeded",
    message: {
      id: g.id("msg_"),
      type: "message",
      role: "assistant",
      model: g.pick(MODELS),
      content,
      stop_reason: stopReason,
      stop_sequence: stopReason === "stop_sequence" ? g.pick(STOP_SEQUENCES) : null,
      usage,
    },
  };
}

function erroredResult(g: Generator, stats: ResultsFile): unknown {
  const r = g.random();
  let below = 0;
  const kind =
    ERRORS.find((error) => {
      below += error.share;
      return r < below;
    }) ?? (ERRORS[0] as (typeof ERRORS)[number]);
  stats.errorTypes[kind.type] = (stats.errorTypes[kind.type] ?? 0) + 1;
  const inner: Record<string, unknown> = { type: kind.type, message: g.pick(kind.messages) };
  if (!kind.during && g.random() < 0.5) inner.details = { error_visibility: "user_facing" };
  return {
    type: "errored",
    error: { type: "error", error: inner, request_id: kind.during ? g.id("workerreq_") : null },
  };
}

/** The child's side: prints the file's ResultsFile as JSON when it is complete. */
async function writeHere(file: string, spec: ResultsFileSpec): Promise<void> {
  const g = makeGenerator(spec.seed);
  const counts: ResultCounts = { succeeded: 0, errored: 0, canceled: 0, expired: 0 };
  for (const [type, share] of Object.entries(SHARES))
    counts[type as ResultType] = Math.round(spec.count * share);
  counts.succeeded = spec.count - counts.errored - counts.canceled - counts.expired;
  const types = shuffle(
    RESULT_TYPES.flatMap((type) => Array<ResultType>(counts[type]).fill(type)),
    g,
  );
  const order = shuffle(
    Array.from({ length: spec.count }, (_, i) => i),
    g,
  );
  const stats: ResultsFile = {
    bytes: 0,
    counts,
    nonAscii: 0,
    stopReasons: {},
    errorTypes: {},
    word: { anywhere: 0, atStart: 0 },
  };
  const out = createWriteStream(file, { highWaterMark: 1 << 20 });
  let lines: string[] = [];
  const write = async () => {
    const text = `${lines.join("\n")}\n`;
    lines = [];
    stats.bytes += Buffer.byteLength(text);
    if (!out.write(text)) await new Promise<void>((resolve) => out.once("drain", () => resolve()));
  };
  for (let i = 0; i < spec.count; i++) {
    const type = types[i] as ResultType;
    const n = order[i] as number;
    const result =
      type === "succeeded"
        ? succeededResult(g, stats, n)
        : type === "errored"
          ? erroredResult(g, stats)
          : { type };
    lines.push(JSON.stringify({ custom_id: customIdOf(n), result }));
    if (lines.length === 1000) await write();
  }
  if (lines.length > 0) await write();
  await new Promise<void>((resolve, reject) =>
    out.end((error?: Error | null) => (error ? reject(error) : resolve())),
  );
  console.log(JSON.stringify(stats));
}

if (isScript(import.meta.url)) {
  runAsScript(() => writeHere(process.argv[2] ?? "", JSON.parse(process.argv[3] ?? "{}") as ResultsFileSpec));
}
