import { z } from "zod";
import { CUSTOM_ID_PATTERN } from "./limits";

/**
 * One line of a batch file, `{custom_id, params}`, as the SDK's `BatchCreateParams.Request` and
 * `MessageCreateParamsNonStreaming` types define it, plus what the Batches API refuses inside a batch
 * (docs/batches-api.md §4.1, §10). It checks the structure the API would otherwise only report as errored
 * results after the batch has run (the same checks as `lib/emulator/params-check.ts`), and no deeper: blocks,
 * tools and configs are objects with a string `type` where the SDK says so, and otherwise pass through.
 *
 * Messages of custom checks hold a `{path}` placeholder for the field's dotted path (see schema-problems.ts).
 */

const isPositiveInteger = (value: unknown): value is number =>
  typeof value === "number" && Number.isSafeInteger(value) && value >= 1;

/** `max_tokens`: `1e400` parses to Infinity and `1.5`, `0`, `"5"` are all refused with the same words. */
const PositiveIntegerSchema = z.custom<number>(isPositiveInteger, {
  message: "{path} must be a positive integer",
  params: { type: "number" },
});

const AnyObjectSchema = z.looseObject({});
const TypedObjectSchema = z.looseObject({ type: z.string() });

/** A content block of a message: any object with a string `type`; the API checks the rest. */
export const ContentBlockSchema = TypedObjectSchema;

export const MessageParamSchema = z.strictObject({
  role: z.enum(["user", "assistant"]),
  content: z.union([z.string(), z.array(ContentBlockSchema)]),
});

export const TextBlockSchema = z.looseObject({ type: z.literal("text"), text: z.string() });

export const ThinkingConfigSchema = TypedObjectSchema.refine(
  (thinking) =>
    thinking.type !== "enabled" ||
    (isPositiveInteger(thinking.budget_tokens) && thinking.budget_tokens >= 1024),
  { message: "{path} must be an integer of at least 1024", path: ["budget_tokens"] },
);

/** The body keys the API knows (for `anthropic-version: 2023-06-01`, which the proxy pins). */
export const MessageParamsSchema = z
  .strictObject({
    model: z.string(),
    max_tokens: PositiveIntegerSchema,
    messages: z.array(MessageParamSchema).min(1),
    system: z.union([z.string(), z.array(TextBlockSchema)]).optional(),
    metadata: AnyObjectSchema.optional(),
    stop_sequences: z.array(z.string()).optional(),
    stream: z
      .boolean()
      .refine((stream) => !stream, {
        message: "{path}: true is not supported in batches",
        params: { code: "stream_not_supported" },
      })
      .optional(),
    temperature: z.number().optional(),
    top_p: z.number().optional(),
    top_k: z.number().optional(),
    tools: z.array(AnyObjectSchema).optional(),
    tool_choice: TypedObjectSchema.optional(),
    thinking: ThinkingConfigSchema.optional(),
    service_tier: z.enum(["auto", "standard_only"]).optional(),
    container: z.union([z.string(), AnyObjectSchema]).nullable().optional(),
    mcp_servers: z.array(AnyObjectSchema).optional(),
    context_management: AnyObjectSchema.nullable().optional(),
    output_config: AnyObjectSchema.optional(),
    output_format: AnyObjectSchema.nullable().optional(),
    inference_geo: z.string().nullable().optional(),
    cache_control: AnyObjectSchema.nullable().optional(),
    speed: z
      .enum(["standard", "fast"])
      .refine((speed) => speed !== "fast", { message: '{path}: "fast" is not available in batches' })
      .nullable()
      .optional(),
    billing_policy: AnyObjectSchema.refine((policy) => policy.bill_to !== "user_profile", {
      message: '{path}: "user_profile" is not available in batches',
      path: ["bill_to"],
    })
      .nullable()
      .optional(),
    diagnostics: AnyObjectSchema.nullable().optional(),
  })
  .refine(
    (params) =>
      params.thinking?.type !== "enabled" || (params.thinking.budget_tokens as number) < params.max_tokens,
    { message: "{path} must be less than params.max_tokens", path: ["thinking", "budget_tokens"] },
  );

export const BatchRequestSchema = z.strictObject({
  custom_id: z.string().regex(CUSTOM_ID_PATTERN),
  params: MessageParamsSchema,
});

export type MessageParams = z.infer<typeof MessageParamsSchema>;
export type BatchRequest = z.infer<typeof BatchRequestSchema>;
