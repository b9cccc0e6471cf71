import { fc } from "@fast-check/vitest";
import type { BatchRequest } from "../../../lib/batch-file/request-schema";

/** Text of any Unicode, lone surrogates included (JSON.stringify escapes them; they must round-trip). */
const text = fc.string({ unit: "binary", maxLength: 40 });
const anyText = fc.oneof(text, fc.string({ maxLength: 40 }), fc.constant('quote " backslash \\ ] } , \n \t'));

const contentBlock = fc.oneof(
  fc.record({ type: fc.constant("text"), text: anyText }),
  fc.record({
    type: fc.constant("image"),
    source: fc.record({ type: fc.constant("url"), url: fc.webUrl() }),
  }),
);

const message = fc.record({
  role: fc.constantFrom("user", "assistant"),
  content: fc.oneof(anyText, fc.array(contentBlock, { maxLength: 3 })),
});

const jsonish = fc.jsonValue({ maxDepth: 3 });

/** The keys the validator's quick check handles itself, with valid values. */
const commonFields = {
  model: fc.oneof(fc.constantFrom("claude-haiku-4-5", "claude-sonnet-4-5"), text),
  max_tokens: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  messages: fc.array(message, { minLength: 1, maxLength: 3 }),
  system: fc.oneof(
    anyText,
    fc.array(fc.record({ type: fc.constant("text"), text: anyText }), { maxLength: 2 }),
  ),
  metadata: fc.dictionary(fc.string({ maxLength: 8 }), jsonish, { maxKeys: 3 }),
  stop_sequences: fc.array(anyText, { maxLength: 3 }),
  temperature: fc.double({ min: 0, max: 1, noNaN: true }),
  stream: fc.constant(false),
};
const requiredKeys = ["model", "max_tokens", "messages"] as const;

/** Params of the common shape only: the keys the validator's quick check handles itself. */
export const commonParams = fc.record(
  { ...commonFields, top_k: fc.integer({ min: 1, max: 500 }) },
  { requiredKeys: [...requiredKeys] },
);

export const validParams = fc.record(
  {
    ...commonFields,
    tools: fc.array(fc.record({ name: fc.string({ maxLength: 8 }), input_schema: jsonish }), {
      maxLength: 2,
    }),
    tool_choice: fc.record({ type: fc.constantFrom("auto", "any", "none") }),
    speed: fc.constantFrom("standard", null),
    container: fc.oneof(fc.string({ maxLength: 8 }), fc.constant(null)),
  },
  { requiredKeys: [...requiredKeys] },
);

export const customId = fc.stringMatching(/^[a-zA-Z0-9_-]{1,64}$/);

/** Valid requests with distinct custom_ids. */
export const requestList = (maxLength: number) =>
  fc
    .uniqueArray(fc.record({ custom_id: customId, params: validParams }), {
      minLength: 1,
      maxLength,
      selector: (request) => request.custom_id,
    })
    .map((requests) => requests as unknown as BatchRequest[]);
